"""Pure helpers on text: dates and URLs (normalize), encodings (content), language,
fingerprints, the taxonomy. Import nothing of the project but items; never Scrapy."""
