"""info.texnet.com.cn (中国纺织网): the daily news and 服装动态 listings."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class InfoTexnetComCnSpider(NewsSpider):
    site = sites.packaged()["info_texnet_com_cn"]  # facts, pages: sites/sites.toml

    parse_listing = checked(
        NewsSpider.parse_listing,
        """@replica /daynews_list--1.html
        @returns requests 4 4
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /detail-952871.html
        @returns items 1 1
        @article title published_at body
        """,
    )
