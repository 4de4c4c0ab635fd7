"""The archive: the only SQL of the project. Connecting (WAL, transactions), the schema's
migrations, writes, reads, crawl runs, captures, analysts' filters and the full-text index
(``fts``: index upkeep and the query language).

May import: ``text``, ``sites``, ``items``. Never Scrapy (import-linter's contracts in
pyproject.toml say so, and the README's test command checks them).
"""
