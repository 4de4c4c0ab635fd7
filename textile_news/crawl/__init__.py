"""Running Scrapy: the runner the CLI uses, extensions (progress, the crawl_runs record),
end-of-run monitoring, locks, job state, downloader middlewares, captures, the project's
Scrapy commands.

May import: ``spiders``, ``pipeline`` and everything below them; not ``tools``,
``analysis``, ``distributed``, ``demo`` or ``cli``.
"""
