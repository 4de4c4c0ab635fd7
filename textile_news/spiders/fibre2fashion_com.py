"""fibre2fashion.com (Fibre2Fashion): the all-news listing, newest first (the site has no feed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response, TextResponse

from textile_news import sites
from textile_news.spiders.base import NewsSpider


class Fibre2fashionComSpider(NewsSpider):
    site = sites.packaged()["fibre2fashion_com"]  # facts, pages: sites/sites.toml

    def parse_listing(self, response: Response, known_streak: int = 0) -> Iterator[Any]:
        # Without a "Next" link the next page number is a guess; a server that answers any
        # number with its last page would be walked for ever. A page of links already met
        # in this crawl ends the walk.
        if isinstance(response, TextResponse):
            urls = self.list_page(response.url, response.text).article_urls()
            if urls and self.asked.issuperset(urls):
                self._stats().inc_value("textile_news/listing_repeated")
                return
        yield from super().parse_listing(response, known_streak)
