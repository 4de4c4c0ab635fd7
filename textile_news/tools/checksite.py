"""Live checks of one page: fetching a URL, and running a site's page objects on it.

Part of issue 4, item 5 ("One-page extraction"): ``textile-news extract URL`` fetches with
urllib, with the project's User-Agent; ``textile-news check-site SITE`` fetches through
Scrapy as a crawl does (issue 17, item 6: :mod:`textile_news.tools.checkcrawl`); everything
else is :mod:`textile_news.tools.extract`.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textile_news.items import ARTICLE_FIELDS
from textile_news.tools.checkcrawl import CheckFailed, SiteCheck, is_empty, run_check

TIMEOUT = 30.0
# The fields reported for each article page (items.ARTICLE_FIELDS: what a page gives)
FIELDS = tuple(f.name for f in ARTICLE_FIELDS if f.checked)


class FetchError(Exception):
    """A page could not be fetched; the message is one line, with the URL."""


@dataclass
class LivePage:
    """A page fetched live with urllib for ``extract URL``: what one-page
    extraction needs, no more (not a capture: ``pipeline.writer.Fetched`` is the record of
    a crawl's response that the archive keeps)."""

    url: str  # after redirects
    content_type: str | None
    body: bytes


def user_agent() -> str:
    from textile_news.crawl.politeness import crawl_user_agent
    from textile_news.crawl.runner import project_settings

    return crawl_user_agent(project_settings())


def fetch(url: str, timeout: float = TIMEOUT) -> LivePage:
    """GET ``url`` (following redirects); FetchError on an HTTP error or network failure."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ctype = response.headers.get("Content-Type")
            return LivePage(response.geturl(), ctype, response.read())
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the response's connection
        raise FetchError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            reason = f"timeout after {timeout:g} s"
        raise FetchError(f"cannot fetch {url}: {reason}") from None
    except TimeoutError:
        raise FetchError(f"cannot fetch {url}: timeout after {timeout:g} s") from None
    except OSError as exc:  # a connection dropped mid-response, an invalid URL
        raise FetchError(f"cannot fetch {url}: {exc}") from None
    except ValueError as exc:
        raise FetchError(f"cannot fetch {url}: {exc}") from None


def check_site(
    site: str,
    url: str | None = None,
    start_url: str | None = None,
    timeout: float = TIMEOUT,
    settings: Mapping[str, Any] | None = None,
) -> SiteCheck:
    """Fetch a listing of ``site`` (``url``, else where a crawl from ``start_url`` or the
    site's own start pages begins) and its first article (or ``url`` itself when it is an
    article) through Scrapy, as a crawl does, and extract both.

    :param start_url: as with ``crawl --start-url``: the site's base on another host (a
        mirror), at its root or at a listing
    :param settings: the project settings' overrides (``TEXTILE_NEWS_SITES``, ...)
    :raises FetchError: a page could not be fetched (HTTP error, robots.txt, network)
    """
    try:
        return run_check(site, url, start_url, timeout, settings or {})
    except CheckFailed as exc:
        raise FetchError(str(exc)) from None


def show(value: Any, width: int = 60) -> str:
    """A field's value on one line, at most ``width`` characters; ``EMPTY`` when empty."""
    if is_empty(value):
        return "EMPTY"
    if isinstance(value, list):
        first = value[0]
        text = f"{len(value)}: " + (first["url"] if isinstance(first, dict) else ", ".join(value))
    elif isinstance(value, dict):
        text = value.get("url") or str(value)
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
