"""fzfzjx.com (纺织服装机械网): the news listings under /news/."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class FzfzjxComSpider(NewsSpider):
    site = sites.packaged()["fzfzjx_com"]  # facts, pages: sites/sites.toml

    parse_listing = checked(
        NewsSpider.parse_listing,
        """@replica /news/t3_p1/
        @returns requests 3 3
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /news/85632.html
        @returns items 1 1
        @article title published_at body
        """,
    )
