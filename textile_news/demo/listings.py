"""Listing pages of any length in each listing's own markup, seeded: the listing benchmark
(bench/listing_pages.py) and the fault tests of huge listings (issue 13, items 5 and 6).

Each page repeats the item markup of its site's fixture (tests/fixtures/pages/<site>/list-*)
``count`` times with seeded headlines, ids and dates, inside that fixture's navigation,
pager and footer, so that the page object reads it as it reads the real listing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

_WORDS = [
    "cotton",
    "yarn",
    "prices",
    "mills",
    "exporters",
    "polyester",
    "denim",
    "fabric",
    "wool",
    "cashmere",
    "silk",
    "linen",
    "garment",
    "apparel",
    "textile",
    "spinning",
    "weaving",
    "dyeing",
    "knitwear",
    "orders",
    "demand",
    "market",
    "season",
    "recycled",
    "fibre",
    "brands",
    "retailers",
    "factories",
    "capacity",
    "output",
    "tariffs",
    "shipments",
    "rise",
    "fall",
]


@dataclass(frozen=True)
class Listing:
    """A listing page: its URL, the page object that reads it and its HTML (or XML)."""

    site: str  # a page module of textile_news.pages, or "feed" / "sitemap"
    url: str
    page_class: str  # "ListPage", "FeedPage" or "SitemapPage"
    body: str


def _headline(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 9))).capitalize()


def _slug(title: str) -> str:
    return "-".join(title.lower().split())


def _generic(rng: random.Random, i: int) -> str:
    # about 110 bytes a link, as the 11 MB page of 100,000 links that issue 13 reports
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 7))).capitalize()
    path = f"/news/2024/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{i}-{_slug(title)}"
    return f'<li><a href="{path}">{title}</a></li>\n'


def _sjfzxm(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    return (
        f'<li><h3><a href="/global/en/{600000 + i}.html">{title}</a></h3>'
        f'<p class="summary">{_headline(rng)}.</p><span class="category">Industry Dynamics</span>'
        f'<span class="time">2020/9/{rng.randint(1, 28)} 11:20:00</span></li>\n'
    )


def _fibre2fashion(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    href = f"/news/textile-news/{_slug(title)}-{300000 + i}-newsdetails.htm"
    return (
        f'<div class="list-item"><a class="blue-heading" href="{href}">{title}</a>'
        f'<div class="news-date">Oct {rng.randint(10, 28)}, 2020</div><p>{_headline(rng)}.</p>'
        "</div>\n"
    )


def _cntac(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    day = rng.randint(10, 28)
    return (
        f'<li><a href="./202001/t202001{day}_{4200000 + i}.html" title="{title}">{title}</a>'
        f"<span>2020-01-{day}</span></li>\n"
    )


def _fzfzjx(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    return (
        f'<dt><p><a href="/news/{90000 + i}.html" title="{title}">{title}</a></p>'
        f"<span>2020-01-{rng.randint(10, 28)}</span></dt><dd>{_headline(rng)}.</dd>\n"
    )


def _info_texnet(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    return (
        f'<li><a href="https://info.texnet.com.cn/detail-{960000 + i}.html" title="{title}">'
        f"{title}</a><span>2026-09-{rng.randint(10, 28)}</span></li>\n"
    )


def _texindex(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    day = rng.randint(1, 28)
    return (
        f'<tr><td class="InnerLink"><a href="/Articles/2020-1-{day}/{480000 + i}.html"'
        f' title="{title}">{title}</a></td><td>2020年01月{day:02d}日</td></tr>\n'
    )


def _rss(rng: random.Random, i: int) -> str:
    title = _headline(rng)
    return (
        f"<item><title>{title}</title>"
        f"<link>https://www.example.com/news/{_slug(title)}-{i}/</link>"
        f"<pubDate>Mon, 0{rng.randint(1, 9)} Mar 2024 10:00:00 +0000</pubDate>"
        f"<description>{escape(f'<p>{_headline(rng)}.</p>')}</description></item>\n"
    )


def _sitemap(rng: random.Random, i: int) -> str:
    return (
        f"<url><loc>https://www.example.com/news/{_slug(_headline(rng))}-{i}/</loc>"
        f"<lastmod>2024-03-{rng.randint(10, 28)}</lastmod></url>\n"
    )


# site: (listing URL, page class, items -> page, item)
_PAGES: dict[str, tuple[str, str, Callable[[str], str], Callable[[random.Random, int], str]]] = {
    "generic_listing": (
        "https://www.example.com/news/",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html lang='en'><head><title>News</title></head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/news/'>News</a></nav></header>"
            f"<main><h1>News</h1><ul class='news'>\n{items}</ul>"
            "<div class='pagination'><a href='/news/?page=2'>Next</a></div></main>"
            "<footer><a href='/about-us/'>About us</a></footer></body></html>"
        ),
        _generic,
    ),
    "sjfzxm_com": (
        "http://www.sjfzxm.com/global/en/list/1.html",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html lang='en'><head><title>News</title></head><body>"
            "<div id='header'><a class='logo' href='/global/en/'>Home</a></div>"
            f"<div class='wrap'><div class='newslist'><ul>\n{items}</ul></div>"
            "<div class='pages'><a class='next' href='/global/en/list/2.html'>Next</a></div>"
            "</div></body></html>"
        ),
        _sjfzxm,
    ),
    "fibre2fashion_com": (
        "https://www.fibre2fashion.com/news/allnews.aspx?SortBy=latest&page=1",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html lang='en'><head><title>All News</title></head><body>"
            f"<div class='news-left'><h1>All News</h1><div class='news-listing'>\n{items}</div>"
            "<div class='pagination'><a href='allnews.aspx?SortBy=latest&amp;page=2'>Next</a>"
            "</div></div></body></html>"
        ),
        _fibre2fashion,
    ),
    "cntac_org_cn": (
        "http://www.cntac.org.cn/zixun/hangye/",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>行业发展</title></head>"
            f"<body><div class='list'><ul>\n{items}</ul></div><div class='page'>"
            "<script>createPageHTML(12, 0, 'index', 'html');</script></div></body></html>"
        ),
        _cntac,
    ),
    "fzfzjx_com": (
        "http://www.fzfzjx.com/news/t3_p1/",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>企业新闻</title></head>"
            "<body><div id='nheadnav'><p><a href='/news/t3_p1/'>企业新闻</a></p></div>"
            f"<dl class='newslist'>\n{items}</dl><div id='pagenum'>"
            "<a href='/news/t3_p2/'>下一页</a></div></body></html>"
        ),
        _fzfzjx,
    ),
    "info_texnet_com_cn": (
        "https://info.texnet.com.cn/daynews_list--1.html",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html lang='zh-CN'><head><title>每日资讯</title></head><body>"
            f"<div class='content-list'><ul>\n{items}</ul></div><div class='pages'>"
            "<a href='/daynews_list--2.html'>下一页</a></div></body></html>"
        ),
        _info_texnet,
    ),
    "texindex_com_cn": (
        "http://www.texindex.com.cn/news/index1.html",
        "ListPage",
        lambda items: (
            "<!DOCTYPE html><html><head><title>行业资讯</title></head><body><table><tr>"
            f"<td class='RightItemBody'><table width='100%'><tbody>\n{items}</tbody></table>"
            "<table><tr><td height='20'>共计 25 个页面 <a href='index2.html'>下一页</a></td>"
            "</tr></table></td></tr></table></body></html>"
        ),
        _texindex,
    ),
    "feed": (
        "https://www.example.com/feed/",
        "FeedPage",
        lambda items: (
            "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
            f"<title>News</title>\n{items}</channel></rss>"
        ),
        _rss,
    ),
    "sitemap": (
        "https://www.example.com/sitemap.xml",
        "SitemapPage",
        lambda items: (
            "<?xml version='1.0' encoding='UTF-8'?>"
            f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>\n{items}</urlset>"
        ),
        _sitemap,
    ),
}
SITES = tuple(_PAGES)


def listing(site: str, count: int, seed: int = 42) -> Listing:
    """A listing of ``site`` (one of :data:`SITES`) with ``count`` article links."""
    url, page_class, page, item = _PAGES[site]
    rng = random.Random(seed)
    return Listing(site, url, page_class, page("".join(item(rng, i) for i in range(count))))


def generic_listing(count: int, seed: int = 42, next_url: str | None = None) -> str:
    """The HTML of a generic news listing of ``count`` headline links (paths under
    ``/news/YYYY/MM/DD/``, on the host that serves it), with a "Next" link to ``next_url``."""
    html = listing("generic_listing", count, seed).body
    return html.replace("/news/?page=2", next_url) if next_url else html
