"""HTML of the replica sjfzxm.com English edition: article, listing and home pages.

The live markup of sjfzxm.com is unknown here (no machine reaches the web), so this
markup is a replica built from the facts in shared/SITES.md and from the reference
article's text as a reader sees it: breadcrumb, title, date line with the view count,
tag links, body paragraphs, "Contributed by ..." line, "Related reading" items of title,
category and date, and "Read the next article" with a title and summary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

SITE_NAME = "World Clothing, Shoes & Hats Net"
ARTICLE_PATH = "/global/en/{id}.html"
LIST_PATH = "/global/en/list/{n}.html"
CATEGORIES = (
    "Chamber of Commerce",
    "Textile Headlines",
    "Industry Dynamics",
    "Fashion Trends",
    "Market Observation",
)


@dataclass(frozen=True)
class DemoArticle:
    """One article of the replica site, in the form the site prints it."""

    id: int
    title: str
    published: str  # as the page prints it: "2020/9/9 23:17:00"
    views: int
    category: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    contributor: str  # the whole line after "Contributed by "
    summary: str
    related: tuple[int, ...] = ()
    next_id: int | None = None

    @property
    def path(self) -> str:
        return ARTICLE_PATH.format(id=self.id)


Lookup = Callable[[int], DemoArticle | None]


def _head(title: str, description: str | None = None) -> str:
    meta = f'<meta name="description" content="{escape(description)}">\n' if description else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} - {escape(SITE_NAME)}</title>\n{meta}"
        '<link rel="stylesheet" href="/global/en/css/style.css">\n</head>\n<body>\n'
        '<div id="header"><a class="logo" href="/global/en/">'
        f"{escape(SITE_NAME)}</a>\n"
        '<ul class="nav"><li><a href="/global/en/">Home</a></li>'
        '<li><a href="/global/en/list/1.html">News</a></li></ul>\n'
        '<form class="search" action="/global/en/search.html"><input name="kw"></form></div>\n'
    )


_FOOT = (
    '<div id="footer"><p>Copyright &copy; World Clothing, Shoes &amp; Hats Net. '
    "All rights reserved.</p></div>\n</body>\n</html>\n"
)


def render_article(article: DemoArticle, lookup: Lookup) -> str:
    """The article page of ``article``; ``lookup`` finds the articles it links to."""
    tags = "".join(
        f'<a href="/global/en/search.html?kw={escape(tag)}">{escape(tag)}</a>'
        for tag in article.tags
    )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    related = "\n".join(
        _related_item(other) for other in map(lookup, article.related) if other is not None
    )
    nxt = lookup(article.next_id) if article.next_id is not None else None
    next_block = (
        '<div class="next-article">\n<div class="hd">Read the next article</div>\n'
        f'<h3><a href="{nxt.path}">{escape(nxt.title)}</a></h3>\n'
        f'<p class="summary">{escape(nxt.summary)}</p>\n</div>\n'
        if nxt
        else ""
    )
    return (
        _head(article.title, article.summary)
        + '<div class="wrap">\n<div class="position"><a href="/global/en/">Home</a> &gt; </div>\n'
        '<div class="article">\n'
        f'<h1 class="title">{escape(article.title)}</h1>\n'
        f'<div class="info"><span class="time">{article.published}</span> '
        f'<span class="hits">{article.views}</span></div>\n'
        f'<div class="keywords">{tags}</div>\n'
        f'<div class="content" id="content">\n{body}\n</div>\n'
        f'<div class="author">Contributed by {escape(article.contributor)}</div>\n'
        "</div>\n"
        '<div class="related">\n<ul>\n<li class="hd">Related reading</li>\n'
        f"{related}\n</ul>\n</div>\n"
        f"{next_block}"
        "</div>\n" + _FOOT
    )


def _related_item(article: DemoArticle) -> str:
    return (
        f'<li><a class="title" href="{article.path}">{escape(article.title)}</a>'
        f'<span class="category"><a href="/global/en/list/1.html">'
        f"{escape(article.category)}</a></span>"
        f'<span class="time">{article.published}</span></li>'
    )


class Listed(Protocol):
    """What a listing shows of an article (both editions' articles have it)."""

    @property
    def path(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def published(self) -> str: ...


def listing_items(articles: Sequence[Listed]) -> str:
    """A listing's entries: title link, summary, category and time, as both editions show them."""
    return "\n".join(
        f'<li><h3><a href="{a.path}">{escape(a.title)}</a></h3>'
        f'<p class="summary">{escape(a.summary)}</p>'
        f'<span class="category">{escape(a.category)}</span>'
        f'<span class="time">{escape(a.published)}</span></li>'
        for a in articles
    )


def pager(page: int, pages: int, path_of: Callable[[int], str], next_label: str) -> str:
    """Page numbers (the current one unlinked) and a "next" link while there is one."""
    links = "".join(
        f'<span class="current">{n}</span>' if n == page else f'<a href="{path_of(n)}">{n}</a>'
        for n in range(1, pages + 1)
    )
    if page < pages:
        links += f'<a class="next" href="{path_of(page + 1)}">{next_label}</a>'
    return links


def render_listing(articles: Sequence[DemoArticle], page: int, pages: int) -> str:
    """Listing page ``page`` of ``pages``: the newest articles first, with pagination."""
    items = listing_items(articles)
    links = pager(page, pages, lambda n: LIST_PATH.format(n=n), "Next")
    return (
        _head(f"News - page {page}") + '<div class="wrap">\n'
        '<div class="position"><a href="/global/en/">Home</a> &gt; News</div>\n'
        f'<div class="newslist">\n<ul>\n{items}\n</ul>\n</div>\n'
        f'<div class="pages">{links}</div>\n</div>\n' + _FOOT
    )


def render_home(latest: Sequence[DemoArticle]) -> str:
    """The English edition's home page: the latest headlines and a link to the news list."""
    items = "\n".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in latest)
    return (
        _head("Home") + '<div class="wrap">\n<div class="headlines">\n<ul>\n'
        f"{items}\n</ul>\n</div>\n"
        '<p><a class="more" href="/global/en/list/1.html">More news</a></p>\n</div>\n' + _FOOT
    )
