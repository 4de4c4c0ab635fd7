"""just-style.com (Just Style): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds


class JustStyleComSpider(feeds.FeedSpider):
    site = sites.packaged()["just_style_com"]  # facts, pages: sites/sites.toml
