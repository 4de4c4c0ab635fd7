"""fibre2fashion.com beyond its fixtures: URL shapes, credit lines, paging, and a crawl of
its replica pages (tests/fixtures/pages/fibre2fashion_com) served on 127.0.0.1."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import query, run
from tests.pagecases import FIXTURES
from textile_news.crawl.runner import site_names
from textile_news.demo.server import Reply, serving
from textile_news.pages import fibre2fashion_com as f2f
from textile_news.spiders.fibre2fashion_com import Fibre2fashionComSpider

CASES = FIXTURES / "fibre2fashion_com"
SITE = "https://www.fibre2fashion.com"
CAI = (
    "/news/textile-news/"
    "cai-retains-cotton-crop-estimate-for-2020-21-season-at-356-lakh-bales-270512-newsdetails.htm"
)
BANGLADESH = (
    "/news/apparel-news/"
    "bangladesh-apparel-exports-rise-3-per-cent-in-september-270437-newsdetails.htm"
)
POLYESTER = "/news/textile-news/polyester-yarn-prices-firm-up-in-surat-270498-newsdetails.htm"
LISTING = "/news/allnews.aspx"


def test_the_spider_is_listed():
    assert "fibre2fashion_com" in site_names()
    assert Fibre2fashionComSpider.timezone == "Asia/Kolkata"


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        (SITE + CAI, True),
        ("http://fibre2fashion.com/news/fashion-news/a-b-1-newsdetails.htm", True),
        (SITE + "/news/allnews.aspx?SortBy=latest&page=2", False),
        (SITE + "/news/textile-news/", False),
        (SITE + "/industry-article/8791/sustainable-dyeing-practices", False),
    ],
)
def test_is_article_url(url, is_article):
    assert Fibre2fashionComSpider().is_article_url(url) is is_article


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("Fibre2Fashion News Desk (RKS)", ("Fibre2Fashion News Desk", "RKS")),
        ("Fibre2Fashion News Desk – India (RR)", ("Fibre2Fashion News Desk – India", "RR")),
        ("Source: Cotton Association of India", ("Cotton Association of India", None)),
        ("(Source: Textile Commissioner)", ("Textile Commissioner", None)),
        ("The desk said prices rose (RKS).", (None, None)),
        (None, (None, None)),
    ],
)
def test_credit(line, named):
    assert f2f.credit(line) == named


def test_without_a_credit_the_source_is_the_site():
    html = '<h1>T</h1><div class="news-date">Oct 05, 2020</div>'
    html += '<span class="news-details-txt">One.<br><br>Two <i>and</i> more.<br></span>'
    page = f2f.ArticlePage(SITE + CAI, html)
    assert (page.body(), page.source(), page.author()) == (
        "One.\n\nTwo and more.",
        "Fibre2Fashion",
        None,
    )


def test_listing_without_a_next_link_goes_to_the_next_page_number():
    entry = f'<div><a class="blue-heading" href="{CAI}">CAI retains its estimate</a></div>'
    page = f2f.ListPage(SITE + LISTING + "?SortBy=latest&page=4", entry)
    assert page.next_page_url() == SITE + LISTING + "?SortBy=latest&page=5"
    empty = f2f.ListPage(SITE + LISTING + "?SortBy=latest&page=310", "<p>No news.</p>")
    assert empty.next_page_url() is None


def test_listing_item_around_a_nested_link():
    html = "".join(
        f'<div class="item"><h2><a class="blue-heading" href="{path}">{title}</a></h2>'
        f'<div class="news-date">{date}</div><p>{title}, in short.</p></div>'
        for path, title, date in [
            (CAI, "CAI retains its estimate", "Oct 05, 2020"),
            (BANGLADESH, "Bangladesh exports rise", "Oct 03, 2020"),
        ]
    )
    page = f2f.ListPage(SITE + LISTING + "?SortBy=latest&page=1", f"<div>{html}</div>")
    assert [(e.published_at, e.summary) for e in page.entries()] == [
        ("Oct 05, 2020", "CAI retains its estimate, in short."),
        ("Oct 03, 2020", "Bangladesh exports rise, in short."),
    ]


class ReplicaSite:
    """The fixture pages at their paths; the listing whatever its page number (the server
    ignores query strings), and no page for the third story it lists."""

    def get(self, path: str) -> Reply | None:
        case = {
            LISTING: "list-allnews-1",
            CAI: "article-textile-news-270512",
            BANGLADESH: "article-apparel-news-270437",
        }.get(path)
        if case is None:
            return None
        body = (CASES / case / "page.html").read_bytes()
        return Reply(200, "text/html; charset=utf-8", body)


@pytest.mark.slow
def test_crawl_of_the_replica(tmp_path):
    db_file = tmp_path / "archive.sqlite"
    with serving(ReplicaSite()) as url:
        start = url.rstrip("/") + LISTING + "?SortBy=latest&page=1"
        args = [sys.executable, "-m", "scrapy", "crawl", "fibre2fashion_com"]
        result = run([*args, "-a", f"start_url={start}", "-s", f"TEXTILE_NEWS_DB={db_file}"])
    assert result.returncode == 0, result.stderr[-2000:]
    # filed under the site's own address, dated in India time
    rows = query(db_file, "SELECT url, published_at, source, author, site FROM articles")
    assert sorted(rows) == [
        (
            SITE + BANGLADESH,
            "2020-10-03T06:15:00+00:00",
            "Bangladesh Garment Manufacturers and Exporters Association",
            None,
            "fibre2fashion_com",
        ),
        (
            SITE + CAI,
            "2020-10-05",
            "Fibre2Fashion News Desk",
            "RKS",
            "fibre2fashion_com",
        ),
    ]
    assert query(db_file, "SELECT url, stage, reason FROM rejects") == [
        (SITE + POLYESTER, "fetch", "HTTP 404")
    ]
    # robots.txt, page 1, its three stories, page 2 (page 1 again: the walk ends there)
    assert "'downloader/request_count': 6," in result.stderr
    assert "'textile_news/listing_repeated': 1," in result.stderr
