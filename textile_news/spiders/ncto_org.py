"""ncto.org (National Council of Textile Organizations): crawled through its WordPress feed."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders import feeds


class NctoOrgSpider(feeds.FeedSpider):
    site = sites.packaged()["ncto_org"]  # facts, pages: sites/sites.toml
