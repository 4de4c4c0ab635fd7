"""Running Scrapy: the runner, extensions, monitoring, locks, downloader middlewares,
the project's Scrapy commands."""
