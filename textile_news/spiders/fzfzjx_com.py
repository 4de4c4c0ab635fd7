"""fzfzjx.com (纺织服装机械网): the news listings under /news/."""

from __future__ import annotations

from textile_news.pages import fzfzjx_com
from textile_news.spiders.base import NewsSpider


class FzfzjxComSpider(NewsSpider):
    name = "fzfzjx_com"
    site_url = "http://www.fzfzjx.com"
    # The category ids of /news/t{cat}_p{n}/ are unknown here; /news/ lists every category.
    start_paths = ("/news/",)
    timezone = "Asia/Shanghai"
    site_hosts = ("fzfzjx.com", "*.fzfzjx.com")
    article_page = fzfzjx_com.ArticlePage
    list_page = fzfzjx_com.ListPage

    def is_article_url(self, url: str) -> bool:
        return fzfzjx_com.is_article_url(url)
