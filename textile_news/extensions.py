"""Crawl reporting: a live progress line while crawling, and the end-of-crawl summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from textile_news.items import Article, Reject

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def summarize(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The figures a user wants after a crawl, from the crawler's stats."""
    rejected = {
        stage: stats.get(f"textile_news/rejected/{stage}", 0)
        for stage in ("fetch", "extract", "validate")
    }
    return {
        "pages": stats.get("response_received_count", 0),
        "new": stats.get("textile_news/articles/new", 0),
        "updated": stats.get("textile_news/articles/updated", 0),
        "unchanged": stats.get("textile_news/articles/unchanged", 0),
        "duplicates": stats.get("textile_news/duplicates", 0),
        "rejected": rejected["extract"] + rejected["validate"],
        "errors": rejected["fetch"] + stats.get("spider_exceptions/count", 0),
        "finish_reason": stats.get("finish_reason"),
        "elapsed_seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
    }


def crawl_failed(stats: Mapping[str, Any]) -> str | None:
    """Why the crawl as a whole failed, or None; failed pages alone don't fail a crawl."""
    if stats.get("finish_reason") != "finished":
        return f"finished with reason {stats.get('finish_reason')!r}"
    if stats.get("spider_exceptions/count", 0):
        return f"{stats['spider_exceptions/count']} exception(s) in the spider"
    if not stats.get("response_received_count", 0):
        return "no page could be fetched"
    return None


class Progress:
    """Writes ``pages N  stored N  rejected N`` on one stderr line, twice a second at most."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pages = self.stored = self.rejected = 0
        self.last = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("TEXTILE_NEWS_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self) -> None:
        self.pages += 1
        self.show()

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.stored += 1
        elif isinstance(item, Reject) and item.stage != "fetch":
            self.rejected += 1

    def show(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= 0.5:
            self.last = now
            name = self.crawler.spider.name if self.crawler.spider else ""
            sys.stderr.write(
                f"\r{name}: pages {self.pages}  stored {self.stored}  rejected {self.rejected}"
            )
            sys.stderr.flush()

    def spider_closed(self) -> None:
        self.show(force=True)
        sys.stderr.write("\n")
