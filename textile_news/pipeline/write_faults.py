"""Write errors of a crawl's own files (the archive, its WARC files, the job state): what
to call them, and stopping the crawl on the first one.

Issue 13, item 4: on a full disk a crawl used to sit idle for ever, repeating Scrapy's
``OSError: [Errno 28]`` and holding the site's lock. A write error of these files is no
page's fault, and the next page cannot do better: the crawl stops within seconds, keeps
what is committed, and says in one line which file could not be written.

Nothing here imports Scrapy at module level: the archive writer's process uses it too.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# The crawl's stats that carry the first fault: its one-line message and its finish reason.
MESSAGE_STAT = "textile_news/write_error"
REASON_STAT = "textile_news/write_error_reason"
DISK_FULL, WRITE_ERROR = "disk_full", "write_error"
FINISH_REASONS = (DISK_FULL, WRITE_ERROR)

# No room: the disk (ENOSPC), the user's quota (EDQUOT), a file size limit (EFBIG).
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# SQLite's primary result codes for a file it cannot write (the rest, such as a constraint
# or a lock held past the busy timeout, are a batch's problem, not the file's).
_SQLITE_FULL = 13
_SQLITE_WRITE = {10, 8, 14}  # IOERR, READONLY, CANTOPEN


class WriteFault(NamedTuple):
    """A file of the crawl that cannot be written (a tuple: sent between processes)."""

    reason: str  # the crawl's finish reason: "disk_full" or "write_error"
    message: str  # "disk full: cannot write /srv/data/archive.sqlite: database or disk is full"


def classify(exc: BaseException, path: str | os.PathLike[str]) -> WriteFault | None:
    """The write fault ``exc`` is, writing ``path`` (a file or its folder), or None when it
    is another kind of error (a bad row, a lock held too long)."""
    if isinstance(exc, OSError) and exc.errno is not None:
        where = Path(exc.filename) if isinstance(exc.filename, str) else Path(path)
        return _fault(exc.errno in _NO_SPACE, where, exc.strerror or os.strerror(exc.errno))
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == _SQLITE_FULL or primary in _SQLITE_WRITE:
            return _fault(primary == _SQLITE_FULL, Path(path), str(exc))
    return None


def _fault(no_space: bool, path: Path, why: str) -> WriteFault:
    where = os.path.abspath(path)
    if no_space:
        return WriteFault(DISK_FULL, f"disk full: cannot write {where}: {why}")
    return WriteFault(WRITE_ERROR, f"cannot write {where}: {why}")


def stop_crawl(crawler: Crawler, fault: WriteFault) -> None:
    """Log ``fault`` and close the crawl's spider with its reason; later faults of the same
    crawl (the next batch fails too) only add to the counts."""
    stats = crawler.stats
    if stats is None or stats.get_value(MESSAGE_STAT):
        return
    stats.set_value(MESSAGE_STAT, fault.message)
    stats.set_value(REASON_STAT, fault.reason)
    logger.error("%s; stopping the crawl", fault.message)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(_close(engine, fault.reason))


async def _close(engine: ExecutionEngine, reason: str) -> None:
    with contextlib.suppress(RuntimeError):  # closed meanwhile: nothing left to stop
        await engine.close_spider_async(reason=reason)


def fault_of(stats: dict[str, object]) -> str | None:
    """The one-line message of the crawl's write fault, if it had one."""
    message = stats.get(MESSAGE_STAT)
    return str(message) if message else None
