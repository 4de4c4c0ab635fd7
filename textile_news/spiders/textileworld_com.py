"""textileworld.com (Textile World): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news.pages import textileworld_com
from textile_news.spiders import feeds


class TextileworldComSpider(feeds.FeedSpider):
    name = "textileworld_com"
    site_url = "https://www.textileworld.com"
    feed_paths = ("/feed/",)
    sitemap_paths = ()
    timezone = "America/New_York"  # Textile World is published from Atlanta, Georgia
    site_hosts = ("textileworld.com", "*.textileworld.com")
    article_page = textileworld_com.ArticlePage

    def is_article_url(self, url: str) -> bool:
        return self._on_site(url) and textileworld_com.is_article_url(url)
