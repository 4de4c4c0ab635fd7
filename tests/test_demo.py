"""The bundled demo site and the generated site: content, links, determinism, extraction."""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch

import pytest

from tests.conftest import ROOT
from tests.pagecases import FIXTURES
from textile_news.demo import generated, samples
from textile_news.demo.replica import ARTICLES, CHINESE_ARTICLES, REFERENCE
from textile_news.demo.samples import CHINESE_NOTE as NOTE
from textile_news.demo.server import Reply, generated_site, replica_site
from textile_news.pages.sjfzxm_com import ArticlePage, ChineseArticlePage, ListPage
from textile_news.pipeline.processing import normalize_article


def walk_listing(url: str) -> tuple[list[str], int]:
    """The article URLs of a demo listing and its next pages, and how many pages it has."""
    site, listed, pages = replica_site(), [], 0
    while url:
        page = ListPage(url, site.get(url.removeprefix("http://demo")).body)
        listed += page.article_urls()
        pages += 1
        url = page.next_page_url()
    return listed, pages


def test_replica_has_thirty_articles_on_three_listing_pages_or_more():
    listed, pages = walk_listing("http://demo/global/en/list/1.html")
    assert len(ARTICLES) >= 30
    assert pages >= 3
    assert len(listed) == len(ARTICLES) == len(set(listed))


def test_chinese_edition_lists_its_samples_on_two_pages():
    listed, pages = walk_listing("http://demo/news/")
    assert 4 <= len(CHINESE_ARTICLES) <= 6
    assert pages == 2
    assert listed == [f"http://demo{a.path}" for a in CHINESE_ARTICLES]  # newest first


def test_home_page_links_both_editions():
    home = ListPage("http://demo/", replica_site().get("/").body)
    assert home.next_page_url() == "http://demo/news/"
    assert home.selector.css("a.edition::attr(href)").get() == "/global/en/"
    english = ListPage("http://demo/global/en/", replica_site().get("/global/en/").body)
    assert english.next_page_url() == "http://demo/global/en/list/1.html"


def test_chinese_articles_are_served_only_at_their_own_path():
    site = replica_site()
    for article in CHINESE_ARTICLES:
        assert site.get(article.path) is not None
    assert site.get("/news/hangye/20110106/207507.html") is None  # wrong channel
    assert site.get("/news/difang/20110107/207507.html") is None  # wrong date
    assert site.get("/news/index_3.html") is None


def test_every_link_of_the_replica_resolves():
    ids = {a.id for a in ARTICLES}
    for article in ARTICLES:
        assert set(article.related) <= ids - {article.id}
        assert article.next_id in ids
    zh_ids = {a.id for a in CHINESE_ARTICLES}
    for zh in CHINESE_ARTICLES:
        assert set(zh.related) <= zh_ids - {zh.id}
        assert zh.next_id in zh_ids | {None}


def listing_pages(site, start: str) -> list[str]:
    """The paths of a listing page and of its next pages."""
    paths, url = [], "http://demo" + start
    while url:
        paths.append(url.removeprefix("http://demo"))
        url = ListPage(url, site.get(paths[-1]).body).next_page_url()
    return paths


