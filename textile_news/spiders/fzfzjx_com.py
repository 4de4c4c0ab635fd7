"""fzfzjx.com (纺织服装机械网): the news listings under /news/."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider


class FzfzjxComSpider(NewsSpider):
    site = sites.packaged()["fzfzjx_com"]  # facts, pages: sites/sites.toml
