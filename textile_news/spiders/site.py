"""SiteSpider: a site defined only by its catalogue entry (a TOML table, no Python).

Part of issue 14 ("Sites as data"). Its start URLs may be listings, feeds or sitemaps:
what each is comes from its response, as for the generic spider. Article links are those
matching the entry's ``article_url`` (generic heuristics without one); article pages are
read by generic extraction, the entry's ``[site.selectors]`` winning field by field
(textile_news/pages/site_pages.py). textile_news/spiders/loader.py makes one subclass of it
per such site.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy

from textile_news.pages import generic_listing
from textile_news.spiders import feeds, generic
from textile_news.spiders.base import NewsSpider


class SiteSpider(generic.GenericSpider):
    """Crawls its entry's start URLs, or ``-a start_url=URL`` (on a mirror's host: at its
    root, the entry's start pages there)."""

    name = ""  # a site's subclass has its slug; this one is no spider of its own
    needs_start_url: ClassVar[bool] = False

    def __init__(self, start_url: str | None = None, *args: Any, **kwargs: Any) -> None:
        # the generic spider's own setup would file everything under the start URL's host
        feeds.FeedSpider.__init__(self, start_url, *args, **kwargs)
        self.max_pages = generic.MAX_PAGES
        self.listing_pages = 0

    async def start(self) -> AsyncIterator[Any]:
        assert self.site is not None
        if self.start_url and urlsplit(self.start_url).path not in ("", "/"):
            yield self.listing_request(self.start_url)
            return
        for url in self.site.start_urls:
            yield self.listing_request(self.local(url))
        for url in (*self.site.feeds, *self.site.sitemaps):
            yield self.feed_request(url)

    def listing_request(self, url: str) -> scrapy.Request:
        if self.is_article_url(url):
            return super().listing_request(url)
        return scrapy.Request(url, callback=self.parse_start, errback=self.on_error)

    def _on_site(self, url: str) -> bool:
        # the entry's hosts and mirrors, not GenericSpider's rule (the start URL's host)
        return NewsSpider.on_site(self, url)

    def is_article_url(self, url: str) -> bool:
        if not self._on_site(url):
            return False
        if self.site is not None and self.site.article_url is not None:
            return self.site.is_article_url(url)
        return generic_listing.is_article_path(url)
