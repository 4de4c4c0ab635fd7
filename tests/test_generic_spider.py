"""The generic spider (issue 4): its link heuristics, then real crawls of a replica news site
(tests/site/generic_news) from its listing, its RSS feed and its sitemap."""

from __future__ import annotations

import json
import re
import shutil
import sys

import pytest
from click.testing import CliRunner
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from tests.conftest import SITES, query, run, untimed
from textile_news.cli import cli
from textile_news.crawl.runner import needs_start_url, site_names, spider_names
from textile_news.demo.server import Reply, StaticSite, serving
from textile_news.pages.base import ListEntry
from textile_news.pages.generic_listing import ListPage, is_article_path, is_headline, page_number
from textile_news.spiders.base import Listing
from textile_news.spiders.generic import GenericSpider, site_name

SITE = "generic:127.0.0.1"
COTTON = "news/2024/03/05/cotton-prices-climb-as-mills-restock/"
WOOL = "news/2024/03/04/european-wool-exports-to-china-recover/"
DENIM = "news/48213.html"
SPINNERS = "news/2024/02/28/spinners-warn-of-higher-energy-costs/"
POLYESTER = "news/recycled-polyester-demand-outpaces-supply-in-europe/"
REGISTRATION = "news/2024/03/cotton-outlook-conference-registration/"
TITLES = {
    COTTON: "Cotton prices climb as mills restock",
    WOOL: "European wool exports to China recover",
    DENIM: "Denim mill invests in waterless dyeing line",
    SPINNERS: "Spinners warn of higher energy costs",
    POLYESTER: "Recycled polyester demand outpaces supply in Europe",
}
# Pages of the replica that are no articles: linked from every page's menu, sidebar or footer.
NAV_PAGES = ("", "about-us/", "category/markets/", "tag/cotton/", "login/", "news/page/2/")


# --- heuristics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://x.com/news/2024/03/05/cotton-prices-climb/", True),
        ("https://x.com/zixun/hangye/202001/t20200116_4101234.html", True),
        ("https://x.com/global/en/576416.html", True),
        ("https://x.com/info/info_view.asp?infoid=727240", True),
        ("https://x.com/?p=123", True),
        ("https://x.com/news/recycled-polyester-demand-outpaces-supply/", True),
        ("https://x.com/news/a-b-c/", False),  # a short slug: a section
        ("https://x.com/news/2024/03/", False),  # a month's archive
        ("https://x.com/archive/2024/", False),
        ("https://x.com/news/", False),
        ("https://x.com/", False),
        ("https://x.com/tag/cotton-prices-in-south-asia/", False),
        ("https://x.com/category/markets/123456/", False),
        ("https://x.com/author/jane-weaver-senior-markets-editor/", False),
        ("https://x.com/about-us/our-history-since-1998-and-team/", False),
        ("https://x.com/news/page/2/", False),
        ("https://x.com/news/?page=2", False),
        ("https://x.com/search?q=cotton+prices+climb+again", False),
        ("https://x.com/uploads/2024/03/05/annual-report-of-the-year.pdf", False),
        ("mailto:editor@x.com", False),
    ],
)
def test_is_article_path(url, article):
    assert is_article_path(url) is article


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Cotton prices climb as mills restock", True),
        ("春节前纯棉纱市场交投趋淡", True),
        ("Read more about this story", False),
        ("Continue reading →", False),
        ("About us", False),
        ("Markets", False),
        (None, False),
    ],
)
def test_is_headline(text, headline):
    assert is_headline(text) is headline


LISTING = (
    "<html><head>{head}</head><body><header><nav>"
    '<a href="/news/2024/03/05/menu-story-in-the-main-menu/">A story linked from the menu</a>'
    '</nav></header><div id="breadcrumbs">'
    '<a href="/news/2024/03/05/breadcrumb-story-in-the-path/">A story linked from the path</a>'
    "</div><article><header><h2>"
    '<a href="/news/2024/03/05/wool-prices-ease-on-weak-demand/">'
    "Wool prices ease on weak demand</a>"
    "</h2></header><time>2024-03-05</time>"
    '<a href="/news/2024/03/05/wool-prices-ease-on-weak-demand/#comments">3 comments</a>'
    '</article><div class="card"><a href="/news/2024/03/04/linen-mills-add-capacity-in-normandy/">'
    '<img src="x.jpg" alt="Linen mills add capacity in Normandy"></a></div>'
    '<a href="https://other.example/news/2024/03/05/another-site-reports/">'
    "Another site reports it</a>"
    '<a href="https://www.x.com/news/2024/03/03/hemp-fibre-gets-a-new-standard/">'
    "Hemp fibre gets a new standard</a>"
    '<div class="pagination">{pager}</div><footer>'
    '<a href="/news/2024/03/01/footer-story-in-the-footer/">A story linked from the footer</a>'
    "</footer></body></html>"
)


