"""euratex.eu (EURATEX): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds


class EuratexEuSpider(feeds.FeedSpider):
    site = sites.packaged()["euratex_eu"]  # facts, pages: sites/sites.toml
