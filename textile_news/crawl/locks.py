"""One crawl of a site at a time: an exclusive lock per site and archive.

``fcntl.flock`` locks die with their process, so a lock whose owner was killed is free
again at once; the file only says who held it last.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from textile_news.archive.db import utc_now
from textile_news.archive.files import beside, real_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class LockedError(Exception):
    """Another process holds the lock; the message says which, in one line."""


def lock_path(db_file: str | os.PathLike[str], site: str) -> Path:
    """The lock of ``site``'s crawls into the archive ``db_file``, by the archive's real path:
    a symlink or another spelling of it finds the same lock (issue 13, item 7)."""
    return beside(db_file, ".locks", f"{real_path(db_file).name}.{site}.lock")


class SiteLock:
    """``with SiteLock(db, site):`` -- raises LockedError when a crawl of ``site`` into the
    same archive is running."""

    def __init__(self, db_file: str | os.PathLike[str], site: str) -> None:
        self.path = lock_path(db_file, site)
        self.site = site
        self.file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = self.path.open("a+")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "another process"
            file.close()
            raise LockedError(
                f"{self.site}: a crawl is already running ({holder}); not starting another"
            ) from None
        file.seek(0)
        file.truncate()
        file.write(f"pid {os.getpid()}, started {utc_now()}")
        file.flush()
        self.file = file

    def release(self) -> None:
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None

    def __enter__(self) -> SiteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class SiteLockExtension:
    """The same lock for ``scrapy crawl``: a second crawl of a site into the same archive
    closes at once with finish_reason ``locked``. The CLI holds the lock itself and turns
    this off (``TEXTILE_NEWS_LOCK = False``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.lock: SiteLock | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteLockExtension:
        if not crawler.settings.getbool("TEXTILE_NEWS_LOCK", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    async def engine_started(self) -> None:
        spider = self.crawler.spider
        assert spider is not None and self.crawler.engine is not None
        lock = SiteLock(self.crawler.settings.get("TEXTILE_NEWS_DB"), spider.name)
        try:
            lock.acquire()
        except LockedError as exc:
            logger.error("%s", exc)
            await self.crawler.engine.close_spider_async(reason="locked")
            return
        self.lock = lock

    def spider_closed(self) -> None:
        if self.lock is not None:
            self.lock.release()
