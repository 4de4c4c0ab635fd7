"""Downloader middlewares for hostile servers: retries with backoff, redirect loops, charsets.

Issue 3, item 6: each fault either recovers or reaches the spider's errback with a clear
reason (textile_news/spiders/faults.py). Registered in settings.py in place of Scrapy's own.
"""

from __future__ import annotations

import codecs
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self, TypeVar

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from textile_news.crawl.politeness import is_loopback
from textile_news.spiders.faults import RedirectLoop
from textile_news.text.content import better_encoding, declared_label, is_mislabelled

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)
_R = TypeVar("_R", bound=Response)


async def sleep(seconds: float) -> None:
    """A wait that lets the reactor run: ``scrapy.utils.asyncio.sleep`` (Scrapy 2.18+), else
    a Twisted ``deferLater`` awaited as Scrapy awaits Deferreds (2.16, 2.17)."""
    try:
        from scrapy.utils.asyncio import sleep as scrapy_sleep
    except ImportError:
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        await maybe_deferred_to_future(deferLater(reactor, seconds))
    else:
        await scrapy_sleep(seconds)


def retry_delay(
    retries: int,
    retry_after: str | None = None,
    *,
    base: float,
    cap: float,
    retry_after_cap: float,
    now: datetime | None = None,
) -> float:
    """Seconds to wait before the next try.

    :param retries: retries made so far (0 before the first)
    :param retry_after: the response's ``Retry-After``: seconds or an HTTP date; it wins
        over the exponential backoff, up to ``retry_after_cap``
    :param base: the first backoff; each retry doubles it, up to ``cap``
    """
    if retry_after is not None and (seconds := _retry_after(retry_after, now)) is not None:
        return min(seconds, retry_after_cap)
    return min(base * 2**retries, cap)


def _retry_after(value: str, now: datetime | None) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # malformed: the exponential backoff applies
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries of 429, 5xx and network errors, after a wait instead of at once.

    The wait honours ``Retry-After`` (capped by ``TEXTILE_NEWS_RETRY_AFTER_MAX``), else
    doubles from ``TEXTILE_NEWS_RETRY_BACKOFF_BASE`` up to ``TEXTILE_NEWS_RETRY_BACKOFF_MAX``.
    Loopback hosts get no wait unless ``TEXTILE_NEWS_BACKOFF_LOOPBACK``. The wait is an
    asyncio (or Twisted) sleep: other downloads go on meanwhile.
    """

    base: float
    cap: float
    retry_after_cap: float
    loopback: bool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        settings = crawler.settings
        mw.base = settings.getfloat("TEXTILE_NEWS_RETRY_BACKOFF_BASE", 1.0)
        mw.cap = settings.getfloat("TEXTILE_NEWS_RETRY_BACKOFF_MAX", 60.0)
        mw.retry_after_cap = settings.getfloat("TEXTILE_NEWS_RETRY_AFTER_MAX", 120.0)
        mw.loopback = settings.getbool("TEXTILE_NEWS_BACKOFF_LOOPBACK")
        return mw

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            retry_after = response.headers.get(b"Retry-After")
            await self._wait(request, retry_after.decode("latin-1") if retry_after else None)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(request, None)
        return result

    def delay(self, request: Request, retry_after: str | None) -> float:
        """Seconds to wait before retrying ``request`` (``retry_times``: retries so far)."""
        if is_loopback(urlparse_cached(request).hostname) and not self.loopback:
            return 0.0  # politeness is for other people's servers
        return retry_delay(
            request.meta.get("retry_times", 0),
            retry_after,
            base=self.base,
            cap=self.cap,
            retry_after_cap=self.retry_after_cap,
        )

    async def _wait(self, request: Request, retry_after: str | None) -> None:
        delay = self.delay(request, retry_after)
        if delay <= 0:
            return
        stats = self._stats()
        stats.inc_value("textile_news/retry/waited")
        total = stats.get_value("textile_news/retry/wait_seconds", 0.0) + delay
        stats.set_value("textile_news/retry/wait_seconds", round(total, 3))
        logger.debug("Waiting %.2f s before retrying %s", delay, request)
        await sleep(delay)

    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats


class LoopRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, with a loop (A -> B -> A) reported as ``RedirectLoop``.

    Scrapy would schedule the redirect back to A, and its duplicate filter would drop it
    without a word: no errback, no reject, the URL silently missing from the archive.
    """

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and not request.dont_filter:
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if result.url in chain:
                raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, result.url])}")
        return result


class CharsetMiddleware:
    """Decodes a page whose declared charset does not fit its bytes with one that does
    (textile_news.text.content.better_encoding): GBK labelled UTF-8, windows-1252 unlabelled.

    Stats: ``textile_news/charset_corrected`` counts the pages decoded otherwise than Scrapy
    would have; ``textile_news/encoding/mislabelled`` those whose declared label was wrong
    (an unlabelled page decoded by a better guess is corrected, not mislabelled).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        fitted = with_fitting_encoding(response)
        stats = self.crawler.stats
        assert stats is not None
        if fitted is not response:
            stats.inc_value("textile_news/charset_corrected")
            logger.debug(
                "Decoding %s as %s, not %s", response.url, fitted.encoding, response.encoding
            )
        if is_mislabelled(*encodings(fitted)):
            stats.inc_value("textile_news/encoding/mislabelled")
        return fitted


def encodings(response: Response) -> tuple[str | None, str | None]:
    """(the charset label ``response`` declares, the encoding its text is decoded with).

    The label is as written (``content.declared_label``), None for none; the encoding is
    the codec's name, None for a response that is not text.
    """
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    if not isinstance(response, TextResponse):
        return declared_label(b"", content_type), None
    return declared_label(response.body, content_type), codecs.lookup(response.encoding).name


def with_fitting_encoding(response: _R) -> _R:
    """``response``, or a copy decoded with the encoding that fits its bytes when the one
    Scrapy chose does not: for crawled responses, and for those rebuilt from stored
    originals (textile_news/tools/reextract.py), which must decode the same way."""
    if not isinstance(response, TextResponse):
        return response
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    declared = (
        http_content_type_encoding(content_type),
        html_body_declared_encoding(response.body),
    )
    encoding = better_encoding(response.body, response.encoding, declared)
    return response if encoding is None else response.replace(encoding=encoding)
