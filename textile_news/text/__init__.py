"""Pure helpers on text: cleaning, dates, URLs, encodings (``content``), language,
fingerprints, the taxonomy.

May import: ``items`` only. No Scrapy, no Twisted, no SQL (import-linter's contracts in
pyproject.toml).
"""
