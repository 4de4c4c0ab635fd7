"""texindex.com.cn (中华纺织网): GBK pages, articles under /Articles/YYYY-M-D/."""

from __future__ import annotations

from textile_news.pages import texindex_com_cn
from textile_news.spiders.base import NewsSpider


class TexindexComCnSpider(NewsSpider):
    name = "texindex_com_cn"
    site_url = "http://www.texindex.com.cn"
    # The section listings' names are unknown here: the home page links the latest articles.
    start_paths = ("/",)
    timezone = "Asia/Shanghai"
    site_hosts = ("texindex.com.cn", "*.texindex.com.cn")
    article_page = texindex_com_cn.ArticlePage
    list_page = texindex_com_cn.ListPage

    def is_article_url(self, url: str) -> bool:
        return texindex_com_cn.is_article_url(url)
