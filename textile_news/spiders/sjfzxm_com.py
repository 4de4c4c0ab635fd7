"""sjfzxm.com, English and Chinese editions: listings, related and next-article links, id ranges."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from textile_news import sites
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class SjfzxmComSpider(NewsSpider):
    """Both editions of one site: ``/global/en/`` and the Chinese ``/news/`` listings.

    ``-a start_url=`` at a site's root (the demo's server) crawls both editions' listings on
    that host; at a listing or an article, only that. An id range walks the English edition:
    a Chinese article's URL needs its channel and date as well as its id.
    """

    site = sites.packaged()["sjfzxm_com"]  # facts, pages: sites/sites.toml

    parse_listing = checked(
        NewsSpider.parse_listing,
        """@replica /global/en/list/1.html
        @returns requests 7 7
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /global/en/576416.html
        @returns items 1 1
        @article title published_at body
        """,
    )

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            # The root is the Chinese edition's home (breadcrumb "世界服装鞋帽网首页"), whose
            # one listing link would leave out the English edition.
            if urlsplit(request.url).path in ("", "/") and not request.meta.get("article"):
                for path in self.start_paths:
                    yield self.listing_request(self.base_url + path)
            else:
                yield request
