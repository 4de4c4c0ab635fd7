"""texindex.com.cn (中华纺织网): GBK pages, articles under /Articles/YYYY-M-D/."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider


class TexindexComCnSpider(NewsSpider):
    site = sites.packaged()["texindex_com_cn"]  # facts, pages: sites/sites.toml
