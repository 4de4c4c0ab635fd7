"""Page objects of fibre2fashion.com (Fibre2Fashion, Indian textile and apparel trade portal).

Written against the replica under tests/fixtures/pages/fibre2fashion_com/, built from the
facts in shared/SITES.md (about 2020, possibly stale; the live markup is unknown here):
listings ``/news/allnews.aspx?SortBy=latest&page=N`` with links ``a.blue-heading``, the body in
``span.news-details-txt``, the date in ``div.news-date``, articles
``/news/{cat}/{slug}-{id}-newsdetails.htm``. OpenGraph and meta tags back up the selectors.
"""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from textile_news import sites
from textile_news.pages import base
from textile_news.pages.base import ListEntry, text_of
from textile_news.pages.scopes import LinkScopes

SITE = "fibre2fashion_com"
SOURCE_NAME = "Fibre2Fashion"

# "Oct 05, 2020", "05 Oct 2020", "October 5, 2020 11:30 AM" inside div.news-date.
_MONTH = r"[A-Z][a-z]{2,8}\.?"
_DATE = re.compile(
    rf"(?:{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}})"
    r"(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?",
    re.IGNORECASE,
)
# The desk's credit that closes a story: "Fibre2Fashion News Desk (RKS)", initials of the
# editor in brackets; "Fibre2Fashion News Desk – India (RR)" names a bureau too.
_DESK_CREDIT = re.compile(
    r"^(Fibre2Fashion News Desk(?:\s*[-–—]\s*[A-Za-z ]+?)?)\s*\(([A-Z]{1,5})\)$"
)
_SOURCE_LINE = re.compile(r"^\(?\s*Source\s*:\s*(.+?)\s*\)?$", re.IGNORECASE)
_STRUCTURED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def is_article_url(url: str) -> bool:
    """``/news/{cat}/{slug}-{id}-newsdetails.htm`` (on fibre2fashion.com or a mirror of it)."""
    return sites.packaged()[SITE].is_article_url(url)


def category_of(url: str) -> str | None:
    """``/news/textile-news/...`` -> ``"Textile News"``: the section the URL files it under."""
    match = sites.packaged()[SITE].article_match(url)
    return match[1].replace("-", " ").title() if match else None


def credit(line: str | None) -> tuple[str | None, str | None]:
    """``(source, author)`` named by a closing credit line; ``(None, None)`` for other text.

    ``"Fibre2Fashion News Desk (RKS)"`` -> ``("Fibre2Fashion News Desk", "RKS")``;
    ``"Source: BGMEA"`` -> ``("BGMEA", None)``.
    """
    line = " ".join((line or "").split())
    if match := _DESK_CREDIT.match(line):
        return match[1], match[2]
    if match := _SOURCE_LINE.match(line):
        return match[1], None
    return None, None


def paragraphs(node: Selector | None) -> list[str]:
    """The paragraphs of a text block split by ``<br>`` (ASP.NET output), or by ``<p>``."""
    if node is None:
        return []
    found: list[str] = []
    current: list[str] = []
    for child in node.xpath("node()[not(self::comment())]"):
        tag = child.xpath("name()").get()
        if tag in ("br", "p", "div"):
            found.append("".join(current))
            current = []
            if tag != "br":
                found.append(child.xpath("string()").get(""))
        else:
            current.append(child.get() if not tag else child.xpath("string()").get(""))
    found.append("".join(current))
    return [t for text in found if (t := " ".join(text.split()))]


