"""Listing pages of any news site: which links are articles, and which one is the next page.

Part of issue 4 (the generic spider, ``textile-news crawl generic --start-url URL``). No site
knowledge, only heuristics: an article link stays on the listing's host, sits outside the
page's navigation, has a path shaped like an article's (a date, a numeric id or a long
slug, and no tag, category, author or account segment) and a text that reads like a headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml.html import HtmlElement

from textile_news.pages import base
from textile_news.pages.base import ListEntry
from textile_news.pages.scopes import LinkScopes
from textile_news.text.dates import listed_date

# Path segments of pages that list, describe or serve the site rather than report news.
NOT_ARTICLE_SEGMENTS = frozenset(
    {
        *("tag", "tags", "category", "categories", "topic", "topics", "page", "search"),
        *("author", "authors", "user", "users", "profile", "member", "members"),
        *("login", "logout", "signin", "sign-in", "signup", "sign-up", "register"),
        *("account", "my-account", "cart", "checkout", "subscribe", "newsletter"),
        *("about", "about-us", "aboutus", "contact", "contact-us", "contactus", "advertise"),
        *("privacy", "privacy-policy", "terms", "terms-of-use", "terms-and-conditions"),
        *("cookie-policy", "cookies", "feed", "rss", "atom", "comments", "share", "print"),
        *("amp", "wp-admin", "wp-login", "wp-content", "wp-json"),
    }
)
NOT_ARTICLE_QUERY = frozenset({"tag", "tags", "category", "cat", "author", "s", "q", "search"})
PAGE_KEYS = ("page", "paged", "pg", "pn", "pageno", "pagenum", "currpage", "currentpage")
# Normalised link texts of a "next page" link (lower case, no arrows, spaces or dots).
NEXT_TEXTS = frozenset(
    {
        *("next", "nextpage", "older", "olderposts", "olderentries", "olderarticles"),
        *("oldernews", "下一页", "下页", "后页", "下一頁", "次へ", "次のページ", "suivant"),
        *("pagesuivante", "weiter", "nächsteseite", "siguiente", "próximo", "successiva"),
        "następna",
    }
)
_FILE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|zip|rar|gz|docx?|xlsx?|pptx?|mp[34]|avi|mov|css|js"
    r"|json|xml|rss|atom|txt)$",
    re.IGNORECASE,
)
# /2024/03/05/slug, /2024-3-5-slug, /20240305/123.html, /202001/t20200116_4101234.html
_PATH_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?:[-/_](?:0?[1-9]|1[0-2])(?:[-/_](?:0?[1-9]|[12]\d|3[01]))?"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?)(?!\d)"
)
_ID = re.compile(r"(?<!\d)\d{4,}(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MORE = re.compile(
    r"^(?:read more|read the full|continue reading|full story|view (?:more|all)|see (?:more|all)"
    r"|more (?:news|stories))\b",
    re.IGNORECASE,
)
_NAV_TOKEN = re.compile(
    r"^(?:header|site-header|footer|site-footer|topbar|tagcloud|tag-cloud|tags|share|social)$"
    r"|(?:^|[-_])(?:nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|footer)(?:$|[-_])",
    re.IGNORECASE,
)
_PAGE_PATH = re.compile(r"/page/(\d+)/?$")
_NOT_NEXT_CHARS = re.compile(r"[\s.»«›‹>→←<|·…-]+")
_DATE_SCOPE_LEVELS = 3  # a date this many elements up from a link still belongs to it


def same_site(host: str | None, other: str | None) -> bool:
    """Whether two host names are one site: equal once a leading ``www.`` is dropped."""
    return bool(host) and (host or "").lower().removeprefix("www.") == (
        other or ""
    ).lower().removeprefix("www.")


def is_article_path(url: str) -> bool:
    """Whether ``url``'s path looks like an article's, whatever the site.

    It needs a date (``/2024/03/05/slug``), a numeric id (``/576416.html``, ``?id=123``) or a
    slug of four words or more (``/cotton-prices-climb-as-mills-restock``), something after
    a date (``/2024/03/`` is an archive), and no segment of a listing, tag, category, author,
    account or site-information page (``/tag/cotton/``, ``/about-us/``).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or _FILE.search(parts.path):
        return False
    segments = [unquote(s).lower() for s in parts.path.split("/") if s]
    if any(s.rsplit(".", 1)[0] in NOT_ARTICLE_SEGMENTS for s in segments):
        return False
    query = [(k.lower(), v) for k, v in parse_qsl(parts.query)]
    if any(k in NOT_ARTICLE_QUERY or k in PAGE_KEYS for k, _ in query):
        return False
    if any((k.endswith("id") or k in ("p", "post")) and v.isdigit() for k, v in query):
        return True  # ?p=123 (WordPress), info_view.asp?infoid=727240
    if not segments:
        return False
    path = "/".join(segments)
    date = _PATH_DATE.search(path)
    if date and re.search(r"[^\W_]", path[date.end() :]):
        return True
    if any(not _YEAR.fullmatch(number) for number in _ID.findall(path)):
        return True
    slug = segments[-1].rsplit(".", 1)[0]
    return len(_WORD.findall(slug.replace("_", "-"))) >= 4


def is_headline(text: str | None) -> bool:
    """Whether a link's text reads like a headline: three words and 15 characters or more
    (six for Chinese, Japanese or Korean), and not "Read more"."""
    text = " ".join((text or "").split())
    if not text or _MORE.match(text):
        return False
    if len(_CJK.findall(text)) >= 6:
        return True
    return len(text) >= 15 and len(text.split()) >= 3


