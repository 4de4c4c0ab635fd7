"""info.texnet.com.cn (中国纺织网): the daily news and 服装动态 listings."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider


class InfoTexnetComCnSpider(NewsSpider):
    site = sites.packaged()["info_texnet_com_cn"]  # facts, pages: sites/sites.toml
