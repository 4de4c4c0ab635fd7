"""FeedSpider: crawls a site from its RSS/Atom feeds and sitemaps, with no listing selectors.

Part of issue 4. Each feed entry's link is requested as an article (through the archive's
known-URL filter) with the entry's date and summary as hints, ``date_source`` "feed"
(sitemap entries: "sitemap"); the article page's own date and summary win over them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from textile_news.pages.base import ListEntry
from textile_news.pages.feed import (
    FeedPage,
    SitemapPage,
    kind_of,
    page_number,
    with_page,
    xml_selector,
)
from textile_news.spiders.base import NewsSpider, _path_of


@dataclass
class Feed:
    """What a feed or sitemap says: its kind, its entries, a sitemap index's sitemaps."""

    kind: str | None
    entries: list[ListEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def read_feed(url: str, body: bytes) -> Feed:
    """The feed's or sitemap's contents, its XML parsed once."""
    selector = xml_selector(body)
    kind = kind_of(selector)
    if kind == "sitemapindex":
        return Feed(kind, sitemaps=SitemapPage(url, selector).sitemaps())
    if kind == "urlset":
        return Feed(kind, SitemapPage(url, selector).entries())
    if kind in ("rss", "atom"):
        return Feed(kind, FeedPage(url, selector).entries())
    return Feed(kind)


# Paths of a WordPress site that are never a post: archives, feeds, files, search.
_WP_NOT_POST = re.compile(
    r"^/(?:$|feed/?|comments/|wp-|category/|tag/|author/|page/\d|search/|\?|xmlrpc|"
    r"[^?]*\.(?:xml|gz|jpe?g|png|gif|pdf|css|js)$|[^?]*/(?:feed|amp|page/\d+)/?$)",
    re.IGNORECASE,
)


class FeedSpider(NewsSpider):
    """Crawls a site's feeds (``feed_paths``) and sitemaps (``sitemap_paths``).

    ``-a start_url=URL`` may name a feed or a sitemap (crawled instead of the site's),
    an article (fetched alone) or a site root (its ``feed_paths`` are crawled there).
    WordPress feeds are paged (``?paged=N``) while a page brings articles not archived yet,
    up to ``feed_max_pages``; ``--full`` pages on until a page brings nothing new.
    """

    feed_paths: ClassVar[tuple[str, ...]] = ("/feed/",)
    sitemap_paths: ClassVar[tuple[str, ...]] = ()
    feed_paging: ClassVar[bool] = True  # WordPress: /feed/?paged=2
    feed_max_pages: ClassVar[int] = 50

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if site := cls.__dict__.get("site"):
            cls.feed_paths = tuple(_path_of(url) for url in site.feeds)
            cls.sitemap_paths = tuple(_path_of(url) for url in site.sitemaps)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_entries: set[str] = set()  # links met in feeds this crawl: paging stops

    async def start(self) -> AsyncIterator[Any]:
        if self.start_url and urlsplit(self.start_url).path not in ("", "/"):
            yield self.listing_request(self.start_url)
            return
        for path in (*self.feed_paths, *self.sitemap_paths):
            yield self.feed_request(self.base_url + path)

    def listing_request(self, url: str) -> scrapy.Request:
        if self.is_article_url(url):
            return super().listing_request(url)
        return self.feed_request(url)

    def feed_request(self, url: str, known_streak: int = 0) -> scrapy.Request:
        return scrapy.Request(
            self.local(url),
            callback=self.parse_feed,
            errback=self.on_error,
            cb_kwargs={"known_streak": known_streak},
        )

    async def parse_feed(self, response: Response, known_streak: int = 0) -> AsyncIterator[Any]:
        """Article requests of a feed or sitemap; a sitemap index's sitemaps; the next page."""
        if not isinstance(response, TextResponse) and not response.body.lstrip().startswith(b"<"):
            yield self.reject(response.url, "feed is not XML", "extract")
            return
        feed = await self.off_reactor(response, lambda: read_feed(response.url, response.body))
        if isinstance(feed, Feed):
            for output in self.follow_feed(response, feed, known_streak):
                yield output
        elif feed is not None:
            yield feed

    def follow_feed(self, response: Response, feed: Feed, known_streak: int) -> Iterator[Any]:
        if feed.kind == "sitemapindex":
            for url in feed.sitemaps:
                yield self.feed_request(url)
            return
        if feed.kind == "urlset":
            # a sitemap lists up to 50,000 URLs by its protocol: not capped as a listing is
            entries = [e for e in feed.entries if self.is_article_url(e.url)]
            yield from self._entry_requests(entries, "sitemap")
            return
        if feed.kind is None:
            yield self.reject(response.url, "not an RSS, Atom or sitemap document", "extract")
            return
        entries = [e for e in self.capped(response.url, feed.entries) if self.on_site(e.url)]
        fresh = [e for e in entries if e.url not in self.seen_entries]
        new = yield from self._entry_requests(fresh, "feed")
        streak = known_streak + 1 if fresh and not new else 0
        full = self.known is None or self.known.full
        number = page_number(response.url)
        if not (self.feed_paging and fresh and number < self.feed_max_pages):
            return
        if full or streak < self.known_pages_depth:
            yield self.feed_request(with_page(response.url, number + 1), streak)
        else:
            self._stats().inc_value("textile_news/listing_stopped_known")

    def _entry_requests(
        self, entries: list[ListEntry], date_source: str
    ) -> Generator[scrapy.Request, None, int]:
        """Requests for the entries that the archive wants; returns how many were new."""
        new = 0
        for entry in entries:
            self.seen_entries.add(entry.url)
            hints = {
                "published_at": entry.published_at,
                "summary": entry.summary,
                "date_source": date_source,
            }
            if entry.category:
                hints["category"] = entry.category
            known, wanted = self.known.check(entry.url) if self.known else (False, True)
            new += not known
            if request := self.article_request(entry.url, hints, wanted=wanted):
                yield request
        return new

    def is_article_url(self, url: str) -> bool:
        """An article on this site: its entry's ``article_url`` says which, or without one
        any WordPress path but archives, feeds and files."""
        if not self.on_site(url):
            return False
        if self.site is not None and self.site.article_url is not None:
            return self.site.is_article_url(url)
        return is_post_path(urlsplit(url).path)


def is_post_path(path: str) -> bool:
    """Whether a WordPress path can be a post: ``/news/cotton-prices/`` but not ``/tag/x/``."""
    return bool(path.strip("/")) and not _WP_NOT_POST.match(path)
