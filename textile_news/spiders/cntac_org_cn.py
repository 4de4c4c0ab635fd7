"""cntac.org.cn (中国纺织工业联合会): the news sections under /zixun/."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider


class CntacOrgCnSpider(NewsSpider):
    site = sites.packaged()["cntac_org_cn"]  # facts, pages: sites/sites.toml
