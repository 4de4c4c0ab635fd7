"""Page objects of cntac.org.cn (中国纺织工业联合会, China National Textile and Apparel Council).

Written against the replica under tests/fixtures/pages/cntac_org_cn/, built from the facts in
shared/SITES.md (the live markup is unknown here): the header "文章来源: 发布时间:2020-01-16",
the breadcrumb "首页 > 行业资讯 > 行业发展 > 正文" and the trailing "(来源:…)" line that names
the source. Regular expressions over text back up every selector.
"""

from __future__ import annotations

import re

from textile_news import sites
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of

SITE = "cntac_org_cn"
SOURCE_NAME = "中国纺织工业联合会"

_PUBLISHED = re.compile(r"发布时间\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")
# "文章来源: 发布时间:…": the header's source is often empty, so it stops at the next label.
_HEADER_SOURCE = re.compile(r"文章来源\s*[:：]\s*(.*?)\s*(?:发布时间|$)")
# "(来源:中国纺织工业联合会流通分会)", ASCII or full-width brackets and colon.
_SOURCE_LINE = re.compile(r"^[(（]\s*来源\s*[:：]\s*(.+?)\s*[)）]$")
_BREADCRUMB_SEP = re.compile(r"\s*[>＞]\s*")
_LIST_PAGER = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)"
)


def source_line(text: str | None) -> str | None:
    """``"(来源:中国棉纺织行业协会)"`` -> ``"中国棉纺织行业协会"``; None for other text."""
    match = _SOURCE_LINE.match((text or "").strip())
    return match[1] if match else None


def is_article_url(url: str) -> bool:
    """Whether ``url`` is an article: ``/zixun/{section}/{YYYYMM}/t{YYYYMMDD}_{id}.html``."""
    return sites.packaged()[SITE].is_article_url(url)


class ArticlePage(base.ArticlePage):
    """A news article, e.g. http://www.cntac.org.cn/zixun/hangye/202001/t20200116_4101234.html"""

    site = SITE
    source_name = SOURCE_NAME

    def title(self) -> str | None:
        return text_of(self.css("div.detail h1, h1"))

    def _header(self) -> str:
        return text_of(self.css("div.detail div.info")) or text_of(self.css("body")) or ""

    def published_at(self) -> str | None:
        match = _PUBLISHED.search(self._header())
        return match[1] if match else super().published_at()

    def date_source(self) -> str | None:
        return "text" if _PUBLISHED.search(self._header()) else super().date_source()

    def _paragraphs(self) -> list[str]:
        nodes = self.css("div.detail div.TRS_Editor p") or self.css("div.detail div.content p")
        return [t for p in nodes if (t := text_of(p))]

    def body(self) -> str | None:
        kept = [p for p in self._paragraphs() if not source_line(p)]
        return "\n\n".join(kept) or None

    def source(self) -> str | None:
        named = next((s for p in reversed(self._paragraphs()) if (s := source_line(p))), None)
        if named:
            return named
        header = _HEADER_SOURCE.search(text_of(self.css("div.detail div.info")) or "")
        return (header[1] if header and header[1] else None) or super().source()

    def category(self) -> str | None:
        # "首页 > 行业资讯 > 行业发展 > 正文": the crumb before "正文".
        crumbs = [c for c in _BREADCRUMB_SEP.split(text_of(self.css("div.position")) or "") if c]
        crumbs = [c for c in crumbs if c != "正文" and not c.startswith("当前位置")]
        return crumbs[-1] if len(crumbs) > 1 else super().category()

    def language(self) -> str | None:
        return "zh"


class ListPage(base.ListPage):
    """A section listing, e.g. http://www.cntac.org.cn/zixun/hangye/ (pages index_1.html, …)."""

    def entries(self) -> list[ListEntry]:
        return [
            ListEntry(
                url=self.urljoin(href),
                title=a.attrib.get("title") or text_of(a),
                published_at=text_of(li.css("span")),
            )
            for li in self.css("div.list ul li, ul.list li")
            for a in li.css("a")[:1]
            if (href := a.attrib.get("href")) and is_article_url(self.urljoin(href))
        ]

    def next_page_url(self) -> str | None:
        # TRS-style pager: createPageHTML(pages, current, "index", "html"); page 0 is index.html.
        script = " ".join(self.css("script::text").getall())
        pager = _LIST_PAGER.search(script)
        if pager:
            count, current, stem, ext = int(pager[1]), int(pager[2]), pager[3], pager[4]
            return self.urljoin(f"{stem}_{current + 1}.{ext}") if current + 1 < count else None
        href = self.xpath("//a[normalize-space()='下一页']/@href").get()
        return self.urljoin(href) if href else None
