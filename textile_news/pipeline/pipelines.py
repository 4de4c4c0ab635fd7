"""Item pipelines: normalise, validate, deduplicate, store. One small class per job.

A crawl on one machine runs :class:`StorePipeline`, and its archive writer runs the item's
steps (``processing.ItemProcessor``: normalise, validate, dedupe) in its own process, on the
other core. Where something in the crawl's process must see the items as the archive stores
them, :class:`ProcessPipeline` runs the same processor in the crawl's process instead
(:func:`process_in_crawl`): a crawl that exports a feed (``scrapy crawl -O items.jsonl``,
whose exporter takes each item as the last pipeline returns it), and distributed workers,
whose Redis stream carries finished items (distributed/worker.py). The step pipelines
(:class:`NormalizePipeline`, :class:`ValidatePipeline`, :class:`DedupePipeline`) are the
processor's steps one by one.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem, NotConfigured

from textile_news.archive.db import utc_now
from textile_news.items import Article, Reject
from textile_news.pipeline.processing import ItemProcessor, rows
from textile_news.pipeline.writer import ArchiveWriter, close_writer, site_zone, writer_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings


def process_in_crawl(settings: BaseSettings) -> bool:
    """Whether the crawl's items are processed in its own process (:class:`ProcessPipeline`)
    rather than in the archive writer's: when ``TEXTILE_NEWS_PROCESS_IN_CRAWL`` says so, or
    when the crawl exports a feed (``FEEDS``, set by ``-o``/``-O``), which must hold the
    items as the archive stores them (issue 14)."""
    return settings.getbool("TEXTILE_NEWS_PROCESS_IN_CRAWL") or bool(settings.getdict("FEEDS"))


class _Step:
    """A pipeline that runs one step of the crawl's :class:`ItemProcessor` and adds what it
    counts to the crawl's stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._processor: ItemProcessor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def processor(self) -> ItemProcessor:
        if self._processor is None:  # the spider's zone and aliases: known once it is open
            self._processor = processor_for(self.crawler)
        return self._processor

    def counted(self, item: Any) -> Any:
        stats = self.crawler.stats
        assert stats is not None
        for key, count in self.processor.take_counts().items():
            stats.inc_value(f"textile_news/{key}", count)
        return item


def processor_for(crawler: Crawler) -> ItemProcessor:
    """An item processor for the crawl's spider: its site's zone, the spider's host aliases
    (its start URL's host among them) and the monitored fields of the settings."""
    spider = crawler.spider
    assert spider is not None
    return ItemProcessor(
        site_zone(crawler),
        getattr(spider, "host_aliases", None),
        crawler.settings.getlist("TEXTILE_NEWS_MONITORED_FIELDS"),
    )


class ProcessPipeline(_Step):
    """Normalise, validate and dedupe in the crawl's process (the archive writer's steps):
    an article leaves it as the archive stores it, a page that cannot be stored as its
    :class:`Reject`, a duplicate not at all.

    Only where :func:`process_in_crawl` (else the writer does it, off the crawl's core).
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not process_in_crawl(crawler.settings):
            raise NotConfigured
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article | Reject):
            return item
        if isinstance(item, Article) and item.fetched_at is None:
            item.fetched_at = utc_now()  # relative dates count back from here
        processed = self.processor.process_item(item)
        self.counted(processed)
        if processed is None:
            raise DropItem(f"duplicate of {item.url} in this crawl", log_level="DEBUG")
        return processed


class NormalizePipeline(_Step):
    """Unicode NFC and whitespace, ISO 8601 dates with the site's offset, canonical URLs."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            item = replace(item, fetched_at=utc_now())
        return self.counted(self.processor.normalize(item))


class ValidatePipeline(_Step):
    """An article without url, title, body or a parseable date becomes a Reject."""

    def process_item(self, item: Any) -> Any:
        return self.counted(self.processor.validate(item))


class DedupePipeline(_Step):
    """One canonical URL is stored once per crawl, whichever host or link led to it.

    Across crawls, the store keeps one row per URL and leaves unchanged articles unwritten.
    """

    def process_item(self, item: Any) -> Any:
        if self.processor.is_duplicate(item):
            self.counted(item)
            raise DropItem(f"duplicate of {item.url} in this crawl", log_level="DEBUG")
        return item


class StorePipeline:
    """The crawl's items to its archive writer (textile_news/pipeline/writer.py), in batches: the
    writer normalises, validates and dedupes them (:class:`ItemProcessor`) and stores them
    (``write.write_batch``), in a process of its own, off the crawl's core.

    Items leave this pipeline as they came, with their fetch time. Where
    :func:`process_in_crawl`, they come processed (:class:`ProcessPipeline`) and the writer
    only stores them. The steps' counts reach the crawl's stats with the writer's reports,
    all of them by the time the spider closes.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch_size = settings.getint("TEXTILE_NEWS_BATCH_SIZE", 200)
        self.flush_seconds = settings.getfloat("TEXTILE_NEWS_FLUSH_SECONDS", 2.0)
        self.writer: ArchiveWriter | None = None
        self.items: list[Article | Reject] = []
        self.last_flush = time.monotonic()
        self.processed = process_in_crawl(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.writer = writer_for(self.crawler)

    def close_spider(self) -> None:
        """Send the rest and wait until the archive holds everything: the run's record and
        summary, written next, count it."""
        self.flush()
        self.writer = None
        close_writer(self.crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            if item.fetched_at is None:  # relative dates count back from here
                item.fetched_at = utc_now()
        elif not isinstance(item, Reject):
            return item
        self.items.append(item)
        if (
            len(self.items) >= self.batch_size
            or time.monotonic() - self.last_flush >= self.flush_seconds
        ):
            self.flush()
        return item

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if self.writer is None or not self.items:
            return
        run_id = self.stats.get_value("textile_news/run_id") if self.stats else None
        if self.processed:
            self.writer.write(*rows(self.items, run_id))
        else:
            self.writer.process(self.items, run_id)
        self.items = []
