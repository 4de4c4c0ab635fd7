"""sjfzxm.com, English and Chinese editions: listings, related and next-article links, id ranges."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from textile_news.pages import sjfzxm_com
from textile_news.spiders.base import NewsSpider


class SjfzxmComSpider(NewsSpider):
    """Both editions of one site: ``/global/en/`` and the Chinese ``/news/`` listings.

    ``-a start_url=`` at a site's root (the demo's server) crawls both editions' listings on
    that host; at a listing or an article, only that. An id range walks the English edition:
    a Chinese article's URL needs its channel and date as well as its id.
    """

    name = "sjfzxm_com"
    site_url = "http://www.sjfzxm.com"
    # "/news/" (the Chinese edition's news across channels) is a replica path: unverified.
    start_paths = ("/global/en/", "/news/")
    article_path = "/global/en/{id}.html"
    timezone = "Asia/Shanghai"
    # The 91se91.com mirror serves the same paths: one article, whichever host.
    site_hosts = ("sjfzxm.com", "*.sjfzxm.com", "91se91.com", "*.91se91.com")
    article_page = sjfzxm_com.ArticlePage  # picks the edition by URL
    list_page = sjfzxm_com.ListPage

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            # The root is the Chinese edition's home (breadcrumb "世界服装鞋帽网首页"), whose
            # one listing link would leave out the English edition.
            if urlsplit(request.url).path in ("", "/") and not request.meta.get("article"):
                for path in self.start_paths:
                    yield self.listing_request(self.base_url + path)
            else:
                yield request

    def is_article_url(self, url: str) -> bool:
        return sjfzxm_com.is_article_url(url)
