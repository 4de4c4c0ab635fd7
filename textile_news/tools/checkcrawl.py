"""check-site's fetches as a crawl makes them: one Scrapy crawl of a listing and its first
article, with the project's settings (robots.txt, User-Agent, retries, middlewares, charset
fixes), in a child process (Twisted's reactor runs once a process). Issue 17, item 6.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import AsyncIterator, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from textile_news.crawl.runner import project_settings
from textile_news.pages.base import ListEntry, ListPage
from textile_news.pages.feed import FeedPage, kind_of, xml_selector
from textile_news.spiders import faults
from textile_news.spiders.base import NewsSpider
from textile_news.text.content import Decoded, decode
from textile_news.tools.extract import page_to_dict

if TYPE_CHECKING:
    from twisted.python.failure import Failure

# What a check must not do that a crawl does: store items, record a run, take the site's
# lock, keep originals. Everything that fetches stays as in a crawl.
CHECK_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {
        "textile_news.crawl.extensions.Progress": None,
        "textile_news.crawl.extensions.RunRecorder": None,
        "textile_news.crawl.locks.SiteLockExtension": None,
    },
    "DOWNLOADER_MIDDLEWARES": {"textile_news.crawl.captures.CaptureMiddleware": None},
    "LOG_LEVEL": "ERROR",
}


REQUIRED = ("title", "published_at", "body")


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


MAX_EMPTY_LISTINGS = 3  # listing pages without entries followed to their next page


class CheckFailed(Exception):
    """A page of the check could not be fetched: ``cannot fetch URL: reason``."""


def run_check(
    site: str,
    url: str | None,
    start_url: str | None,
    timeout: float,
    settings: Mapping[str, Any],
) -> SiteCheck:
    """Check ``site`` (see :func:`textile_news.tools.checksite.check_site`) in a fresh process.

    :raises CheckFailed: a page could not be fetched
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(_check, site, url, start_url, timeout, dict(settings))
        result, error = future.result()
    if error:
        raise CheckFailed(error)
    return result


def _check(
    site: str, url: str | None, start_url: str | None, timeout: float, settings: dict[str, Any]
) -> tuple[SiteCheck, str | None]:
    overrides = {**settings, "DOWNLOAD_TIMEOUT": timeout}
    crawl_settings = project_settings(overrides)
    for key, value in CHECK_SETTINGS.items():
        if isinstance(value, dict):
            value = {**crawl_settings.getdict(key), **value}
        crawl_settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(crawl_settings)
    base = process.spider_loader.load(site)
    checker = type(base.__name__, (Checker, base), {})
    result = SiteCheck()
    errors: list[str] = []
    process.crawl(checker, start_url=start_url or url, check_url=url, result=result, errors=errors)
    process.start()
    return result, (errors[0] if errors else None)


class Checker(NewsSpider):
    """Mixed in before a site's spider: its first start request (or ``check_url``) is the
    listing, the listing's first entry the article; nothing else is followed."""

    def __init__(
        self, *args: Any, check_url: str | None, result: SiteCheck, errors: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.check_url = check_url
        self.result = result
        self.errors = errors

    async def start(self) -> AsyncIterator[Any]:
        url = self.check_url
        if url is None:  # the crawl's own first request: a site root becomes its listings
            async for request in super().start():
                url = request.url
                break
        if url is None:
            return
        if self.is_article_url(url):
            yield self.check_request(url, self.check_article, {"hints": {}})
        else:
            yield self.check_request(url, self.check_listing)

    def check_request(self, url: str, callback: Any, cb_kwargs: Any = None) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.check_failed, cb_kwargs=cb_kwargs
        )

    def check_listing(self, response: Response) -> Iterator[scrapy.Request]:
        body = response.body
        # a feed is the listing of a site crawled through its feeds
        is_feed = body.lstrip()[:1] == b"<" and kind_of(xml_selector(body)) in ("rss", "atom")
        page: ListPage | FeedPage
        if is_feed:
            page = FeedPage(response.url, body)
        else:
            text = response.text if isinstance(response, TextResponse) else decode(body).text
            page = self.list_page(response.url, text)
        self.result.listing_url = response.url
        self.result.entries = page.entries()
        self.result.next_page = page.next_page_url() if isinstance(page, ListPage) else None
        if not self.result.entries:
            # a section's front page (sjfzxm.com's /global/en/) links only its first listing
            # page, as "next": a crawl goes on there, and so does the check
            hops = response.meta.get("check_hops", 0)
            if self.result.next_page and hops < MAX_EMPTY_LISTINGS:
                request = self.check_request(self.local(self.result.next_page), self.check_listing)
                request.meta["check_hops"] = hops + 1
                yield request
            return
        entry = self.result.entries[0]
        hints = {
            "summary": entry.summary,
            "published_at": entry.published_at,
            "category": entry.category,
            "date_source": "feed" if is_feed else "listing",
        }
        yield self.check_request(self.local(entry.url), self.check_article, {"hints": hints})

    def check_article(self, response: Response, hints: Mapping[str, Any]) -> None:
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
        declared = decode(response.body, ctype).declared
        if isinstance(response, TextResponse):  # decoded as a crawl decodes it
            decoded = Decoded(response.text, declared, response.encoding)
        else:
            decoded = decode(response.body, ctype)
        self.result.article_url = response.url
        self.result.article = page_to_dict(
            self.site, decoded, response.url, hints, self.host_aliases
        )

    def check_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = faults.first_url(request)
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            phrase = HTTPStatus(status).phrase if status in set(HTTPStatus) else ""
            reason = f"HTTP {status} {phrase}".rstrip()
        else:
            reason = faults.describe(failure.value, request, self.crawler.settings).reason
        self.errors.append(f"cannot fetch {url}: {reason}")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}
