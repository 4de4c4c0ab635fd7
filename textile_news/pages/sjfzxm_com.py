"""Page objects of sjfzxm.com's English edition (World Clothing, Shoes & Hats Net).

Written against the replica under tests/fixtures/pages/sjfzxm_com/ (the live markup is
unknown here): every rule reads the visible structure shared/SITES.md describes, with
regular expressions over text where the markup could differ.
"""

from __future__ import annotations

import re

from textile_news.items import NextArticle, RelatedLink
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of

SITE = "sjfzxm_com"
SOURCE_NAME = "World Clothing, Shoes & Hats Net"

# "2020/9/9 23:17:00 4": the publication time, then the view count.
_DATE_LINE = re.compile(r"(\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?)(?:\s+(\d+))?")
_CONTRIBUTED = re.compile(r"^\s*Contributed by\s+(.+)$", re.IGNORECASE)
# The contributor's name is the trailing run of capitalised words, after a role such as
# "observer of world service website".
_NAME = re.compile(r"((?:[A-Z][\w'.-]*\s+)*[A-Z][\w'.-]*)\s*$")
_ARTICLE_HREF = re.compile(r"/global/(?:en|jp)/\d+\.html$")


def contributor_name(line: str | None) -> str | None:
    """``"Contributed by observer of world service website Liang Junwei"`` -> ``"Liang Junwei"``."""
    match = _CONTRIBUTED.match(line or "")
    if not match:
        return None
    who = match[1].strip()
    name = _NAME.search(who)
    return name[1] if name else who


class ArticlePage(base.ArticlePage):
    """An English article, e.g. http://www.sjfzxm.com/global/en/576416.html"""

    site = SITE
    source_name = SOURCE_NAME

    def title(self) -> str | None:
        return text_of(self.css("div.article h1, h1"))

    def _date_line(self) -> re.Match[str] | None:
        return _DATE_LINE.search(text_of(self.css("div.article div.info")) or "")

    def published_at(self) -> str | None:
        line = self._date_line()
        return line[1] if line else super().published_at()

    def date_source(self) -> str | None:
        return "text" if self._date_line() else super().date_source()

    def views(self) -> int | None:
        line = self._date_line()
        return int(line[2]) if line and line[2] else None

    def tags(self) -> list[str]:
        return [t for a in self.css("div.keywords a") if (t := text_of(a))]

    def category(self) -> str | None:
        crumbs = [t for a in self.css("div.position a") if (t := text_of(a))]
        return crumbs[-1] if len(crumbs) > 1 else super().category()

    def summary(self) -> str | None:
        return self.css('meta[name="description"]::attr(content)').get() or super().summary()

    def language(self) -> str | None:
        return "ja" if "/global/jp/" in self.url else (super().language() or "en")

    def _paragraphs(self) -> list[str]:
        return [t for p in self.css("div#content p, div.content p") if (t := text_of(p))]

    def body(self) -> str | None:
        kept = [p for p in self._paragraphs() if not _CONTRIBUTED.match(p)]
        return "\n\n".join(kept) or None

    def author(self) -> str | None:
        lines = [text_of(self.css("div.article div.author")), *self._paragraphs()]
        return next((n for line in lines if (n := contributor_name(line))), None)

    def related(self) -> list[RelatedLink]:
        return [
            RelatedLink(
                url=self.urljoin(href),
                title=text_of(li.css("a.title")),
                category=text_of(li.css(".category")),
                published_at=text_of(li.css(".time")),
            )
            for li in self.css("div.related li")
            if (href := li.css("a.title::attr(href)").get())
        ]

    def next(self) -> NextArticle | None:
        block = self.css("div.next-article")
        href = block.css("h3 a::attr(href)").get()
        if not href:
            return None
        return NextArticle(
            url=self.urljoin(href),
            title=text_of(block.css("h3 a")),
            summary=text_of(block.css("p.summary")),
        )


class ListPage(base.ListPage):
    """A news listing, e.g. http://www.sjfzxm.com/global/en/list/2.html (replica path)."""

    def entries(self) -> list[ListEntry]:
        return [
            ListEntry(
                url=self.urljoin(href),
                title=text_of(li.css("h3 a")),
                summary=text_of(li.css("p.summary")),
                published_at=text_of(li.css(".time")),
                category=text_of(li.css(".category")),
            )
            for li in self.css("div.newslist li")
            if (href := li.css("h3 a::attr(href)").get())
        ]

    def next_page_url(self) -> str | None:
        href = (
            self.css("div.pages a.next::attr(href)").get()
            or self.xpath(
                "//div[@class='pages']//a[normalize-space()='Next' or normalize-space()='>']/@href"
            ).get()
        )
        if href:
            return self.urljoin(href)
        more = self.css("a.more::attr(href)").get()
        return self.urljoin(more) if more else None


def is_article_url(url: str) -> bool:
    """Whether ``url`` has the shape of an article of this edition."""
    return bool(_ARTICLE_HREF.search(url.split("?")[0].split("#")[0]))
