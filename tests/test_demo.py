"""The bundled demo site and the generated site: content, links, determinism, extraction."""

from __future__ import annotations

import re

from tests.pagecases import FIXTURES
from textile_news.demo import generated
from textile_news.demo.replica import ARTICLES, REFERENCE
from textile_news.demo.server import generated_site, replica_site
from textile_news.pages.sjfzxm_com import ArticlePage, ListPage
from textile_news.pipelines import normalize_article


def test_replica_has_thirty_articles_on_three_listing_pages_or_more():
    site = replica_site()
    assert len(ARTICLES) >= 30
    assert site.pages >= 3
    listed = []
    url = "http://demo/global/en/list/1.html"
    while url:
        page = ListPage(url, site.get(url.removeprefix("http://demo")).body)
        listed += page.article_urls()
        url = page.next_page_url()
    assert len(listed) == len(ARTICLES) == len(set(listed))


def test_every_link_of_the_replica_resolves():
    ids = {a.id for a in ARTICLES}
    for article in ARTICLES:
        assert set(article.related) <= ids - {article.id}
        assert article.next_id in ids


def test_samples_are_labelled_as_samples():
    for article in ARTICLES:
        if article is not REFERENCE:
            assert (
                "sample article written for the textile_news offline demo"
                in (article.paragraphs[-1])
            )


def test_reference_fixture_is_what_the_demo_serves():
    served = replica_site().get("/global/en/576416.html").body
    fixture = FIXTURES / "sjfzxm_com" / "article-576416-reference" / "page.html"
    assert served == fixture.read_bytes()


def test_generated_site_is_deterministic():
    first = generated_site(500).get("/global/en/600250.html").body
    second = generated_site(500).get("/global/en/600250.html").body
    assert first == second
    assert generated_site(500).get("/global/en/600501.html") is None


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
