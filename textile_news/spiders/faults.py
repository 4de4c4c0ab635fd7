"""Why a fetch failed: the exception a request's errback gets, as a stats key and a reason.

Scrapy 2.19 wraps Twisted's errors in its own (``DownloadTimeoutError``,
``DownloadFailedError``, ...); each becomes one ``textile_news/errors/<key>`` stat and the
``reason`` of a ``rejects`` row (issue 3, item 6). No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.web.client import ResponseFailed, ResponseNeverReceived

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.settings import BaseSettings

# The errors a fetch meets on the network (and a request dropped on purpose): facts about
# the server, whose tracebacks say no more than their messages (quiet_logs.py)
NETWORK_FAULTS: tuple[type[BaseException], ...] = (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    ResponseFailed,
    ResponseNeverReceived,
    tx_error.ConnectError,
    tx_error.ConnectionDone,
    tx_error.ConnectionLost,
    tx_error.DNSLookupError,
    tx_error.TimeoutError,
)


class RedirectLoop(IgnoreRequest):
    """A redirect leads back to a URL of its own chain (Scrapy would drop it unseen)."""


@dataclass(frozen=True)
class FetchFault:
    key: str  # the stats key under textile_news/errors/
    reason: str  # the rejects row's reason
    detail: dict[str, Any] = field(default_factory=dict)


def first_url(request: Request) -> str:
    """The URL that was asked for, before any redirect."""
    return request.meta.get("redirect_urls", [request.url])[0]


def describe(error: BaseException | None, request: Request, settings: BaseSettings) -> FetchFault:
    """The key and reason of a failed fetch, with the number of tries when it was retried.

    :param error: ``failure.value`` in the errback
    :param request: ``failure.request``: the last try, after retries and redirects
    """
    key, reason = _classify(error, request, settings)
    tries = request.meta.get("retry_times", 0) + 1
    detail: dict[str, Any] = {"error": f"{type(error).__name__}: {error}"[:500]}
    if tries > 1:
        reason += f" ({tries} tries)"
        detail["tries"] = tries
    if redirects := request.meta.get("redirect_urls"):
        detail["redirects"] = [*redirects, request.url]
    return FetchFault(key, reason, detail)


def _classify(
    error: BaseException | None, request: Request, settings: BaseSettings
) -> tuple[str, str]:
    if isinstance(error, HttpError):
        status = error.response.status
        return f"http_{status}", f"HTTP {status}"
    if isinstance(error, DownloadTimeoutError | tx_error.TimeoutError | TimeoutError):
        timeout = request.meta.get("download_timeout") or settings.getfloat("DOWNLOAD_TIMEOUT")
        return "timeout", f"timeout after {timeout:g} s"
    if isinstance(error, DownloadFailedError | ResponseFailed | ResponseDataLossError):
        cause = error if isinstance(error, ResponseFailed) else error.__cause__
        if isinstance(cause, ResponseNeverReceived):
            return "connection_lost", "connection lost before a response"
        return "connection_lost", "connection lost mid-response"
    if isinstance(error, tx_error.ConnectionLost | tx_error.ConnectionDone):
        return "connection_lost", "connection lost"
    if isinstance(error, DownloadConnectionRefusedError | tx_error.ConnectionRefusedError):
        return "connection_refused", "connection refused"
    if isinstance(error, CannotResolveHostError | tx_error.DNSLookupError):
        return "dns_error", "DNS lookup failed"
    maxsize = request.meta.get("download_maxsize") or settings.getint("DOWNLOAD_MAXSIZE")
    too_large = f"response larger than {maxsize} bytes (DOWNLOAD_MAXSIZE)"
    if isinstance(error, DownloadCancelledError):
        # Cancelled by the size limit: with the size in the message when the header declared
        # it, with no message when the body outgrew the limit.
        if "max size" in str(error) or not str(error):
            return "too_large", too_large
        return "cancelled", f"download cancelled: {error}"
    if isinstance(error, RedirectLoop):
        return "redirect_loop", "redirect loop"
    if isinstance(error, IgnoreRequest):
        return _ignored(str(error), settings, too_large)
    return type(error).__name__, f"{type(error).__name__}: {error}"


def _ignored(message: str, settings: BaseSettings, too_large: str) -> tuple[str, str]:
    """IgnoreRequest, raised by Scrapy's middlewares with these messages."""
    if message == "max redirections reached":
        limit = settings.getint("REDIRECT_MAX_TIMES")
        return "too_many_redirects", f"more than {limit} redirects (REDIRECT_MAX_TIMES)"
    if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a decompression bomb
        return "too_large", f"{too_large} once decompressed"
    if message == "Forbidden by robots.txt":
        return "robots_txt", "forbidden by robots.txt"
    if message.startswith("Filtered offsite request"):
        return "offsite", "offsite request"
    return "ignored", f"ignored: {message}"
