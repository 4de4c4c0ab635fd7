"""sjfzxm.com's two editions: which URLs are articles, where a crawl starts, which page object
reads a page, and the Chinese edition's fallbacks that the fixtures do not reach."""

from __future__ import annotations

import asyncio

import pytest

from textile_news.pages.sjfzxm_com import (
    ArticlePage,
    ChineseArticlePage,
    GlobalArticlePage,
    ListPage,
    credits,
)
from textile_news.spiders.sjfzxm_com import SjfzxmComSpider


def start_urls(**kwargs) -> list[str]:
    async def collect() -> list[str]:
        return [request.url async for request in SjfzxmComSpider(**kwargs).start()]

    return asyncio.run(collect())


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        ("http://www.sjfzxm.com/global/en/576416.html", True),
        ("http://clxfzf.sjfzxm.com/global/en/352128.html", True),
        ("http://www.sjfzxm.com/global/jp/576416.html", True),
        ("http://www.sjfzxm.com/news/difang/20110106/207507.html", True),
        ("http://www.91se91.com/news/difang/20110106/207507.html?from=home", True),
        ("http://www.sjfzxm.com/news/", False),
        ("http://www.sjfzxm.com/news/index_2.html", False),
        ("http://www.sjfzxm.com/news/difang/", False),
        ("http://www.sjfzxm.com/news/difang/2011016/207507.html", False),
        ("http://www.sjfzxm.com/global/en/list/2.html", False),
    ],
)
def test_is_article_url(url, is_article):
    assert SjfzxmComSpider().is_article_url(url) is is_article


@pytest.mark.slow
def test_a_crawl_starts_from_both_editions():
    assert start_urls() == ["http://www.sjfzxm.com/global/en/", "http://www.sjfzxm.com/news/"]


@pytest.mark.slow
def test_a_start_url_at_a_root_starts_from_both_editions_there():
    assert start_urls(start_url="http://127.0.0.1:8000/") == [
        "http://127.0.0.1:8000/global/en/",
        "http://127.0.0.1:8000/news/",
    ]


@pytest.mark.slow
def test_a_start_url_at_the_english_edition_crawls_only_it():
    """The crawl overhead benchmark starts there and must see English pages only."""
    assert start_urls(start_url="http://127.0.0.1:8000/global/en/") == [
        "http://127.0.0.1:8000/global/en/"
    ]


@pytest.mark.slow
def test_an_id_range_walks_the_english_edition():
    assert start_urls(start_url="http://127.0.0.1:8000/", first_id=5, last_id=6) == [
        "http://127.0.0.1:8000/global/en/5.html",
        "http://127.0.0.1:8000/global/en/6.html",
        "http://127.0.0.1:8000/global/en/",
        "http://127.0.0.1:8000/news/",
    ]


@pytest.mark.parametrize(
    ("url", "page_class"),
    [
        ("http://www.sjfzxm.com/global/en/576416.html", GlobalArticlePage),
        ("http://www.sjfzxm.com/news/difang/20110106/207507.html", ChineseArticlePage),
        ("http://127.0.0.1:8000/news/difang/20110106/207507.html", ChineseArticlePage),
        ("", GlobalArticlePage),
    ],
)
def test_the_url_picks_the_edition(url, page_class):
    assert type(ArticlePage(url, "<html></html>")) is page_class
    assert type(page_class(url, "<html></html>")) is page_class


ZH_URL = "http://www.sjfzxm.com/news/difang/20110106/207507.html"
BARE = "<div class='article'><h1>标题</h1><div class='content'><p>正文。</p></div></div>"


def test_without_a_date_line_the_listing_then_the_url_dates_a_chinese_article():
    bare = ArticlePage(ZH_URL, BARE)
    assert (bare.published_at(), bare.date_source()) == ("2011-01-06", "url")
    hinted = ArticlePage(ZH_URL, BARE, {"published_at": "2011-01-06 09:12"})
    assert (hinted.published_at(), hinted.date_source()) == ("2011-01-06 09:12", "listing")


def test_credit_lines_in_the_body_are_read_and_left_out():
    html = (
        "<div class='article'><div class='info'>2011年01月06日 来源：</div>"
        "<div class='content'><p>正文。</p><p>（责任编辑：李明）</p></div></div>"
    )
    page = ArticlePage(ZH_URL, html)
    assert (page.source(), page.author(), page.body()) == ("世界服装鞋帽网", "李明", "正文。")
    assert page.published_at() == "2011年01月06日"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "2011-01-06 09:12:33 来源：中国纺织报 作者：王丽",
            {"source": "中国纺织报", "author": "王丽"},
        ),
        ("来源：中国纺织报作者：王丽", {"source": "中国纺织报", "author": "王丽"}),
        ("來源：中國紡織報　作者：王麗 點擊：12", {"source": "中國紡織報", "author": "王麗"}),
        ("来源： 作者：", {}),
        ("（责任编辑：张敏）", {"editor": "张敏"}),
        ("编辑：张敏 责任编辑：李明", {"editor": "张敏"}),
        ("Contributed by Zhang San", {}),
        (None, {}),
    ],
)
def test_credits(text, named):
    assert credits(text) == named


def test_a_chinese_listing_pages_on_by_its_next_link_text():
    html = "<div class='pages'><a href='index_2.html'>2</a><a href='index_2.html'>下一页</a></div>"
    page = ListPage("http://www.sjfzxm.com/news/difang/", html)
    assert page.next_page_url() == "http://www.sjfzxm.com/news/difang/index_2.html"
