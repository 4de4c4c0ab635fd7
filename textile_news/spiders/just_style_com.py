"""just-style.com (Just Style): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class JustStyleComSpider(feeds.FeedSpider):
    site = sites.packaged()["just_style_com"]  # facts, pages: sites/sites.toml

    parse_feed = checked(
        feeds.FeedSpider.parse_feed,
        """@replica /feed/
        @returns requests 3 3
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /news/bangladesh-garment-exports-rise-in-june/
        @returns items 1 1
        @article title published_at body
        """,
    )
