"""texindex.com.cn (中华纺织网): GBK pages, articles under /Articles/YYYY-M-D/."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class TexindexComCnSpider(NewsSpider):
    site = sites.packaged()["texindex_com_cn"]  # facts, pages: sites/sites.toml

    parse_listing = checked(
        NewsSpider.parse_listing,
        """@replica /news/index1.html
        @returns requests 4 4
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /Articles/2020-1-8/471253.html
        @returns items 1 1
        @article title published_at body
        """,
    )
