"""info.texnet.com.cn (中国纺织网): the daily news and 服装动态 listings."""

from __future__ import annotations

from textile_news.pages import info_texnet_com_cn
from textile_news.spiders.base import NewsSpider


class InfoTexnetComCnSpider(NewsSpider):
    name = "info_texnet_com_cn"
    site_url = "https://info.texnet.com.cn"
    start_paths = ("/daynews_list--1.html", "/fz_list-11-4.html")
    timezone = "Asia/Shanghai"
    site_hosts = ("info.texnet.com.cn",)
    article_page = info_texnet_com_cn.ArticlePage
    list_page = info_texnet_com_cn.ListPage

    def is_article_url(self, url: str) -> bool:
        return info_texnet_com_cn.is_article_url(url)
