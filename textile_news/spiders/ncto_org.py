"""ncto.org (National Council of Textile Organizations): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news.pages import ncto_org
from textile_news.spiders import feeds


class NctoOrgSpider(feeds.FeedSpider):
    name = "ncto_org"
    site_url = "https://www.ncto.org"
    feed_paths = ("/feed/",)
    timezone = "America/New_York"  # Washington, D.C.
    site_hosts = ("ncto.org", "*.ncto.org")
    article_page = ncto_org.ArticlePage