def page_number(url: str) -> int:
    """The listing page a URL shows: ``?page=3``, ``/page/3/``; 1 without a number."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_KEYS and value.isdigit():
            return int(value)
    match = _PAGE_PATH.search(parts.path)
    return int(match[1]) if match else 1


class ListPage(base.ListPage):
    """Any listing of news, e.g. https://www.example.com/news/ or https://www.example.com/news?page=2

    Linear in the page's size (issue 13, item 5): each link and each element is looked at a
    bounded number of times, whatever the number of links and the depth of the tree.
    """

    @property
    def host(self) -> str | None:
        return urlsplit(self.url).hostname

    @cached_property
    def _anchors(self) -> list[_Link]:
        """Every link of the page to a URL (no ``#``, ``javascript:`` ...), in page order."""
        root = self.selector.root
        if not isinstance(root, HtmlElement):  # an empty or non-HTML document
            return []
        return [_Link(a, url) for a in root.iter("a") if (url := self._href(a)) is not None]

    def _links(self, *, navigation: bool = False) -> Iterator[tuple[HtmlElement, str, str]]:
        """``(element, absolute URL, text)`` of each link on this site; those in the page's
        navigation too when ``navigation``."""
        host = self.host
        places = _Places()
        for link in self._anchors:
            a, url = link.element, link.url
            if not same_site(urlsplit(url).hostname, host):
                continue
            if not navigation and places.in_navigation(a):
                continue
            text = " ".join(" ".join(a.itertext()).split()) or a.get("title") or _img_alt(a)
            yield a, url, text or ""

    def _href(self, a: HtmlElement) -> str | None:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return None
        return self.urljoin(href).split("#")[0]

    def entries(self) -> list[ListEntry]:
        """Article links in page order, titled by their longest text, dated by a date beside
        them when one is."""
        texts: dict[str, str] = {}
        anchors: dict[str, HtmlElement] = {}
        for a, url, text in self._links():
            if url == self.url or not is_article_path(url):
                continue
            anchors.setdefault(url, a)
            if len(text) > len(texts.get(url, "")):
                texts[url] = text
        urls = [url for url in anchors if is_headline(texts.get(url))]
        articles = frozenset(urls)
        scopes = LinkScopes(
            (link.element, link.url) for link in self._anchors if link.url in articles
        )
        return [
            ListEntry(url=url, title=texts[url], published_at=_date_beside(anchors[url], scopes))
            for url in urls
        ]

    def next_page_url(self) -> str | None:
        """``rel=next``, else a "Next"/"下一页" link, else the link to page N+1 (``?page=``,
        ``/page/N/`` or the pager's number)."""
        for href in self.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").getall():
            if self._other_page(url := self.urljoin(href)):
                return url
        wanted = page_number(self.url) + 1
        links = [link for link in self._links(navigation=True) if self._other_page(link[1])]
        for a, url, text in links:
            label = text or a.get("aria-label") or a.get("title") or ""
            if _NOT_NEXT_CHARS.sub("", label.lower()) in NEXT_TEXTS:
                return url
        for _, url, _ in links:
            if page_number(url) == wanted and not is_article_path(url):
                return url
        return next((url for _, url, text in links if text == str(wanted)), None)

    def _other_page(self, url: str) -> bool:
        return url != self.url and same_site(urlsplit(url).hostname, self.host)


@dataclass(frozen=True)
class _Link:
    element: HtmlElement
    url: str


def _date_beside(a: HtmlElement, scopes: LinkScopes) -> str | None:
    """A date printed next to a link: in the nearest elements around it that hold no
    link to another article (a list item, a card), at most a few levels up."""
    element = a.getparent()
    for _ in range(_DATE_SCOPE_LEVELS):
        if element is None or scopes.holds_several(element):
            return None
        # text nodes apart: "<time>2024-03-05</time><a>3 comments</a>" is no 2024-03-053
        if found := listed_date(" ".join(" ".join(element.itertext()).split())):
            return found
        element = element.getparent()
    return None


class _Places:
    """Whether links sit in the page's navigation, each ancestor judged once for all links."""

    def __init__(self) -> None:
        # per element: (in <nav> or a menu, in a <header>/<footer>, in an <article>), for it
        # and its ancestors
        self.known: dict[HtmlElement, tuple[bool, bool, bool]] = {}

    def in_navigation(self, a: HtmlElement) -> bool:
        """Inside ``<nav>``, a menu, breadcrumbs, a pager, or the page's own header or
        footer (an ``<article>``'s header holds its headline)."""
        parent = a.getparent()
        if parent is None:
            return False
        nav, header_or_footer, article = self._place(parent)
        return nav or (header_or_footer and not article)

    def _place(self, element: HtmlElement) -> tuple[bool, bool, bool]:
        # up to the nearest ancestor already judged, then down again: no recursion, as a
        # tree may be 2048 levels deep
        chain = []
        node: HtmlElement | None = element
        while node is not None and node not in self.known:
            chain.append(node)
            node = node.getparent()
        place = self.known[node] if node is not None else (False, False, False)
        for node in reversed(chain):
            nav, header_or_footer, article = place
            tag = node.tag
            tokens = (node.get("class") or "").split() + (node.get("id") or "").split()
            place = (
                nav
                or tag == "nav"
                or node.get("role") in ("navigation", "menu", "menubar")
                or any(_NAV_TOKEN.search(token) for token in tokens),
                header_or_footer or tag in ("header", "footer"),
                article or tag == "article",
            )
            self.known[node] = place
        return self.known[element]


def _img_alt(a: HtmlElement) -> str:
    return next((img.get("alt") or "" for img in a.iter("img")), "")
