"""sjfzxm.com, English edition: listings, related and next-article links, id ranges."""

from __future__ import annotations

from textile_news.pages import sjfzxm_com
from textile_news.spiders.base import NewsSpider


class SjfzxmComSpider(NewsSpider):
    name = "sjfzxm_com"
    site_url = "http://www.sjfzxm.com"
    start_paths = ("/global/en/",)
    article_path = "/global/en/{id}.html"
    timezone = "Asia/Shanghai"
    # The 91se91.com mirror serves the same paths: one article, whichever host.
    site_hosts = ("sjfzxm.com", "*.sjfzxm.com", "91se91.com", "*.91se91.com")
    article_page = sjfzxm_com.ArticlePage
    list_page = sjfzxm_com.ListPage

    def is_article_url(self, url: str) -> bool:
        return sjfzxm_com.is_article_url(url)
