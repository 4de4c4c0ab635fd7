"""GenericSpider: any site from one start URL, a listing page, a feed or a sitemap.

Part of issue 4 (``textile-news crawl generic --start-url URL``). What the start URL is comes
from its response: RSS, Atom or a sitemap go the FeedSpider's way, HTML is a listing whose
article links and next pages are found by heuristics (textile_news/pages/generic_listing.py).
Articles are extracted by generic extraction (textile_news/pages/generic.py), as
``textile-news extract`` does, and stored by the normal pipelines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from textile_news.items import Article, Reject
from textile_news.pages import generic, generic_listing
from textile_news.pages.feed import kind_of, xml_selector
from textile_news.spiders import feeds
from textile_news.spiders.base import Listing, _is_html

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

NAME = "generic"
MAX_PAGES = 20  # listing pages, unless TEXTILE_NEWS_GENERIC_MAX_PAGES says otherwise
# The first bytes of a feed or sitemap: an XML declaration or one of their root elements.
_XML_STARTS = (b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")


def site_name(url: str) -> str:
    """The site a generic crawl files its articles and runs under: ``generic:example.com``
    for ``https://www.example.com/news/`` (the host without ``www.`` or port)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return f"{NAME}:{host}"


class GenericSpider(feeds.FeedSpider):
    """Crawls the site of ``-a start_url=URL`` (required) with generic extraction.

    From an HTML listing: the links on the same host that look like articles, and the next
    listing page, up to ``TEXTILE_NEWS_GENERIC_MAX_PAGES`` listing pages. From a feed or a
    sitemap: its entries, as a site's FeedSpider does (no WordPress feed paging: the server
    is unknown). Runs, rejects, captures and items are filed under :func:`site_name`.
    """

    name = NAME
    needs_start_url: ClassVar[bool] = True  # no site of its own: `crawl` runs it only when asked
    site_url = ""  # none of its own: host_aliases file the start URL's host under itself
    feed_paths = ()
    sitemap_paths = ()
    feed_paging = False
    article_page = generic.ArticlePage
    list_page = generic_listing.ListPage

    def __init__(self, start_url: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(start_url, *args, **kwargs)
        self.max_pages = MAX_PAGES
        self.listing_pages = 0
        if start_url:
            self.name = site_name(start_url)
            parts = urlsplit(start_url)
            # www.example.com and example.com are one site: links may go either way
            self.allowed_domains.append((parts.hostname or "").removeprefix("www."))
            self.host_aliases = {parts.netloc.lower(): f"{parts.scheme}://{parts.netloc.lower()}"}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_pages = crawler.settings.getint("TEXTILE_NEWS_GENERIC_MAX_PAGES", MAX_PAGES)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        if not self.start_url:
            self.logger.error("the generic spider needs a start URL: -a start_url=URL")
            return
        yield scrapy.Request(self.start_url, callback=self.parse_start, errback=self.on_error)

    async def parse_start(self, response: Response) -> AsyncIterator[Any]:
        """A feed or sitemap, else an HTML listing, else a reject."""
        head = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        kind = None
        if head.startswith(_XML_STARTS):
            kind = await self.off_reactor(response, lambda: kind_of(xml_selector(response.body)))
        if isinstance(kind, str):
            async for output in self.parse_feed(response):
                yield output
        elif isinstance(kind, Reject):  # an XML document too deep to read whole
            yield kind
        elif _is_html(response):
            async for output in self.parse_listing(response):
                yield output
        else:
            yield self.reject(response.url, "not a listing page, a feed or a sitemap", "extract")

    def follow_listing(
        self, response: TextResponse, listing: Listing, known_streak: int
    ) -> Iterator[Any]:
        """The base class's walk, within ``max_pages``; a page of links already met in this
        crawl (a guessed next page that shows the last one again) ends it."""
        if self.listing_repeats(listing):
            return
        self.listing_pages += 1
        for output in super().follow_listing(response, listing, known_streak):
            next_page = isinstance(output, scrapy.Request) and output.callback == self.parse_listing
            if next_page and self.listing_pages >= self.max_pages:
                self._stats().inc_value("textile_news/listing_page_limit")
                continue
            yield output

    def extract_article(self, response: Response, hints: Mapping[str, Any]) -> Article | Reject:
        item = super().extract_article(response, hints)
        if isinstance(item, Article):
            item.site = self.name
        return item

    def _on_site(self, url: str) -> bool:
        return bool(self.start_url) and generic_listing.same_site(
            urlsplit(url).hostname, urlsplit(self.start_url or "").hostname
        )

    def is_article_url(self, url: str) -> bool:
        return self._on_site(url) and generic_listing.is_article_path(url)
