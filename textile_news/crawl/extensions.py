"""Crawl reporting: a progress line, the end-of-crawl summary, and the crawl_runs record."""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from collections.abc import Mapping
from contextlib import closing
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured

from textile_news import sites
from textile_news.archive import history
from textile_news.archive.db import db_path, now, open_db, utc_now
from textile_news.archive.runs import finish_run, start_run
from textile_news.crawl.expectations import Expectation, expectation
from textile_news.crawl.monitoring import Thresholds, findings
from textile_news.pipeline import write_faults

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


logger = logging.getLogger(__name__)

# The finish reason recorded for a crawl that ran to its end while some of what it fetched
# did not reach the archive (a batch or an original not written): the next crawl of the
# site walks every listing page (runs.last_run_incomplete).
ARCHIVE_INCOMPLETE = "archive_incomplete"


def crawl_failed(stats: Mapping[str, Any]) -> str | None:
    """Why the crawl as a whole failed, or None; failed pages alone don't fail a crawl.

    A writer process that died is no failure: the crawl wrote what it had not confirmed
    (textile_news/pipeline/writer.py), and a batch that still failed is counted in store_errors."""
    if fault := write_faults.fault_of(dict(stats)):
        return fault
    if stats.get("finish_reason") != "finished":
        return f"finished with reason {stats.get('finish_reason')!r}"
    if stats.get("spider_exceptions/count", 0):
        return f"{stats['spider_exceptions/count']} exception(s) in the spider"
    if stats.get("textile_news/store_errors", 0):
        return f"{stats['textile_news/store_errors']} item(s) could not be written to the archive"
    if not stats.get("response_received_count", 0):
        return "no page could be fetched"
    return None


def archive_incomplete(stats: Mapping[str, Any]) -> bool:
    """Whether some of what the crawl fetched is not in the archive: a batch or a stored
    original that could not be written."""
    return bool(
        stats.get("textile_news/store_errors", 0) or stats.get("textile_news/captures/errors", 0)
    )


