"""ncto.org (National Council of Textile Organizations): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class NctoOrgSpider(feeds.FeedSpider):
    site = sites.packaged()["ncto_org"]  # facts, pages: sites/sites.toml

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /ncto-welcomes-enforcement-of-yarn-forward-rule/
        @returns items 1 1
        @article title published_at body
        """,
    )
