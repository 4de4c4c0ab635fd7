"""Live checks of one page: fetching a URL, and running a site's page objects on it.

Part of issue 4, item 5 ("One-page extraction"): ``textile-news extract URL`` and
``textile-news check-site SITE`` fetch with urllib, one request at a time, with the
project's User-Agent; everything else is :mod:`textile_news.tools.extract`.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from textile_news.items import ARTICLE_FIELDS
from textile_news.pages.base import ListEntry, ListPage
from textile_news.pages.feed import FeedPage, kind_of, xml_selector
from textile_news.sites import Site
from textile_news.spiders.base import NewsSpider
from textile_news.tools.extract import Decoded, decode, page_to_dict

TIMEOUT = 30.0
REQUIRED = ("title", "published_at", "body")
# The fields reported for each article page (items.ARTICLE_FIELDS: what a page gives)
FIELDS = tuple(f.name for f in ARTICLE_FIELDS if f.checked)


class FetchError(Exception):
    """A page could not be fetched; the message is one line, with the URL."""


@dataclass
class LivePage:
    """A page fetched live with urllib for ``extract URL`` and ``check-site``: what one-page
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


@dataclass
class SiteCheck:
    """What a site's page objects found on one listing page and one article."""

    listing_url: str | None = None
    entries: list[ListEntry] = field(default_factory=list)
    next_page: str | None = None
    article_url: str | None = None
    article: dict[str, Any] = field(default_factory=dict)

    def empty_required(self) -> list[str]:
        return [name for name in REQUIRED if is_empty(self.article.get(name))]


def check_site(
    spider_class: type[NewsSpider],
    url: str | None = None,
    start_url: str | None = None,
    timeout: float = TIMEOUT,
) -> SiteCheck:
    """Fetch a listing (``url``, else ``start_url``, else the site's first start page) and
    its first article (or ``url`` itself when it is an article) and extract both.

    :param start_url: the site's base, as with ``crawl --start-url``: its host is a mirror
    """
    # A URL on another host (a mirror, a test server) is filed under the site, as in a crawl.
    spider = spider_class(start_url=start_url or url)
    site = spider.site
    result = SiteCheck()
    hints: dict[str, Any] = {}
    if url and spider.is_article_url(url):
        article_url = url
    else:
        listing_url = url or start_url or _first_start(site, spider)
        fetched = fetch(listing_url, timeout)
        # a feed is the listing of a site crawled through its feeds
        page: ListPage | FeedPage = (
            FeedPage(fetched.url, fetched.body)
            if kind_of(xml_selector(fetched.body)) in ("rss", "atom")
            else spider.list_page(fetched.url, decode(fetched.body, fetched.content_type).text)
        )
        result.listing_url = fetched.url
        result.entries = page.entries()
        result.next_page = page.next_page_url() if isinstance(page, ListPage) else None
        if not result.entries:
            return result
        entry = result.entries[0]
        hints = {
            "summary": entry.summary,
            "published_at": entry.published_at,
            "category": entry.category,
            "date_source": "feed" if isinstance(page, FeedPage) else "listing",
        }
        article_url = spider.local(entry.url)
    fetched = fetch(article_url, timeout)
    decoded: Decoded = decode(fetched.body, fetched.content_type)
    result.article_url = fetched.url
    result.article = page_to_dict(site, decoded, fetched.url, hints, spider.host_aliases)
    return result


def _first_start(site: Site | None, spider: NewsSpider) -> str:
    """The first listing, feed or sitemap of ``site``."""
    if site is None:
        return spider.site_url + spider.start_paths[0]
    return (site.start_urls or site.feeds or site.sitemaps)[0]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


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