@pytest.mark.parametrize(
    ("name", "site", "starts"),
    [
        ("replica", replica_site(), ["/", "/global/en/", "/global/en/list/1.html", "/news/"]),
        ("generated", generated_site(45), ["/", "/global/en/list/1.html", "/news/"]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_url_a_listing_names_is_served(name, site, starts):
    # issue 17: the generated site answered 404 on /news/, which its listings link
    pages = [path for start in starts for path in listing_pages(site, start)]
    named = set()
    for path in pages:
        page = ListPage("http://demo" + path, site.get(path).body)
        named |= set(page.selector.css("a::attr(href), link::attr(href)").getall())
    assert {"/news/", "/global/en/", "/global/en/list/1.html"} <= named
    unserved = sorted(
        url for url in named if (site.get(url.split("?")[0]) or Reply(404, "", b"")).status != 200
    )
    assert unserved == []


def test_samples_are_labelled_as_samples():
    for article in ARTICLES:
        if article is not REFERENCE:
            assert (
                "sample article written for the textile_news offline demo"
                in (article.paragraphs[-1])
            )
    for zh in CHINESE_ARTICLES:
        assert zh.paragraphs[-1] == NOTE
    assert "示例文章" in NOTE


def test_sample_sets_are_data_files_in_the_wheel():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = setuptools["package-data"]["textile_news"]
    package = ROOT / "textile_news"
    data = sorted(
        p.relative_to(package).as_posix()
        for p in (package / "demo" / "samples").iterdir()
        if p.is_file() and p.suffix != ".py"
    )
    assert data == ["demo/samples/en.toml", "demo/samples/zh.toml"]
    assert [f for f in data if not any(fnmatch(f, p) for p in patterns)] == []
    assert (len(samples.SAMPLES), len(samples.CHINESE_SAMPLES)) == (30, 5)
    assert samples.SAMPLES[0].id == 576664 and samples.CHINESE_SAMPLES[0].id == 207610


def test_reference_fixture_is_what_the_demo_serves():
    served = replica_site().get("/global/en/576416.html").body
    fixture = FIXTURES / "sjfzxm_com" / "article-576416-reference" / "page.html"
    assert served == fixture.read_bytes()


@pytest.mark.parametrize(
    "case",
    [
        "zh-article-207507-named-source",
        "zh-article-207466-no-source",
        "zh-list-page-1",
        "zh-list-page-2-last",
    ],
)
def test_chinese_fixtures_are_what_the_demo_serves(case):
    folder = FIXTURES / "sjfzxm_com" / case
    url = json.loads((folder / "meta.json").read_text())["url"]
    served = replica_site().get(url.removeprefix("http://www.sjfzxm.com")).body
    assert served == (folder / "page.html").read_bytes()


def test_chinese_article_extracts_in_its_own_page_object():
    article = CHINESE_ARTICLES[0]
    page = ArticlePage("http://demo" + article.path, replica_site().get(article.path).body)
    assert isinstance(page, ChineseArticlePage)
    item = page.to_item()
    assert (item.title, item.language, item.author) == (article.title, "zh", article.editor)
    assert item.body == "\n\n".join(article.paragraphs)


def test_generated_site_is_deterministic():
    first = generated_site(500).get("/global/en/600250.html").body
    second = generated_site(500).get("/global/en/600250.html").body
    assert first == second
    assert generated_site(500).get("/global/en/600501.html") is None


def test_generated_site_is_the_english_edition_with_an_empty_chinese_listing():
    site = generated_site(100)
    # the catalogue's start URLs name /news/: served, so that a crawl counts no 404 (issue 17)
    news = site.get("/news/")
    assert news is not None and news.status == 200
    listing = ListPage("http://demo/news/", news.body)
    assert (listing.article_urls(), listing.next_page_url()) == ([], None)
    assert site.get("/news/index_2.html") is None
    assert site.get("/") == site.get("/global/en/")


def test_generated_site_listing_pages():
    site = generated_site(1000)
    assert site.pages == 50
    last = ListPage("http://demo/global/en/list/50.html", site.get("/global/en/list/50.html").body)
    assert len(last.entries()) == 20
    assert last.next_page_url() is None
    assert last.entries()[-1].url == f"http://demo/global/en/{generated.FIRST_ID}.html"


def test_generated_article_extracts_like_a_real_one():
    html = generated_site(1000).get("/global/en/600500.html").body
    item = normalize_article(
        ArticlePage("http://127.0.0.1:1/global/en/600500.html", html).to_item(),
        "Asia/Shanghai",
        {"127.0.0.1:1": "http://www.sjfzxm.com"},
    )
    assert item.url == "http://www.sjfzxm.com/global/en/600500.html"
    assert item.title and item.title.endswith("(600500)")
    assert re.fullmatch(r"2021-\d\d-\d\dT\d\d:\d\d:00\+08:00", item.published_at or "")
    assert len(item.related) == 5
    assert all(link.published_at < item.published_at for link in item.related)
    assert item.next and item.next.url.endswith("/600499.html")
    assert item.author and item.body and item.body.count("\n\n") >= 3