def listing(url, head="", pager=""):
    return ListPage(url, LISTING.format(head=head, pager=pager))


def test_listing_entries_skip_navigation_and_other_hosts():
    page = listing("https://x.com/news/")
    assert [(e.url, e.title, e.published_at) for e in page.entries()] == [
        (
            "https://x.com/news/2024/03/05/wool-prices-ease-on-weak-demand/",
            "Wool prices ease on weak demand",
            "2024-03-05",
        ),
        (
            "https://x.com/news/2024/03/04/linen-mills-add-capacity-in-normandy/",
            "Linen mills add capacity in Normandy",
            None,
        ),
        (
            "https://www.x.com/news/2024/03/03/hemp-fibre-gets-a-new-standard/",
            "Hemp fibre gets a new standard",
            None,
        ),
    ]


@pytest.mark.parametrize(
    ("url", "head", "pager", "next_url"),
    [
        ("https://x.com/news/", '<link rel="next" href="/news/?page=2">', "", "/news/?page=2"),
        ("https://x.com/news/", "", '<a href="/news/list_2.html">下一页</a>', "/news/list_2.html"),
        ("https://x.com/news/", "", '<a href="/news/p/2">Next ›</a>', "/news/p/2"),
        ("https://x.com/news/", "", '<a href="?page=2"><i class="icon"></i></a>', "/news/?page=2"),
        (
            "https://x.com/news/?page=2",
            "",
            '<a href="?page=1">1</a><a href="?page=3">3</a>',
            "/news/?page=3",
        ),
        ("https://x.com/news/page/2/", "", '<a href="/news/page/3/">»</a>', "/news/page/3/"),
        (
            "https://x.com/news/",
            "",
            '<a href="/news/">1</a><a href="/news/index_1.html">2</a>',
            "/news/index_1.html",
        ),
        ("https://x.com/news/?page=3", "", '<a href="?page=1">1</a><a href="?page=2">2</a>', None),
    ],
)
def test_next_page(url, head, pager, next_url):
    expected = next_url and "https://x.com" + next_url
    assert listing(url, head, pager).next_page_url() == expected


def test_page_number():
    assert page_number("https://x.com/news/?page=4") == 4
    assert page_number("https://x.com/news/page/3/") == 3
    assert page_number("https://x.com/news/") == 1


def test_site_name_is_the_host():
    assert site_name("https://www.example.com:8443/news/") == "generic:example.com"
    assert GenericSpider(start_url="http://127.0.0.1:8000/news/").name == SITE
    assert GenericSpider().name == "generic"  # as reextract builds every spider


def test_generic_is_a_spider_but_not_a_site():
    assert "generic" in spider_names()
    assert "generic" not in site_names()  # a bare `crawl` runs the sites, not generic
    assert needs_start_url("generic") and not needs_start_url("sjfzxm_com")