class Progress:
    """Writes ``pages N  stored N  rejected N`` on one stderr line, twice a second at most.

    ``stored`` counts the articles the archive holds from this crawl (new, updated or
    unchanged), ``rejected`` the pages that could not become one (not an article, not
    valid): both after the item processor, as the archive writer reports them, not the
    items the spider yielded, some of which a validation or dedupe step drops (issue 14).
    """

    STORED = ("articles/new", "articles/updated", "articles/unchanged")
    REJECTED = ("rejected/extract", "rejected/validate")

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pages = 0
        self.last = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("TEXTILE_NEWS_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self) -> None:
        self.pages += 1
        self.show()

    def counted(self, keys: tuple[str, ...]) -> int:
        stats = self.crawler.stats
        assert stats is not None
        return sum(stats.get_value(f"textile_news/{key}", 0) for key in keys)

    def show(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= 0.5:
            self.last = now
            name = self.crawler.spider.name if self.crawler.spider else ""
            stored, rejected = self.counted(self.STORED), self.counted(self.REJECTED)
            sys.stderr.write(f"\r{name}: pages {self.pages}  stored {stored}  rejected {rejected}")
            sys.stderr.flush()

    def spider_closed(self) -> None:
        # after the store pipeline has closed: the writer has reported everything
        self.show(force=True)
        sys.stderr.write("\n")


def errors_by_type(stats: Mapping[str, Any]) -> dict[str, int]:
    """``{"http_404": 2, "TimeoutError": 1}`` from the ``textile_news/errors/*`` stats."""
    prefix = "textile_news/errors/"
    return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}


# EX_IOERR of sysexits.h: a file of the crawl (the archive, a WARC file, the job state)
# could not be written, a full disk most often
EXIT_WRITE_ERROR = 74


def exit_code(
    failure: str | None, findings: list[dict[str, str]], strict: bool, *, write_error: bool = False
) -> int:
    """0 fine; 1 the crawl failed; 3 monitoring findings under ``--strict``; 74 a file of
    the crawl could not be written."""
    if write_error:
        return EXIT_WRITE_ERROR
    if failure:
        return 1
    return 3 if strict and findings else 0


class RunRecorder:
    """Writes a ``crawl_runs`` row per spider run: opened at start, filled in at the end
    with the run's figures and the monitoring findings (textile_news.crawl.monitoring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_file = settings.get("TEXTILE_NEWS_DB")
        self.full = settings.getbool("TEXTILE_NEWS_FULL")
        self.strict = settings.getbool("TEXTILE_NEWS_STRICT")
        self.fields = settings.getlist("TEXTILE_NEWS_MONITORED_FIELDS")
        self.thresholds = Thresholds(
            silence_factor=settings.getfloat("TEXTILE_NEWS_SILENCE_FACTOR", 3.0),
            min_publication_days=settings.getint("TEXTILE_NEWS_SILENCE_MIN_DAYS", 5),
            max_empty_field_pct=settings.getfloat("TEXTILE_NEWS_MAX_EMPTY_FIELD_PCT", 20.0),
            max_error_pct=settings.getfloat("TEXTILE_NEWS_MAX_ERROR_PCT", 10.0),
            min_pages=settings.getint("TEXTILE_NEWS_MONITOR_MIN_PAGES", 5),
            max_listing_links=settings.getint("TEXTILE_NEWS_MAX_LISTING_LINKS", 5000),
        )
        self.run_id: int | None = None
        self.result: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        if not crawler.settings.getbool("TEXTILE_NEWS_RECORD_RUNS", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        try:
            with closing(open_db(self.db_file)) as db:
                self.run_id = start_run(db, spider.name, full=self.full, started_at=utc_now())
        except (sqlite3.Error, OSError) as exc:
            if not self._faulted(exc):
                raise
            return
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("textile_news/run_id", self.run_id)

    def _faulted(self, exc: Exception) -> bool:
        """Whether ``exc`` is a write fault of the archive (the crawl stops on it)."""
        fault = write_faults.classify(exc, db_path(self.db_file))
        if fault is not None:
            write_faults.stop_crawl(self.crawler, fault)
        return fault is not None

    def _site(self, spider: Spider) -> sites.Site | None:
        return sites.catalogue(self.crawler.settings.get("TEXTILE_NEWS_SITES")).get(spider.name)

    def _expected(self, db: Any, spider: Spider) -> tuple[Expectation | None, datetime | None]:
        """How often the site publishes, and when the archive took its newest article."""
        site = self._site(spider)
        days = history.publication_days(db, spider.name)
        expected = expectation(
            site.publishes_every if site else None, days, self.thresholds.min_publication_days
        )
        last = history.last_new_at(db, spider.name)
        return expected, datetime.fromisoformat(last) if last else None

    def _empty_selectors(self, spider: Spider, stats: dict[str, Any]) -> list[tuple[str, str, int]]:
        """``(field, CSS, pages)`` of the site's selectors, from its catalogue entry."""
        site = self._site(spider)
        return [
            (field, css, stats.get(f"textile_news/selectors/empty/{field}", 0))
            for field, css in (site.selectors if site else ())
        ]

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        summary = summarize(stats)
        fault = write_faults.fault_of(stats)
        recorded = reason
        if fault:
            recorded = stats.get(write_faults.REASON_STAT) or write_faults.WRITE_ERROR
        elif reason == "finished" and archive_incomplete(stats):
            recorded = ARCHIVE_INCOMPLETE
        by_type = errors_by_type(stats)
        summary["fetches"] = summary["pages"] + sum(
            n for k, n in by_type.items() if not k.startswith("http_")
        )
        summary["listings_capped"] = stats.get("textile_news/listing_links_capped", 0)
        with closing(open_db(self.db_file)) as db:
            expected, last_new = self._expected(db, spider)
            found = findings(
                spider.name,
                summary,
                {f: stats.get(f"textile_news/fields/empty/{f}", 0) for f in self.fields},
                stats.get("textile_news/fields/pages", 0),
                self.thresholds,
                self._empty_selectors(spider, stats),
                stats.get("textile_news/selectors/pages", 0),
                expected=expected,
                last_new=last_new,
                now=now(),
            )
            failure = crawl_failed(stats)
            self.result = {
                "finished_at": utc_now(),
                "requests": stats.get("downloader/request_count", 0),
                "pages": summary["pages"],
                "new": summary["new"],
                "updated": summary["updated"],
                "unchanged": summary["unchanged"],
                "rejected": summary["rejected"],
                "errors": summary["errors"],
                "errors_by_type": by_type,
                "skipped_known": stats.get("textile_news/skipped_known", 0),
                "finish_reason": recorded,
                "exit_code": exit_code(failure, found, self.strict, write_error=bool(fault)),
                "findings": found,
                "stats": stats,
            }
            try:
                finish_run(db, self.run_id, self.result)
            except (sqlite3.Error, OSError) as exc:
                # the run stays unfinished in the archive: the next crawl walks every page
                if not self._faulted(exc):
                    raise
        self.crawler.stats.set_value("textile_news/findings", found)
