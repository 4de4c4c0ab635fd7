"""The reading room in Datasette (issue 16, item 1), over HTTP: pages as a reader gets them.

The browser's view of the same pages is tests/test_reading_room_browser.py.
"""

from __future__ import annotations

import asyncio
from contextlib import closing
from urllib.parse import quote

import lxml.html
import pytest
from datasette.app import Datasette

from tests.analyst_archive import build
from textile_news.analysis.search import search
from textile_news.archive.db import open_readonly
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import table_columns
from textile_news.datasette import meta


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("room") / "archive.sqlite")


def fetch(path, *urls):
    """``(status, location, html tree or None)`` of each URL, served by Datasette with our
    metadata and plugin (registered by its entry point)."""
    with closing(open_readonly(path)) as db:
        metadata = meta.metadata(path.stem, table_columns(db))

    async def run():
        ds = Datasette([str(path)], metadata=metadata)
        await ds.invoke_startup()
        found = []
        for url in urls:
            response = await ds.client.get(url)
            page = lxml.html.fromstring(response.text) if response.text.strip() else None
            found.append((response.status_code, response.headers.get("location"), page))
        return found

    return asyncio.run(run())


def page(path, url):
    [(status, _, tree)] = fetch(path, url)
    assert status == 200, url
    return tree


def texts(tree, css):
    return [" ".join(node.text_content().split()) for node in tree.cssselect(css)]


def test_an_article_reads_like_an_article(archive):
    tree = page(archive, "/archive/articles/3")
    assert texts(tree, "article h1") == ["棉花价格上涨"]
    assert texts(tree, ".room-byline time") == ["2020-01-20 08:00:00 +08:00"]
    assert texts(tree, "article > p:not(.room-byline):not(.room-source)") == [
        "新疆棉花价格本周上涨，纺织企业采购积极。",
        "业内人士预计春节后需求回升。",
    ]
    assert tree.cssselect("article")[0].get("lang") == "zh"
    terms = tree.cssselect(".room-about .room-chips a")
    assert [a.get("href") for a in terms][:2] == [
        "/archive/-/search?term=cotton",
        "/archive/-/search?term=xinjiang",
    ]
    assert texts(tree, ".room-source a") == ["http://sjfzxm.com/news/3.html"]


def test_an_article_by_its_url_and_no_article(archive):
    (found, missing, bad_id) = fetch(
        archive,
        "/archive/-/article?url=" + quote("http://sjfzxm.com/news/3.html"),
        "/archive/-/article?url=" + quote("http://sjfzxm.com/news/404.html"),
        "/archive/articles/999",
    )
    assert found[:2] == (302, "/archive/articles/3")
    assert missing[0] == 404
    assert bad_id[0] == 404


@pytest.mark.parametrize("query", ["cotton", "棉花", "exports", "纺织"])
def test_search_finds_what_the_command_finds_in_its_order(archive, query):
    with closing(open_readonly(archive)) as db:
        expected = [hit["title"] for hit in search(db, query)]
    tree = page(archive, "/archive/-/search?q=" + quote(query))
    assert texts(tree, ".room-hit-title") == expected
    total = len(expected)
    said = f"1–{total} of {total} article{'' if total == 1 else 's'}" if total else "No articles"
    assert texts(tree, ".room-total")[0].startswith(f"{said} matching “{query}”, most relevant")


def test_search_marks_the_matches(archive):
    tree = page(archive, "/archive/-/search?q=" + quote("棉花"))
    assert texts(tree, ".room-snippet mark") == ["棉花"]
    assert texts(tree, ".room-snippet") == [
        "新疆棉花价格本周上涨，纺织企业采购积极。 业内人士预计春节后需求回升。"
    ]


