"""just-style.com (Just Style): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news.pages import just_style_com
from textile_news.spiders import feeds


class JustStyleComSpider(feeds.FeedSpider):
    name = "just_style_com"
    site_url = "https://www.just-style.com"
    feed_paths = ("/feed/",)
    timezone = "Europe/London"
    site_hosts = ("just-style.com", "*.just-style.com")
    article_page = just_style_com.ArticlePage

    def is_article_url(self, url: str) -> bool:
        return self._on_site(url) and just_style_com.is_article_url(url)
