"""innovationintextiles.com (Innovation in Textiles): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds


class InnovationintextilesComSpider(feeds.FeedSpider):
    site = sites.packaged()["innovationintextiles_com"]  # facts, pages: sites/sites.toml