def test_a_facet_link_filters_and_says_so(archive):
    tree = page(archive, "/archive/-/search?q=exports")
    sites = {a.text_content(): a.get("href") for a in tree.cssselect(".room-facets li a")}
    tree = page(archive, "/archive/-/search" + sites["fibre2fashion_com"])
    with closing(open_readonly(archive)) as db:
        chosen = ArticleFilter(site="fibre2fashion_com")
        expected = [hit["title"] for hit in search(db, "exports", filters=chosen)]
    assert sorted(expected) == [
        "Bangladesh garment exports fall",
        "Cotton yarn exports to China rise",
    ]
    assert texts(tree, ".room-hit-title") == expected
    assert texts(tree, ".room-filter") == ["site: fibre2fashion_com ×"]


def test_without_a_query_the_filters_list_newest_first_a_page_at_a_time(archive):
    first = page(archive, "/archive/-/search?size=3")
    assert texts(first, ".room-hit-title") == [
        "Polyester demand recovers in Europe",
        "新年丝绸市场开市",
        "Silk fair closes the year in Hangzhou",
    ]
    assert texts(first, ".room-total")[0].startswith("1–3 of 8 articles, newest first")
    [after] = first.cssselect(".room-pages a[rel=next]")
    second = page(archive, "/archive/-/search" + after.get("href"))
    assert texts(second, ".room-pages span") == ["page 2 of 3"]
    assert len(texts(second, ".room-hit-title")) == 3


@pytest.mark.parametrize(
    "url",
    [
        "/archive/-/search?q=%22cotton",  # an unclosed quote
        "/archive/-/search?page=abc&size=-1&month=soon&sort=sideways",
        "/archive/-/search?page=99999",
        "/archive/-/trend?q=%22cotton&by=fortnight",
    ],
)
def test_no_link_ends_on_an_error_page(archive, url):
    tree = page(archive, url)
    assert tree.cssselect("h1, .room-total, .room-error, .room-note")


def test_datasettes_own_search_and_index_lead_to_the_room(archive):
    (box, index, table) = fetch(
        archive,
        "/archive/articles?_search=" + quote("转型升级"),
        "/archive/articles_search",
        "/archive/articles",
    )
    assert box[:2] == (302, "/archive/-/search?q=%E8%BD%AC%E5%9E%8B%E5%8D%87%E7%BA%A7")
    assert index[:2] == (302, "/archive/-/search")
    assert table[:2] == (
        302,
        "/archive/articles?_col=title&_col=published_at&_col=site&_col=language&_col=summary",
    )


def test_the_trend_page_draws_what_was_asked(archive):
    tree = page(archive, "/archive/-/trend?q=cotton")
    assert texts(tree, "h1") == ["Articles per month matching “cotton”, by site"]
    [svg] = tree.cssselect("figure.room-chart svg")
    assert svg.get("aria-label") == "Articles per month matching “cotton”, by site"
    bars = [rect.text_content() for rect in svg.iter("rect") if rect.text_content()]
    assert bars == ["2019-12 fibre2fashion_com: 1", "2020-03 fibre2fashion_com: 1"]
    assert texts(tree, ".room-total") == ["2 articles over 4 months. List them →"]


def test_copies_are_left_out_and_said_as_in_textile_news_search(tmp_path):
    from tests import analyst_archive
    from textile_news.archive.db import open_db
    from textile_news.archive.write import write_batch

    path = analyst_archive.build(tmp_path / "archive.sqlite")
    copy = {
        **analyst_archive.ARTICLES[0],
        "url": "http://texindex.com.cn/news/21.html",
        "site": analyst_archive.TEXINDEX,
        "published_at": "2019-12-31T10:00:00+08:00",
    }
    with closing(open_db(path)) as db:
        write_batch(db, [copy], [])
    tree = page(path, "/archive/-/search?q=cotton")
    assert texts(tree, ".room-hit-title") == [
        "Cotton yarn exports to China rise",
        "Bangladesh garment exports fall",
    ]
    assert texts(tree, ".room-total")[0].startswith(
        "1–2 of 2 articles (1 copy left out) matching “cotton”"
    )
