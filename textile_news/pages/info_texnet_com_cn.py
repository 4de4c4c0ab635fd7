"""Page objects of info.texnet.com.cn (中国纺织网), the news channel.

Written against the replica under tests/fixtures/pages/info_texnet_com_cn/, built from the
facts in shared/SITES.md (the live markup is unknown here): articles ``detail-{id}.html``, the
header "2026-09-11 16:38:13 来源：生意社", the body in ``div.detail-text``, list items
``div.content-list > ul > li`` with the title in ``a[title]`` and the date in ``span``.
Regular expressions over text back up the selectors.
"""

from __future__ import annotations

import re

from textile_news import sites
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of

SITE = "info_texnet_com_cn"
SOURCE_NAME = "中国纺织网"

_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
# "来源：生意社", up to the next label or the end of the header.
_SOURCE = re.compile(r"来源\s*[:：]\s*(.+?)\s*(?:(?:作者|编辑|责任编辑|浏览|点击)\s*[:：]|$)")


def header_source(text: str | None) -> str | None:
    """``"2026-09-11 16:38:13 来源：生意社"`` -> ``"生意社"``; None when no source is named."""
    match = _SOURCE.search(text or "")
    return match[1] if match else None


def is_article_url(url: str) -> bool:
    """Whether ``url`` has the shape of an article: ``/detail-{id}.html``."""
    return sites.packaged()[SITE].is_article_url(url)


class ArticlePage(base.ArticlePage):
    """A news article, e.g. https://info.texnet.com.cn/detail-952871.html"""

    site = SITE
    source_name = SOURCE_NAME

    def title(self) -> str | None:
        return text_of(self.css("div.detail-title h1, div.detail h1, h1"))

    def _header(self) -> str:
        header = text_of(self.css("div.detail-info"))
        if header:
            return header
        # Without the header's markup: the first line of text that holds a date and 来源.
        lines = (" ".join(t.split()) for t in self.xpath("//body//text()").getall())
        return next((t for t in lines if _DATE.search(t) and "来源" in t), "")

    def published_at(self) -> str | None:
        match = _DATE.search(self._header())
        return match[0] if match else super().published_at()

    def date_source(self) -> str | None:
        return "text" if _DATE.search(self._header()) else super().date_source()

    def source(self) -> str | None:
        return header_source(self._header()) or super().source()

    def body(self) -> str | None:
        # SITES.md quotes "div.detail-text > div > p > p"; an HTML parser never nests <p>,
        # so every paragraph under div.detail-text is taken.
        paragraphs = [t for p in self.css("div.detail-text p") if (t := text_of(p))]
        return "\n\n".join(paragraphs) or None

    def language(self) -> str | None:
        return "zh"


class ListPage(base.ListPage):
    """A listing, e.g. https://info.texnet.com.cn/daynews_list--1.html"""

    def entries(self) -> list[ListEntry]:
        return [
            ListEntry(
                url=self.urljoin(href),
                title=a.attrib.get("title") or text_of(a),
                published_at=text_of(li.css("span")),
            )
            for li in self.css("div.content-list > ul > li")
            for a in li.css("a[title]")[:1] or li.css("a")[:1]
            if (href := a.attrib.get("href"))
        ]

    def next_page_url(self) -> str | None:
        href = self.xpath("//a[normalize-space()='下一页' or normalize-space()='>']/@href").get()
        return self.urljoin(href) if href and not href.startswith("javascript") else None
