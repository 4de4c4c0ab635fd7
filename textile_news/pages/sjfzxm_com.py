"""Page objects of sjfzxm.com (世界服装鞋帽网, World Clothing, Shoes & Hats Net): both editions.

Written against the replicas under tests/fixtures/pages/sjfzxm_com/ (the live markup is
unknown here): every rule reads the visible structure shared/SITES.md describes, with
regular expressions over text where the markup could differ. The English edition lives at
``/global/en/{id}.html``, the Chinese one at ``/news/{channel}/{YYYYMMDD}/{id}.html``; the
URL picks the page object, the replicas share the rest of the markup.
"""

from __future__ import annotations

import re
from typing import Any, Self, cast

from textile_news import sites
from textile_news.items import NextArticle, RelatedLink
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of

SITE = "sjfzxm_com"
SOURCE_NAME = "World Clothing, Shoes & Hats Net"
ZH_SOURCE_NAME = "世界服装鞋帽网"

# "2020/9/9 23:17:00 4": the publication time, then the view count.
_DATE_LINE = re.compile(r"(\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?)(?:\s+(\d+))?")
_CONTRIBUTED = re.compile(r"^\s*Contributed by\s+(.+)$", re.IGNORECASE)
# The contributor's name is the trailing run of capitalised words, after a role such as
# "observer of world service website".
_NAME = re.compile(r"((?:[A-Z][\w'.-]*\s+)*[A-Z][\w'.-]*)\s*$")
_ZH_ARTICLE = re.compile(r"/news/[\w-]+/(\d{4})(\d{2})(\d{2})/\d+\.html$")
# "2011-01-06 09:12:33", "2011年01月06日 09:12" or "2011年01月06日".
_ZH_DATE = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
# Credit labels, Simplified and (on the 91se91.com mirror) Traditional; "责任编辑" before
# "编辑" so that the longer label wins. A name runs to the next "label：" (known or not,
# bracketed or not), a closing bracket or the end of its line; a label may stand empty, and
# then it names nobody.
_LABELS = {
    "来源": "source",
    "來源": "source",
    "作者": "author",
    "责任编辑": "editor",
    "責任編輯": "editor",
    "编辑": "editor",
    "編輯": "editor",
}
_LABEL = "|".join(_LABELS)
_CREDIT = re.compile(
    rf"({_LABEL})\s*[:：][^\S\n]*(.*?)\s*"
    rf"(?=[(（]?\s*(?:{_LABEL})\s*[:：]|\s[^\s:：]+\s*[:：]|[)）\n]|$)"
)
_CREDIT_LINE = re.compile(rf"^[(（]?\s*(?:{_LABEL})\s*[:：]")


def contributor_name(line: str | None) -> str | None:
    """``"Contributed by observer of world service website Liang Junwei"`` -> ``"Liang Junwei"``."""
    match = _CONTRIBUTED.match(line or "")
    if not match:
        return None
    who = match[1].strip()
    name = _NAME.search(who)
    return name[1] if name else who


def credits(text: str | None) -> dict[str, str]:
    """``"来源：中国纺织报 作者：王丽"`` -> ``{"source": "中国纺织报", "author": "王丽"}``.

    Labels given no name are left out; the first name given for a role wins.
    """
    found: dict[str, str] = {}
    for label, name in _CREDIT.findall(text or ""):
        if name:
            found.setdefault(_LABELS[label], name)
    return found


def _path(url: str) -> str:
    return url.split("?")[0].split("#")[0]


def is_chinese_article_url(url: str) -> bool:
    """Whether ``url`` is a Chinese edition article: ``/news/{channel}/{YYYYMMDD}/{id}.html``."""
    return bool(_ZH_ARTICLE.search(_path(url)))


def is_article_url(url: str) -> bool:
    """Whether ``url`` has the shape of an article of either edition."""
    return sites.packaged()[SITE].is_article_url(url)


