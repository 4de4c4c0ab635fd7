"""fibre2fashion.com (Fibre2Fashion): the all-news listing, newest first (the site has no feed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

from textile_news import sites
from textile_news.spiders.base import Listing, NewsSpider


class Fibre2fashionComSpider(NewsSpider):
    site = sites.packaged()["fibre2fashion_com"]  # facts, pages: sites/sites.toml

    def follow_listing(
        self, response: TextResponse, listing: Listing, known_streak: int
    ) -> Iterator[Any]:
        # without a "Next" link the next page number is a guess (NewsSpider.listing_repeats)
        if not self.listing_repeats(listing):
            yield from super().follow_listing(response, listing, known_streak)
