"""HTML of the replica sjfzxm.com Chinese edition (世界服装鞋帽网): article, listing, home.

The live markup is unknown here (no machine reaches the web). Built from shared/SITES.md
(article URLs ``/news/{channel}/{YYYYMMDD}/{id}.html``, breadcrumb "世界服装鞋帽网首页 > 正文")
and, for everything else, the English replica's markup (``render.py``) with the lines a
Chinese news page carries: a date line with "来源：" and "作者：", "关键词：" tags, a
"责任编辑：" line, "相关阅读" and "下一篇". The listing paths ``/news/`` (every channel)
and ``/news/{channel}/``, with pages ``index_N.html``, are invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from textile_news.demo.render import listing_items, pager

SITE_NAME = "世界服装鞋帽网"
LIST_PATH = "/news/"
_DIGITS = re.compile(r"\d+")


def list_path(page: int, channel: str | None = None) -> str:
    """``/news/`` for the first page, ``/news/index_2.html`` after it; ``/news/{channel}/…``
    for one channel."""
    folder = f"{LIST_PATH}{channel}/" if channel else LIST_PATH
    return folder if page == 1 else f"{folder}index_{page}.html"


@dataclass(frozen=True)
class ChineseArticle:
    """One article of the Chinese edition, in the form the site prints it."""

    id: int
    channel: str  # the URL's channel, e.g. "difang"
    category: str  # the channel's name as listings print it, e.g. "地方资讯"
    title: str
    published: str  # as the page prints it: "2011-01-06 09:12:33" or "2011年01月06日"
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    summary: str
    editor: str
    source: str | None = None  # None: the page names no source
    author: str | None = None
    related: tuple[int, ...] = ()
    next_id: int | None = None

    @property
    def path(self) -> str:
        year, month, day = (int(n) for n in _DIGITS.findall(self.published)[:3])
        return f"/news/{self.channel}/{year:04d}{month:02d}{day:02d}/{self.id}.html"


Lookup = Callable[[int], ChineseArticle | None]


def _head(title: str, article: ChineseArticle | None = None) -> str:
    meta = (
        f'<meta name="keywords" content="{escape(",".join(article.tags))}">\n'
        f'<meta name="description" content="{escape(article.summary)}">\n'
        if article
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}_{SITE_NAME}</title>\n{meta}"
        '<link rel="stylesheet" href="/css/style.css">\n</head>\n<body>\n'
        f'<div id="header"><a class="logo" href="/">{SITE_NAME}</a>\n'
        '<ul class="nav"><li><a href="/">首页</a></li>'
        f'<li><a href="{LIST_PATH}">资讯</a></li>'
        '<li><a href="/global/en/">English</a></li></ul>\n'
        '<form class="search" action="/search.html"><input name="kw"></form></div>\n'
    )


_FOOT = f'<div id="footer"><p>Copyright &copy; {SITE_NAME} 版权所有</p></div>\n</body>\n</html>\n'


def render_article(article: ChineseArticle, lookup: Lookup) -> str:
    """The article page of ``article``; ``lookup`` finds the articles it links to."""
    info = f'<span class="time">{escape(article.published)}</span>'
    if article.source:
        info += f' <span class="source">来源：{escape(article.source)}</span>'
    if article.author:
        info += f' <span class="writer">作者：{escape(article.author)}</span>'
    tags = "".join(
        f'<a href="/search.html?kw={escape(tag)}">{escape(tag)}</a>' for tag in article.tags
    )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    related = "\n".join(
        _related_item(other) for other in map(lookup, article.related) if other is not None
    )
    nxt = lookup(article.next_id) if article.next_id is not None else None
    next_block = (
        '<div class="next-article">\n<div class="hd">下一篇</div>\n'
        f'<h3><a href="{nxt.path}">{escape(nxt.title)}</a></h3>\n'
        f'<p class="summary">{escape(nxt.summary)}</p>\n</div>\n'
        if nxt
        else ""
    )
    return (
        _head(article.title, article) + '<div class="wrap">\n'
        f'<div class="position"><a href="/">{SITE_NAME}首页</a> &gt; 正文</div>\n'
        '<div class="article">\n'
        f'<h1 class="title">{escape(article.title)}</h1>\n'
        f'<div class="info">{info}</div>\n'
        f'<div class="keywords">关键词：{tags}</div>\n'
        f'<div class="content" id="content">\n{body}\n</div>\n'
        f'<div class="author">责任编辑：{escape(article.editor)}</div>\n'
        "</div>\n"
        '<div class="related">\n<ul>\n<li class="hd">相关阅读</li>\n'
        f"{related}\n</ul>\n</div>\n"
        f"{next_block}"
        "</div>\n" + _FOOT
    )


def _related_item(article: ChineseArticle) -> str:
    return (
        f'<li><a class="title" href="{article.path}">{escape(article.title)}</a>'
        f'<span class="category"><a href="/news/{article.channel}/">'
        f"{escape(article.category)}</a></span>"
        f'<span class="time">{escape(article.published)}</span></li>'
    )


def render_listing(
    articles: Sequence[ChineseArticle], page: int, pages: int, channel: str | None = None
) -> str:
    """Listing page ``page`` of ``pages`` (of one ``channel``, else of all): the newest
    articles first, with pagination."""
    items = listing_items(articles)
    links = pager(page, pages, lambda n: list_path(n, channel), "下一页")
    name = articles[0].category if channel and articles else "资讯"
    title = name if page == 1 else f"{name} - 第{page}页"
    return (
        _head(title) + '<div class="wrap">\n'
        f'<div class="position"><a href="/">{SITE_NAME}首页</a> &gt; {escape(name)}</div>\n'
        f'<div class="newslist">\n<ul>\n{items}\n</ul>\n</div>\n'
        f'<div class="pages">{links}</div>\n</div>\n' + _FOOT
    )


def render_home(latest: Sequence[ChineseArticle]) -> str:
    """The site's home page (the Chinese edition's): headlines, the news list, English."""
    items = "\n".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in latest)
    return (
        _head("首页") + '<div class="wrap">\n<div class="headlines">\n<ul>\n'
        f"{items}\n</ul>\n</div>\n"
        f'<p><a class="more" href="{LIST_PATH}">更多资讯</a> '
        '<a class="edition" href="/global/en/">English</a></p>\n</div>\n' + _FOOT
    )
