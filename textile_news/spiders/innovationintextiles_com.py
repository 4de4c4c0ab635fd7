"""innovationintextiles.com (Innovation in Textiles): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news.pages import innovationintextiles_com
from textile_news.spiders import feeds


class InnovationintextilesComSpider(feeds.FeedSpider):
    name = "innovationintextiles_com"
    site_url = "https://www.innovationintextiles.com"
    feed_paths = ("/feed/",)
    timezone = "Europe/London"
    site_hosts = ("innovationintextiles.com", "*.innovationintextiles.com")
    article_page = innovationintextiles_com.ArticlePage
