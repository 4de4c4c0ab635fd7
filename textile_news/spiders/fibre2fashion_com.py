"""fibre2fashion.com (Fibre2Fashion): the all-news listing, newest first (the site has no feed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

from textile_news import sites
from textile_news.spiders.base import Listing, NewsSpider
from textile_news.spiders.contracts import checked


class Fibre2fashionComSpider(NewsSpider):
    site = sites.packaged()["fibre2fashion_com"]  # facts, pages: sites/sites.toml

    parse_listing = checked(
        NewsSpider.parse_listing,
        """@replica /news/allnews.aspx?SortBy=latest&page=1
        @returns requests 4 4
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        "@replica /news/textile-news/"
        "cai-retains-cotton-crop-estimate-for-2020-21-season-at-356-lakh-bales-270512-newsdetails.htm"
        """
        @returns items 1 1
        @article title published_at body
        """,
    )

    def follow_listing(
        self, response: TextResponse, listing: Listing, known_streak: int
    ) -> Iterator[Any]:
        # Without a "Next" link the next page number is a guess; a server that answers any
        # number with its last page would be walked for ever. A page of links already met
        # in this crawl ends the walk.
        if self.repeats_itself(listing):
            return
        yield from super().follow_listing(response, listing, known_streak)