class ArticlePage(base.ArticlePage):
    """An article of either edition: built for a Chinese edition URL it is a
    ``ChineseArticlePage``, else a ``GlobalArticlePage``.

    The spider, ``extract`` and ``reextract`` all build ``article_page(url, html, hints)``,
    and the URL is what tells the editions apart, so the choice is made here.
    """

    site = SITE
    source_name = SOURCE_NAME

    def __new__(cls, url: str = "", *args: Any, **kwargs: Any) -> Self:
        edition: type[ArticlePage] = cls
        if cls is ArticlePage:
            edition = ChineseArticlePage if is_chinese_article_url(url) else GlobalArticlePage
        return cast("Self", super().__new__(edition))

    def title(self) -> str | None:
        return text_of(self.css("div.article h1, h1"))

    def tags(self) -> list[str]:
        return [t for a in self.css("div.keywords a") if (t := text_of(a))]

    def category(self) -> str | None:
        crumbs = [t for a in self.css("div.position a") if (t := text_of(a))]
        return crumbs[-1] if len(crumbs) > 1 else super().category()

    def summary(self) -> str | None:
        return self.css('meta[name="description"]::attr(content)').get() or super().summary()

    def _paragraphs(self) -> list[str]:
        return [t for p in self.css("div#content p, div.content p") if (t := text_of(p))]

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


class GlobalArticlePage(ArticlePage):
    """An English article, e.g. http://www.sjfzxm.com/global/en/576416.html (or Japanese,
    ``/global/jp/``)."""

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

    def language(self) -> str | None:
        return "ja" if "/global/jp/" in self.url else (super().language() or "en")

    def body(self) -> str | None:
        kept = [p for p in self._paragraphs() if not _CONTRIBUTED.match(p)]
        return "\n\n".join(kept) or None

    def author(self) -> str | None:
        lines = [text_of(self.css("div.article div.author")), *self._paragraphs()]
        return next((n for line in lines if (n := contributor_name(line))), None)


class ChineseArticlePage(ArticlePage):
    """A Chinese article, e.g. http://www.sjfzxm.com/news/difang/20110106/207507.html

    Breadcrumb "世界服装鞋帽网首页 > 正文" (so the category comes from the listing), a line
    of date, "来源：" and "作者：", and a "责任编辑：" line after the body.
    """

    source_name = ZH_SOURCE_NAME

    def _info(self) -> str:
        return text_of(self.css("div.article div.info")) or ""

    def _date(self) -> str | None:
        match = _ZH_DATE.search(self._info())
        return match[0] if match else None

    def _url_date(self) -> str | None:
        match = _ZH_ARTICLE.search(_path(self.url))
        return f"{match[1]}-{match[2]}-{match[3]}" if match else None

    def published_at(self) -> str | None:
        # The listing's time is more precise than the day in the URL.
        return self._date() or super().published_at() or self._url_date()

    def date_source(self) -> str | None:
        if self._date():
            return "text"
        return super().date_source() or ("url" if self._url_date() else None)

    def _credits(self) -> dict[str, str]:
        lines = [self._info(), text_of(self.css("div.article div.author")) or ""]
        lines += [p for p in self._paragraphs() if _CREDIT_LINE.match(p)]
        return credits("\n".join(lines))

    def source(self) -> str | None:
        return self._credits().get("source") or super().source()

    def author(self) -> str | None:
        # The editor is the only person many Chinese pages credit: like the English
        # edition's contributor, better than nobody.
        named = self._credits()
        return named.get("author") or named.get("editor")

    def language(self) -> str | None:
        return "zh"

    def body(self) -> str | None:
        kept = [p for p in self._paragraphs() if not _CREDIT_LINE.match(p)]
        return "\n\n".join(kept) or None


class ListPage(base.ListPage):
    """A news listing of either edition, e.g. http://www.sjfzxm.com/global/en/list/2.html or
    http://www.sjfzxm.com/news/index_2.html (replica paths)."""

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
                "//div[@class='pages']//a[normalize-space()='Next' or normalize-space()='>'"
                " or normalize-space()='下一页' or normalize-space()='下一頁']/@href"
            ).get()
        )
        if href:
            return self.urljoin(href)
        more = self.css("a.more::attr(href)").get()
        return self.urljoin(more) if more else None
