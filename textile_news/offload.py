"""Heavy parsing off the reactor's thread, so that a huge page never freezes the crawl.

Issue 13, items 5 and 6: an 11 MB listing parsed on the reactor's thread held it for minutes,
so that SIGTERM and Ctrl-C went unanswered and other requests timed out although their server
had answered. A page of ``TEXTILE_NEWS_PARSE_THREAD_BYTES`` or more is parsed on one worker
thread; a smaller one (nearly every page) on the reactor's thread, which costs no hand-over.
lxml lets go of the GIL while it builds a tree, and Python hands it back every few
milliseconds, so the reactor keeps answering while the worker parses.

One worker for the whole process: parsing is CPU work, a second thread would only share the
same core and hold a second huge tree in memory. Work still waiting when the crawl stops is
dropped (:class:`Stopped`) rather than run, so that a stop waits for one parse at most.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.python.threadpool import ThreadPool

T = TypeVar("T")
DEFAULT_THRESHOLD = 1024 * 1024  # bytes; TEXTILE_NEWS_PARSE_THREAD_BYTES

_pool: ThreadPool | None = None


class Stopped(Exception):
    """The crawl was stopping when this work's turn came: it was not done."""


def threshold(crawler: Crawler | None) -> int:
    """Pages of this many bytes or more are parsed on the worker thread."""
    if crawler is None:
        return DEFAULT_THRESHOLD
    return crawler.settings.getint("TEXTILE_NEWS_PARSE_THREAD_BYTES", DEFAULT_THRESHOLD)


async def run(crawler: Crawler | None, size: int, work: Callable[[], T]) -> T:
    """``work()``, on the worker thread when ``size`` (the page's bytes) reaches the threshold.

    :raises Stopped: the crawl began to stop before the worker got to ``work``
    """
    if crawler is None or size < threshold(crawler):
        return work()

    def guarded() -> T:
        # read on the worker thread: a bool attribute, set once by Crawler.stop
        if not crawler.crawling:
            raise Stopped
        return work()

    from twisted.internet import reactor, threads  # not at import: that would install one

    deferred = threads.deferToThreadPool(reactor, _worker(), guarded)
    return await maybe_deferred_to_future(deferred)


def _worker() -> ThreadPool:
    global _pool
    if _pool is None:
        from twisted.internet import reactor

        _pool = ThreadPool(minthreads=0, maxthreads=1, name="textile_news.parse")
        _pool.start()
        cast(Any, reactor).addSystemEventTrigger("during", "shutdown", _stop)
    return _pool


def _stop() -> None:
    global _pool
    if _pool is not None:
        _pool.stop()
        _pool = None
