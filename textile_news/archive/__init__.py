"""The archive: the only SQL of the project, a module per job: ``db`` (connecting, WAL,
transactions), ``migrations`` (the schema), ``write`` (a batch of articles and rejects) and
``witness`` (did it commit), ``read`` (an article, its versions and copies), ``counts``,
``export`` (lines built by SQLite), ``runs`` (crawl runs), ``captures`` (stored originals),
``terms`` (the taxonomy, retag), ``watches`` (saved searches), ``filters`` (analysts'
conditions), ``published`` (the order by date) and ``fts`` (the full-text index: upkeep and
the query language);
``errors``, ``files``, ``parallel_reads``.

May import: ``text``, ``sites``, ``items``. Never Scrapy (import-linter's contracts in
pyproject.toml say so, and the README's test command checks them).
"""