def test_crawl_generic_without_start_url_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["crawl", "generic", "--db", str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: generic needs --start-url URL (a listing, feed or sitemap)"]
    assert not (tmp_path / "a.sqlite").exists()


# --- crawls of the replica ------------------------------------------------------------


@pytest.fixture(scope="module")
def generic_site():
    with serving(StaticSite(SITES / "generic_news")) as url:
        yield url


def crawl(start_url, db_file, *extra):
    """``textile-news crawl generic --start-url URL`` into ``db_file``."""
    args = [sys.executable, "-m", "textile_news", "crawl", "generic", "--start-url", start_url]
    return run([*args, "--db", str(db_file), *extra])


def articles(db_file):
    return {url: rest for url, *rest in query(db_file, "SELECT url, title, site FROM articles")}


def dates(db_file):
    return dict(query(db_file, "SELECT url, date_source FROM articles"))


@pytest.fixture(scope="module")
def listing_crawls(generic_site, tmp_path_factory):
    """The replica crawled from its listing, twice into one archive."""
    db_file = tmp_path_factory.mktemp("listing") / "archive.sqlite"
    first = crawl(generic_site + "news/", db_file)
    second = crawl(generic_site + "news/", db_file)
    return db_file, first, second


@pytest.mark.slow
def test_listing_crawl_stores_the_articles(generic_site, listing_crawls):
    db_file, first, _ = listing_crawls
    assert first.returncode == 0, first.stderr[-2000:]
    assert articles(db_file) == {generic_site + path: [t, SITE] for path, t in TITLES.items()}
    assert dates(db_file) == {
        generic_site + COTTON: "jsonld",
        generic_site + WOOL: "meta",
        generic_site + DENIM: "text",
        generic_site + SPINNERS: "url",
        generic_site + POLYESTER: "listing",  # "20 February 2024" beside its link
    }
    assert untimed(first.stdout).splitlines()[0].startswith(f"{SITE}: 10 pages, 5 new, ")


@pytest.mark.slow
def test_listing_crawl_leaves_navigation_alone(generic_site, listing_crawls):
    db_file, _, _ = listing_crawls
    fetched = {
        u for (u,) in query(db_file, "SELECT url FROM articles UNION SELECT url FROM rejects")
    }
    assert not fetched & {generic_site + path for path in NAV_PAGES}
    # the one page linked as a story that is none: fetched, and rejected
    assert query(db_file, "SELECT url, site, stage FROM rejects") == [
        (generic_site + REGISTRATION, SITE, "validate")
    ]


@pytest.mark.slow
def test_runs_and_captures_are_filed_under_the_host(listing_crawls):
    db_file, _, _ = listing_crawls
    assert query(db_file, "SELECT sites, requests, new, exit_code FROM crawl_runs") == [
        (SITE, 10, 5, 0),  # robots.txt, 3 listing pages, 6 article pages
        (SITE, 2, 0, 0),
    ]
    assert query(db_file, "SELECT DISTINCT site FROM captures") == [(SITE,)]
    result = CliRunner().invoke(cli, ["sites", "--format", "json", "--db", str(db_file)])
    [row] = [r for r in json.loads(result.output) if r["site"] == SITE]
    assert row["articles"] == 5


@pytest.mark.slow
def test_reextract_reads_a_generic_crawl_back(generic_site, listing_crawls, tmp_path):
    db_file, _, _ = listing_crawls
    copy = tmp_path / "archive.sqlite"
    shutil.copy(db_file, copy)
    shutil.copytree(db_file.parent / "archive.warc", tmp_path / "archive.warc")
    before = query(copy, "SELECT url, title, published_at, body FROM articles ORDER BY id")
    result = CliRunner().invoke(cli, ["reextract", "--db", str(copy)])
    # the registration page again, and the story whose only date was printed beside its
    # link on the listing (hints from linking pages are not stored: a known limitation)
    assert (result.exit_code, result.output) == (
        0,
        "reextract: 6 pages, 0 updated, 4 unchanged, 2 rejected\n",
    )
    assert query(copy, "SELECT url, title, published_at, body FROM articles ORDER BY id") == before
    assert query(copy, "SELECT url, reason FROM rejects WHERE url = ?", [generic_site + POLYESTER])[
        -1
    ] == (generic_site + POLYESTER, "no publication date")


@pytest.mark.slow
def test_listing_crawl_is_incremental(listing_crawls):
    _, _, second = listing_crawls
    assert second.returncode == 0, second.stderr[-2000:]
    # robots.txt and the first listing page: its three stories archived, no page 2
    assert untimed(second.stdout).splitlines()[0].startswith(f"{SITE}: 2 pages, 0 new, ")


@pytest.mark.slow
def test_listing_page_limit(generic_site, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = crawl(generic_site + "news/", db_file, "-s", "TEXTILE_NEWS_GENERIC_MAX_PAGES=2", "-v")
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(articles(db_file)) == {generic_site + p for p in TITLES if p != POLYESTER}
    assert _stat(result.stderr, "textile_news/listing_page_limit") == 1


class EndlessListing:
    """A listing whose "Next" link always asks for one more page, answered with the same
    page (the server ignores query strings), as some servers clamp a page number."""

    def get(self, path):
        if path == "/news/":
            body = listing("http://127.0.0.1/news/", pager='<a href="?page=2">Next</a>')
            return Reply(200, "text/html; charset=utf-8", body.selector.get().encode())
        return None


@pytest.mark.slow
def test_a_listing_that_repeats_itself_ends_the_walk(tmp_path):
    db_file = tmp_path / "archive.sqlite"
    with serving(EndlessListing()) as url:
        result = crawl(url + "news/", db_file, "-v")
    assert result.returncode == 0, result.stderr[-2000:]
    assert _stat(result.stderr, "textile_news/listing_repeated") == 1
    assert _stat(result.stderr, "textile_news/listing_page_limit") is None


@pytest.mark.slow
def test_feed_crawl(generic_site, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = crawl(generic_site + "feed/", db_file)
    assert result.returncode == 0, result.stderr[-2000:]
    # not the feed's fourth item, on another host
    assert articles(db_file) == {
        generic_site + path: [TITLES[path], SITE] for path in (COTTON, WOOL, POLYESTER)
    }
    assert query(
        db_file,
        "SELECT published_at, date_source FROM articles WHERE url = ?",
        [generic_site + POLYESTER],
    ) == [("2024-02-20T10:15:00+00:00", "feed")]


@pytest.mark.slow
def test_sitemap_crawl(generic_site, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = crawl(generic_site + "sitemap.xml", db_file)
    assert result.returncode == 0, result.stderr[-2000:]
    # the sitemap's home page, listing, about page and category are no articles
    assert articles(db_file) == {generic_site + p: [t, SITE] for p, t in TITLES.items()}
    assert dates(db_file)[generic_site + POLYESTER] == "sitemap"
    assert dates(db_file)[generic_site + SPINNERS] == "url"  # the page's URL before the sitemap


@pytest.mark.slow
def test_scrapy_crawl_generic(generic_site, tmp_path):
    """``scrapy crawl generic`` takes the same path, with the lock under the host's name."""
    db_file = tmp_path / "archive.sqlite"
    args = [sys.executable, "-m", "scrapy", "crawl", "generic", "-a"]
    args += [f"start_url={generic_site}feed/", "-s", f"TEXTILE_NEWS_DB={db_file}"]
    result = run(args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(articles(db_file)) == 3
    assert query(db_file, "SELECT sites, finish_reason FROM crawl_runs") == [(SITE, "finished")]


def _stat(log, name):
    """A number from the stats that Scrapy dumps at the end of a crawl's log."""
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match[1]) if match else None


def test_a_listing_page_whose_articles_related_links_asked_for_is_still_walked(tmp_path):
    """A page of the listing whose every article this crawl asked for already through
    related links (as a resumed crawl does: its queued articles come before the listing
    page it stopped at) is a page of the listing, not one repeating itself: its next page
    is followed, or the articles only later pages link are lost (1 in 6 resumed runs lost
    one). A page that repeats an earlier listing page still ends the walk."""
    start = "http://127.0.0.1:8000/news/"
    crawler = get_crawler(GenericSpider, {"TEXTILE_NEWS_DB": str(tmp_path / "a.sqlite")})
    spider = GenericSpider.from_crawler(crawler, start_url=start)
    crawler.spider = spider
    page2 = [f"{start}2024/03/{n:02d}/mills-report-more-orders-{n}/" for n in range(1, 6)]
    for url in page2:  # related links of articles fetched first
        assert spider.article_request(url) is not None

    def walk(page: int, urls: list[str]) -> list[str]:
        response = HtmlResponse(f"{start}page/{page}/", body=b"<html></html>")
        listing = Listing([ListEntry(url=u) for u in urls], f"{start}page/{page + 1}/")
        return [r.url for r in spider.follow_listing(response, listing, 0)]

    assert walk(2, page2) == [f"{start}page/3/"]  # its articles asked once, the walk goes on
    assert walk(3, page2) == []  # the same links as page 2: the server's last page again
    assert crawler.stats.get_value("textile_news/listing_repeated") == 1
