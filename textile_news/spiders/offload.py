"""Heavy parsing off the reactor's thread, so that a huge page never freezes the crawl.

Issue 13, items 5 and 6: an 11 MB listing parsed on the reactor's thread held it for minutes,
so that SIGTERM and Ctrl-C went unanswered and other requests timed out although their server
had answered. A page of ``TEXTILE_NEWS_PARSE_THREAD_BYTES`` or more is parsed on one worker
thread; a smaller one (nearly every page) on the reactor's thread, which costs no hand-over.
Python hands the GIL from the worker to the reactor's thread every few milliseconds
(``sys.getswitchinterval()``), so the reactor keeps answering while the worker parses.

One worker for the whole process: parsing is CPU work, a second thread would only share the
same core and hold a second huge tree in memory. When the crawl stops (SIGTERM, Ctrl-C), the
pages waiting for their parse, and the one being parsed, are given up (:class:`Stopped`)
within a quarter of a second: a stop never waits for a parse. The worker is a daemon thread,
so a parse given up does not hold the process's exit either.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

T = TypeVar("T")
DEFAULT_THRESHOLD = 1024 * 1024  # bytes; TEXTILE_NEWS_PARSE_THREAD_BYTES

_POLL = 0.25  # seconds between two looks at whether the crawl is stopping
_worker: _Worker | None = None


class Stopped(Exception):
    """The crawl began to stop before this work was done: it was given up."""


def threshold(crawler: Crawler | None) -> int:
    """Pages of this many bytes or more are parsed on the worker thread."""
    if crawler is None:
        return DEFAULT_THRESHOLD
    return crawler.settings.getint("TEXTILE_NEWS_PARSE_THREAD_BYTES", DEFAULT_THRESHOLD)


async def run(crawler: Crawler | None, size: int, work: Callable[[], T]) -> T:
    """``work()``, on the worker thread when ``size`` (the page's bytes) reaches the threshold.

    :raises Stopped: the crawl began to stop before ``work`` was done
    """
    if crawler is None or size < threshold(crawler):
        return work()
    from twisted.internet import task  # not at import: that would install a reactor

    global _worker  # one a process, started with the first huge page
    if _worker is None:
        _worker = _Worker()
    done: Deferred[T] = Deferred()
    _worker.jobs.put((work, done, crawler))
    watch = task.LoopingCall(_give_up_when_stopping, crawler, done)
    watch.start(_POLL, now=False)
    try:
        return await maybe_deferred_to_future(done)
    finally:
        watch.stop()


def _give_up_when_stopping(crawler: Crawler, done: Deferred[Any]) -> None:
    # Crawler.stop sets crawling to False first of all, on SIGTERM and SIGINT alike
    if not crawler.crawling and not done.called:
        done.errback(Failure(Stopped()))


class _Worker:
    """A daemon thread that runs jobs one after another and hands each result to the reactor."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[tuple[Callable[[], Any], Deferred[Any], Crawler]] = (
            queue.SimpleQueue()
        )
        threading.Thread(target=self._loop, name="textile_news.parse", daemon=True).start()

    def _loop(self) -> None:
        from twisted.internet import reactor

        call = cast(Any, reactor).callFromThread
        while True:
            work, done, crawler = self.jobs.get()
            if done.called or not crawler.crawling:  # given up while it waited
                call(_settle, done, Failure(Stopped()))
                continue
            try:
                result: Any = work()
            except Exception:  # handed to the caller, as if work() had run on the reactor
                result = Failure()
            call(_settle, done, result)


def _settle(done: Deferred[Any], result: Any) -> None:
    if done.called:  # given up meanwhile: the result is not wanted
        return
    if isinstance(result, Failure):
        done.errback(result)
    else:
        done.callback(result)
