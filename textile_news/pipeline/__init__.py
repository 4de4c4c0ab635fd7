"""Item -> row: the one ItemProcessor (normalise, validate, dedupe), the Scrapy
pipelines that feed it, the archive writer process and its WARC files."""
