"""cntac.org.cn (中国纺织工业联合会): the news sections under /zixun/."""

from __future__ import annotations

from textile_news import sites
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.contracts import checked


class CntacOrgCnSpider(NewsSpider):
    site = sites.packaged()["cntac_org_cn"]  # facts, pages: sites/sites.toml

    parse_listing = checked(
        NewsSpider.parse_listing,
        """@replica /zixun/hangye/
        @returns requests 5 5
        """,
    )

    parse_article = checked(
        NewsSpider.parse_article,
        """@replica /zixun/hangye/202001/t20200116_4101234.html
        @returns items 1 1
        @article title published_at body
        """,
    )
