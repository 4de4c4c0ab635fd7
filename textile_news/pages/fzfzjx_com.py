"""Page objects of fzfzjx.com (纺织服装机械网, textile and garment machinery news).

Written against the replica under tests/fixtures/pages/fzfzjx_com/, built from the facts in
shared/SITES.md (the live markup is unknown here): title ``div.caption p``, the line
"{date} 纺织服装机械网 {N}点击" in ``div.newstime > dl > dt``, the body in
``.newshow_fontshow``, the source in ``p.ly`` ("来源："), listings ``/news/t{cat}_p{n}/`` with
links in ``dl.newslist > dt > p > a`` and paging in ``#pagenum > a``. Regular expressions over
text back up the selectors.
"""

from __future__ import annotations

import re

from textile_news import sites
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of

SITE = "fzfzjx_com"
SOURCE_NAME = "纺织服装机械网"

# The article URL pattern is not known: any page under /news/ named by a number, which the
# listings (/news/t{cat}_p{n}/) are not.
_DATE = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_VIEWS = re.compile(r"(\d+)\s*(?:次)?点击")
_SOURCE = re.compile(r"来源\s*[:：]\s*(.*)$")
_LIST_PAGE = re.compile(r"/news/t(\d+)_p(\d+)/?$")


def source_of(text: str | None) -> str | None:
    """``"来源：中国纺织机械协会"`` -> ``"中国纺织机械协会"``; None when it names none."""
    match = _SOURCE.search((text or "").strip())
    return (match[1].strip() or None) if match else None


def is_article_url(url: str) -> bool:
    """Whether ``url`` looks like an article (a numbered page under /news/)."""
    return sites.packaged()[SITE].is_article_url(url)


class ArticlePage(base.ArticlePage):
    """A news article, e.g. http://www.fzfzjx.com/news/85632.html (replica path)"""

    site = SITE
    source_name = SOURCE_NAME

    def title(self) -> str | None:
        return text_of(self.css("div.caption p")) or super().title()

    def _newstime(self) -> str:
        return (
            text_of(self.css("div.newstime > dl > dt")) or text_of(self.css("div.newstime")) or ""
        )

    def published_at(self) -> str | None:
        match = _DATE.search(self._newstime())
        return match[0] if match else super().published_at()

    def date_source(self) -> str | None:
        return "text" if _DATE.search(self._newstime()) else super().date_source()

    def views(self) -> int | None:
        match = _VIEWS.search(self._newstime())
        return int(match[1]) if match else None

    def source(self) -> str | None:
        named = source_of(text_of(self.css("p.ly")))
        if named is None:  # without p.ly: a "来源：" paragraph at the end of the text
            lines = [text_of(p) for p in self.css(".newshow_fontshow p")]
            named = next((s for line in reversed(lines) if (s := source_of(line))), None)
        return named or super().source()

    def body(self) -> str | None:
        nodes = self.css(".newshow_fontshow p:not(.ly)")
        paragraphs = [t for p in nodes if (t := text_of(p)) and not source_of(t)]
        if not paragraphs:  # text split by <br> only
            texts = self.css(".newshow_fontshow").xpath(".//text()[not(ancestor::p)]").getall()
            paragraphs = [t for s in texts if (t := " ".join(s.split()))]
        return "\n\n".join(paragraphs) or None

    def language(self) -> str | None:
        return "zh"


class ListPage(base.ListPage):
    """A category listing, e.g. http://www.fzfzjx.com/news/t3_p1/"""

    def category(self) -> str | None:
        """The listing's category: the #nheadnav link to /news/t{cat}_p1/ of this listing."""
        current = _LIST_PAGE.search(self.url.split("?")[0])
        if not current:
            return None
        for a in self.css("#nheadnav > p > a"):
            listing = _LIST_PAGE.search(self.urljoin(a.attrib.get("href", "")))
            if listing and listing[1] == current[1]:
                return text_of(a)
        return None

    def entries(self) -> list[ListEntry]:
        category = self.category()
        entries = []
        for dt in self.css("dl.newslist > dt"):
            a = dt.css("p > a")
            href = a.attrib.get("href")
            if href:
                date = _DATE.search(text_of(dt.css("span")) or "")
                entries.append(
                    ListEntry(
                        url=self.urljoin(href),
                        title=a.attrib.get("title") or text_of(a),
                        summary=text_of(dt.xpath("following-sibling::dd[1]")),
                        published_at=date[0] if date else None,
                        category=category,
                    )
                )
        return entries

    def next_page_url(self) -> str | None:
        links = [(text_of(a) or "", a.attrib.get("href", "")) for a in self.css("#pagenum > a")]
        href = next((h for text, h in links if text == "下一页" and h), None)
        current = _LIST_PAGE.search(self.url.split("?")[0])
        if href is None and current:  # no "下一页" link: the numbered link to the next page
            wanted = f"/news/t{current[1]}_p{int(current[2]) + 1}/"
            href = next((h for _, h in links if self.urljoin(h).endswith(wanted)), None)
        return self.urljoin(href) if href else None