class ArticlePage(base.ArticlePage):
    """A news story, e.g. https://www.fibre2fashion.com/news/textile-news/cai-retains-cotton-crop-estimate-for-2020-21-season-at-356-lakh-bales-270512-newsdetails.htm"""

    site = SITE
    source_name = SOURCE_NAME

    def _meta(self, key: str) -> str | None:
        value = self.css(
            f'meta[property="{key}"]::attr(content), meta[name="{key}"]::attr(content)'
        )
        text = " ".join(value.get("").split())
        return text or None

    def title(self) -> str | None:
        return text_of(self.css("h1")) or self._meta("og:title")

    def _date(self) -> tuple[str | None, str | None]:
        # A machine-written date with time and zone says more than the visible day; the zone
        # of a visible date is the site's (Asia/Kolkata).
        structured = self._meta("article:published_time")
        if structured and _STRUCTURED_DATE.match(structured):
            return structured, "meta"
        shown = text_of(self.css("div.news-date"))
        if shown:
            match = _DATE.search(shown)
            return (match[0] if match else shown), "text"
        return self.hints.get("published_at"), self.hints.get("date_source", "listing")

    def published_at(self) -> str | None:
        return self._date()[0]

    def date_source(self) -> str | None:
        found, where = self._date()
        return where if found else None

    @cached_property
    def _text(self) -> tuple[list[str], list[tuple[str | None, str | None]]]:
        """The story's paragraphs, and the credits that close it (last first)."""
        nodes = self.css("span.news-details-txt")
        lines = paragraphs(nodes[0] if nodes else None)
        credits = []
        while lines and (named := credit(lines[-1])) != (None, None):
            credits.append(named)
            lines.pop()
        return lines, credits

    def _credits(self) -> list[tuple[str | None, str | None]]:
        return self._text[1]

    def body(self) -> str | None:
        return "\n\n".join(self._text[0]) or None

    def source(self) -> str | None:
        # "Source: X" names the origin; the desk credit is the site's own newsroom.
        sources = [source for source, author in self._credits() if source and not author]
        desks = [source for source, author in self._credits() if source and author]
        return (sources or desks or [self.source_name])[0]

    def author(self) -> str | None:
        return next((author for _, author in self._credits() if author), None)

    def tags(self) -> list[str]:
        keywords = self._meta("keywords") or ""
        return [k.strip() for k in keywords.split(",") if k.strip()]

    def category(self) -> str | None:
        return category_of(self.url) or super().category()

    def language(self) -> str | None:
        return super().language() or "en"

    def summary(self) -> str | None:
        return self._meta("og:description") or self._meta("description") or super().summary()


class ListPage(base.ListPage):
    """The all-news listing, e.g. https://www.fibre2fashion.com/news/allnews.aspx?SortBy=latest&page=1"""

    def entries(self) -> list[ListEntry]:
        return self._entries

    @cached_property
    def _entries(self) -> list[ListEntry]:
        # once a page: next_page_url asks whether the page lists articles
        entries = []
        seen = set()
        links = self.css("a.blue-heading")
        # a listing item: the largest element around a link that holds no other story link
        scopes = LinkScopes((a.root, a.root) for a in links)
        for a in links:
            url = self.urljoin(a.attrib.get("href", ""))
            if not is_article_url(url) or url in seen:
                continue
            seen.add(url)
            widest = scopes.widest(a.root, a.root)
            item = Selector(root=widest, type="html") if widest is not None else a.xpath("..")
            date = _DATE.search(text_of(item.css("div.news-date")) or "")
            entries.append(
                ListEntry(
                    url=url,
                    title=a.attrib.get("title") or text_of(a),
                    summary=text_of(item.css("p")),
                    published_at=date[0] if date else None,
                    category=category_of(url),
                )
            )
        return entries

    def next_page_url(self) -> str | None:
        href = self.xpath(
            "//link[@rel='next']/@href | //a[@rel='next']/@href"
            " | //a[translate(normalize-space(), 'NEXT', 'next') = 'next']/@href"
        ).get()
        if href:
            return self.urljoin(href)
        # The pager's markup is not known: page N+1, while a page still lists articles.
        return with_page(self.url, page_of(self.url) + 1) if self.entries() else None


def page_of(url: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get("page", "1")
    return int(value) if value.isdigit() else 1


def with_page(url: str, number: int) -> str:
    """``allnews.aspx?SortBy=latest&page=1`` -> the same listing at page ``number``."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(number)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
