"""textileworld.com (Textile World): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class TextileworldComSpider(feeds.FeedSpider):
    site = sites.packaged()["textileworld_com"]  # facts, pages: sites/sites.toml

    parse_feed = checked(
        feeds.FeedSpider.parse_feed,
        """@replica /feed/
        @returns requests 4 4
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        "@replica /textile-world/knitting-apparel/2025/02/"
        "cotton-incorporated-opens-its-2025-showroom/"
        """
        @returns items 1 1
        @article title published_at body
        """,
    )
