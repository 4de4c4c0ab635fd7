"""One line in the crawl's log for each request that failed on the network: a refused
connection or a timeout is a fact about the server, not a fault of ours, and its traceback
says no more than its message (issue 13, item 11). Scrapy's RobotsTxtMiddleware logs one
for each robots.txt it cannot fetch: 71 lines for a closed port, before the one line that
said what happened. A robots.txt that failed is one line, the robots middleware's: the retry
middleware's "Gave up retrying" for it is dropped (issue 17, item 3). Tracebacks of every
other error stay; ``TEXTILE_NEWS_LOG_TRACEBACKS`` (``crawl -v``) keeps them all.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured

from textile_news.spiders.faults import NETWORK_FAULTS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_ROBOTS = "scrapy.downloadermiddlewares.robotstxt"
_RETRY = "scrapy.downloadermiddlewares.retry"
# where Scrapy logs a failed download with its traceback, or a second line for it
LOGGERS = (_ROBOTS, _RETRY, "scrapy.core.scraper", "scrapy.core.engine")


class OneLineFaults(logging.Filter):
    """Drops the traceback of a record about a network fault; the message stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == _RETRY and _robots_request(record):
            return False  # the robots middleware says it next, and what it does about it
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_FAULTS):
            record.exc_info = record.exc_text = None
            if (
                record.name == _ROBOTS
                and isinstance(record.args, dict)
                and "request" in record.args
            ):
                # Scrapy names the page that waited for robots.txt as if it had failed
                record.msg = (
                    "Cannot fetch robots.txt for %(request)s (%(f_exception)s): "
                    "crawling as if it allowed everything"
                )
        return True


def _robots_request(record: logging.LogRecord) -> bool:
    """Whether ``record`` is about a robots.txt that failed on the network (one that
    answered, a 503 say, is logged by none but the retry middleware)."""
    if not isinstance(record.args, dict):
        return False
    url = str(getattr(record.args.get("request"), "url", ""))
    return url.endswith("/robots.txt") and isinstance(record.args.get("reason"), NETWORK_FAULTS)


class OneLineFaultsExtension:
    """Installs :class:`OneLineFaults` on Scrapy's loggers for the crawl, unless
    ``TEXTILE_NEWS_LOG_TRACEBACKS``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        for name in LOGGERS:
            logger = logging.getLogger(name)
            if not any(isinstance(f, OneLineFaults) for f in logger.filters):
                logger.addFilter(OneLineFaults())

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any) -> Self:
        if crawler.settings.getbool("TEXTILE_NEWS_LOG_TRACEBACKS"):
            raise NotConfigured
        return cls(crawler)
