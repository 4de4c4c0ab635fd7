"""innovationintextiles.com (Innovation in Textiles): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class InnovationintextilesComSpider(feeds.FeedSpider):
    site = sites.packaged()["innovationintextiles_com"]  # facts, pages: sites/sites.toml

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /recycled-polyester-nonwovens-line-starts-up/
        @returns items 1 1
        @article title published_at body
        """,
    )
