"""Scrapy settings of the textile_news project."""

from __future__ import annotations

import os

BOT_NAME = "textile_news"
SPIDER_MODULES = ["textile_news.spiders"]
NEWSPIDER_MODULE = "textile_news.spiders"

# --- our own settings (prefixed like Scrapy's CLOSESPIDER_*) ---
TEXTILE_NEWS_DB = os.environ.get("TEXTILE_NEWS_DB") or "data/archive.sqlite"
# Rows are written in batches: one commit per item halves the crawl speed.
TEXTILE_NEWS_BATCH_SIZE = 200
TEXTILE_NEWS_FLUSH_SECONDS = 2.0
# Print a progress line on stderr while crawling (the CLI turns it on for terminals).
TEXTILE_NEWS_PROGRESS = False

ITEM_PIPELINES = {
    "textile_news.pipelines.NormalizePipeline": 100,
    "textile_news.pipelines.ValidatePipeline": 200,
    "textile_news.pipelines.DedupePipeline": 300,
    "textile_news.pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    "textile_news.extensions.Progress": 500,
}

USER_AGENT = "textile_news/0.1 (+https://github.com/textile-news/textile_news)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# An article page yields one item and a few requests; Scrapy starts up to this many tasks
# for each response's output, and 100 (the default) costs more than it serves.
CONCURRENT_ITEMS = 16
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# HTTP errors reach the spider's errback, which records them as rejects with their status.
HTTPERROR_ALLOWED_CODES: list[int] = []

# No remote control server or telnet console: nothing here needs them, and each opens a port.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
