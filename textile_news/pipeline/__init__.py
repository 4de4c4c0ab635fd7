"""Item -> row: the one :class:`~textile_news.pipeline.processing.ItemProcessor` (normalise,
validate, dedupe) that every path of an item uses, the Scrapy pipelines that feed it, the
archive writer process and its WARC files.

May import: ``archive``, ``pages``, ``sites``, ``text``, ``items``; not ``spiders`` (a
sibling) nor anything above (``crawl``, ``tools``, ``analysis``, ``cli``).
"""
