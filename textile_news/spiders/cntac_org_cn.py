"""cntac.org.cn (中国纺织工业联合会): the news sections under /zixun/."""

from __future__ import annotations

from textile_news.pages import cntac_org_cn
from textile_news.spiders.base import NewsSpider


class CntacOrgCnSpider(NewsSpider):
    name = "cntac_org_cn"
    site_url = "http://www.cntac.org.cn"
    start_paths = ("/zixun/hangye/", "/zixun/shuju/", "/zixun/guoji/")
    timezone = "Asia/Shanghai"
    site_hosts = ("cntac.org.cn", "*.cntac.org.cn")
    article_page = cntac_org_cn.ArticlePage
    list_page = cntac_org_cn.ListPage

    def is_article_url(self, url: str) -> bool:
        return cntac_org_cn.is_article_url(url)
