"""The crawl's job state (JOBDIR: Scrapy's disk queue of requests, the fingerprints of those
seen, the spider's state), whose write errors stop the crawl.

Issue 13, item 4: when the disk filled up, Scrapy's disk queue raised ``OSError: [Errno
28]`` each time the engine asked it for the next request; the engine, which believed
requests were still pending, sat idle for ever. Here the first such error stops the crawl
(textile_news/pipeline/write_faults.py), and a crawl stopped by a write error keeps no job state:
what it could write of it is incomplete (a queue cut short, an empty ``spider.state``),
and removing it frees room for the run's record. The next crawl walks every listing page
(its last run did not finish), so nothing depends on resuming it.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy import Request, Spider
from scrapy.core.scheduler import Scheduler
from scrapy.extensions.spiderstate import SpiderState

from textile_news.pipeline import write_faults

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred


def _faulted(crawler: Crawler | None) -> bool:
    stats = crawler.stats.get_stats() if crawler is not None and crawler.stats else {}
    return write_faults.fault_of(stats) is not None


class JobStateScheduler(Scheduler):
    """Scrapy's scheduler, stopping the crawl on the first write error of its job state."""

    def open(self, spider: Spider) -> Deferred[None] | None:
        try:
            return super().open(spider)
        except OSError as exc:
            self.dqs = None  # requests are kept in memory until the crawl has stopped
            self._fault(exc)
            return None

    def enqueue_request(self, request: Request) -> bool:
        if _faulted(self.crawler):  # stopping: nothing more to schedule, or to keep
            return False
        try:
            return super().enqueue_request(request)
        except OSError as exc:
            self._fault(exc)
            return False

    def next_request(self) -> Request | None:
        if _faulted(self.crawler):
            return None
        try:
            return super().next_request()
        except OSError as exc:
            self._fault(exc)
            return None

    def close(self, reason: str) -> Deferred[None] | None:
        if not _faulted(self.crawler):
            try:
                return super().close(reason)
            except OSError as exc:
                self._fault(exc)  # too late to stop the crawl, not to say why
        self._discard()
        return None

    def _fault(self, exc: OSError) -> None:
        fault = write_faults.classify(exc, self.jobdir or ".")
        if fault is None:
            raise exc
        assert self.crawler is not None
        write_faults.stop_crawl(self.crawler, fault)

    @property
    def jobdir(self) -> Path | None:
        return Path(self.dqdir).parent if self.dqdir else None

    def _discard(self) -> None:
        """Close the job state's files without saving, and remove it."""
        for close in (getattr(self.dqs, "close", None), lambda: self.df.close("write_error")):
            if close is not None:
                with contextlib.suppress(OSError):  # buffered writes that cannot be written
                    close()
        if self.jobdir is not None:
            shutil.rmtree(self.jobdir, ignore_errors=True)


class JobSpiderState(SpiderState):
    """Scrapy's SpiderState, which neither writes into a job state that a write error
    discarded nor fails with a traceback when it cannot write."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = super().from_crawler(crawler)
        ext.crawler = crawler
        return ext

    def spider_closed(self, spider: Spider) -> None:
        if _faulted(self.crawler):
            return
        try:
            super().spider_closed(spider)
        except OSError as exc:
            fault = write_faults.classify(exc, self.statefn)
            if fault is None or self.crawler is None:
                raise
            write_faults.stop_crawl(self.crawler, fault)
