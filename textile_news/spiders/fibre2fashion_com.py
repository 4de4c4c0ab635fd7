"""fibre2fashion.com (Fibre2Fashion): the all-news listing, newest first (the site has no feed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

from textile_news.pages import fibre2fashion_com
from textile_news.spiders.base import Listing, NewsSpider


class Fibre2fashionComSpider(NewsSpider):
    name = "fibre2fashion_com"
    site_url = "https://www.fibre2fashion.com"
    start_paths = ("/news/allnews.aspx?SortBy=latest&page=1",)
    timezone = "Asia/Kolkata"  # an Indian site: a date without a zone is India time
    site_hosts = ("fibre2fashion.com", "*.fibre2fashion.com")
    article_page = fibre2fashion_com.ArticlePage
    list_page = fibre2fashion_com.ListPage

    def is_article_url(self, url: str) -> bool:
        return fibre2fashion_com.is_article_url(url)

    def follow_listing(
        self, response: TextResponse, listing: Listing, known_streak: int
    ) -> Iterator[Any]:
        # Without a "Next" link the next page number is a guess; a server that answers any
        # number with its last page would be walked for ever. A page of links already met
        # in this crawl ends the walk.
        urls = [entry.url for entry in listing.entries]
        if urls and self.asked.issuperset(urls):
            self._stats().inc_value("textile_news/listing_repeated")
            return
        yield from super().follow_listing(response, listing, known_streak)
