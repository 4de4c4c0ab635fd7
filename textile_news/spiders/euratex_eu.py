"""euratex.eu (EURATEX): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news.pages import euratex_eu
from textile_news.spiders import feeds


class EuratexEuSpider(feeds.FeedSpider):
    name = "euratex_eu"
    site_url = "https://euratex.eu"
    feed_paths = ("/feed/",)
    timezone = "Europe/Brussels"
    site_hosts = ("euratex.eu", "*.euratex.eu")
    article_page = euratex_eu.ArticlePage
