"""Page objects of texindex.com.cn (中华纺织网), a GBK site.

Written against the replica under tests/fixtures/pages/texindex_com_cn/, built from the facts
in shared/SITES.md (the live markup is unknown here): title ``td.RightItemBody div h1``, body
``div#zoom``, the date as the token with 年, the editor after "编辑：", the view count after
"点击数", listings ``{section}index{n}.html`` with "共计 N 个页面". Regular expressions over
text back up the selectors.
"""

from __future__ import annotations

import re
from typing import Any

from textile_news import sites
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of

SITE = "texindex_com_cn"
SOURCE_NAME = "中华纺织网"

_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_EDITOR = re.compile(r"编辑\s*[:：]\s*([^\s:：]+)")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s:：]+)")
_VIEWS = re.compile(r"点击数\s*[:：]?\s*(\d+)")
_PAGE_COUNT = re.compile(r"共计\s*(\d+)\s*个页面")
_LIST_INDEX = re.compile(r"index(\d+)\.html?$", re.IGNORECASE)
_HEADER_TEXT = (
    "//td[contains(concat(' ', normalize-space(@class), ' '), ' RightItemBody ')]"
    "//text()[not(ancestor::div[@id='zoom']) and not(ancestor::h1) and not(ancestor::script)]"
)


def is_article_url(url: str) -> bool:
    """Whether ``url`` has the shape of an article: /Articles/YYYY-M-D/{id}.html."""
    return sites.packaged()[SITE].is_article_url(url)


class ArticlePage(base.ArticlePage):
    """A news article, e.g. http://www.texindex.com.cn/Articles/2020-1-8/471253.html"""

    site = SITE
    source_name = SOURCE_NAME

    def title(self) -> str | None:
        return text_of(self.css("td.RightItemBody div h1")) or super().title()

    def _header(self) -> str:
        return " ".join(" ".join(self.xpath(_HEADER_TEXT).getall()).split())

    def published_at(self) -> str | None:
        match = _DATE.search(self._header())
        return match[0] if match else super().published_at()

    def date_source(self) -> str | None:
        return "text" if _DATE.search(self._header()) else super().date_source()

    def author(self) -> str | None:
        match = _EDITOR.search(self._header())
        return match[1] if match else None

    def source(self) -> str | None:
        match = _SOURCE.search(self._header())
        return match[1] if match else super().source()

    def views(self) -> int | None:
        match = _VIEWS.search(self._header())
        return int(match[1]) if match else None

    def body(self) -> str | None:
        zoom = self.css("div#zoom")
        paragraphs = [t for p in zoom.css("p") if (t := text_of(p))]
        if not paragraphs:  # text split by <br> only
            paragraphs = [t for s in zoom.xpath(".//text()").getall() if (t := " ".join(s.split()))]
        return "\n\n".join(paragraphs) or None

    def language(self) -> str | None:
        return "zh"


class ListPage(base.ListPage):
    """A section listing, e.g. http://www.texindex.com.cn/news/index1.html (replica path)."""

    def entries(self) -> list[ListEntry]:
        seen: dict[str, ListEntry] = {}
        for a in self._links():
            href = a.get("href")
            url = self.urljoin(href) if href else ""
            if url and is_article_url(url) and url not in seen:
                row = next(a.iterancestors("tr"), None)
                date = _DATE.search(_text(row)) if row is not None else None
                title = a.get("title") or _text(a) or None
                seen[url] = ListEntry(url=url, title=title, published_at=date[0] if date else None)
        return list(seen.values())

    def _links(self) -> list[Any]:
        """The headline links (lxml elements), else every link. Walked with lxml: the CSS
        query's XPath (descendant-or-self steps, nested) took 55 s on a 100,000-link page."""
        root = self.selector.root
        links = [
            a
            for body in root.iter("td")
            if "RightItemBody" in (body.get("class") or "").split()
            for cell in body.iter("td")
            if "InnerLink" in (cell.get("class") or "").split()
            for a in cell.iter("a")
        ]
        return links or list(root.iter("a"))

    def next_page_url(self) -> str | None:
        pages = _PAGE_COUNT.search(text_of(self.css("td[height='20']")) or "")
        if not pages:
            return None
        current = _LIST_INDEX.search(self.url.split("?")[0])
        number = int(current[1]) if current else 1
        return self.urljoin(f"index{number + 1}.html") if number < int(pages[1]) else None


def _text(element: Any) -> str:
    """All text under an lxml element, whitespace collapsed (as ``base.text_of``)."""
    return " ".join("".join(element.itertext()).split())
