"""textileworld.com (Textile World): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds


class TextileworldComSpider(feeds.FeedSpider):
    site = sites.packaged()["textileworld_com"]  # facts, pages: sites/sites.toml
