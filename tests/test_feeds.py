"""Feeds and sitemaps (issue 4): the feed page objects, then real crawls of a replica
textileworld.com (tests/site/textileworld_com) from its feed and from its sitemap index."""

from __future__ import annotations

import re
import sys

import pytest

from tests.conftest import SITES, query, run
from textile_news.crawl.runner import site_names
from textile_news.demo.server import StaticSite, serving
from textile_news.pages.feed import FeedPage, SitemapPage, html_text, with_page
from textile_news.spiders.feeds import is_post_path
from textile_news.spiders.textileworld_com import TextileworldComSpider
from textile_news.text.dates import parse_date

TW = "https://www.textileworld.com/textile-world/"
SHOWROOM = TW + "knitting-apparel/2025/02/cotton-incorporated-opens-its-2025-showroom/"
SPUNLACE = TW + "nonwovens/2025/01/nonwovens-producer-adds-spunlace-capacity-in-north-carolina/"
SPINNER = TW + "business-news/2025/01/yarn-spinner-names-new-chief-executive/"
WATER = TW + "dyeing-printing-finishing/2024/12/finishing-plant-cuts-water-use-by-a-third/"
FEED_SITES = {"textileworld_com", "just_style_com", "euratex_eu", "innovationintextiles_com"}

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title>
  <entry>
    <title type="html">Cotton &amp;amp; wool</title>
    <link rel="alternate" type="text/html" href="/news/cotton-and-wool/"/>
    <link rel="replies" href="/news/cotton-and-wool/#comments"/>
    <published>2024-07-18T19:27:24Z</published>
    <updated>2024-07-19T08:00:00Z</updated>
    <summary type="html">&lt;p&gt;Prices rose.&lt;/p&gt;</summary>
  </entry>
  <entry><title>No link</title></entry>
</feed>"""


def test_the_feed_spiders_are_listed():
    assert {*FEED_SITES, "ncto_org"} <= set(site_names())


def test_atom_entries():
    page = FeedPage("https://www.example.com/feed/atom/", ATOM)
    assert page.kind == "atom"
    [entry] = page.entries()
    assert entry.url == "https://www.example.com/news/cotton-and-wool/"
    assert (entry.title, entry.summary) == ("Cotton &amp; wool", "Prices rose.")
    assert entry.published_at == "2024-07-18T19:27:24Z"


def test_rss_entries_of_the_replica_feed():
    page = FeedPage("https://www.textileworld.com/feed/", _read("feed/index.html"))
    assert page.kind == "rss"
    entries = page.entries()
    assert [e.url for e in entries] == [SHOWROOM, SPUNLACE, SPINNER]
    assert entries[0].summary == (
        "Cotton Incorporated has opened its refreshed showroom with fabric and yarn concepts "
        "for the 2026 season"
    )
    assert entries[2].published_at == "Thu, 23 Jan 2025 19:27:24 +0000"
    assert parse_date(entries[2].published_at, "America/New_York") == "2025-01-23T19:27:24+00:00"


def test_sitemap_index_and_news_dates():
    index = SitemapPage(
        "https://www.textileworld.com/sitemap_index.xml", _read("sitemap_index.xml")
    )
    assert (index.kind, index.sitemaps()) == (
        "sitemapindex",
        ["https://www.textileworld.com/post-sitemap.xml"],
    )
    urlset = SitemapPage("https://www.textileworld.com/post-sitemap.xml", _read("post-sitemap.xml"))
    entries = {e.url: e for e in urlset.entries()}
    assert entries[WATER].published_at == "2024-12-16T10:00:00+00:00"  # news date, not lastmod
    assert entries[WATER].title == "Finishing Plant Cuts Water Use By A Third"
    assert entries[SPINNER].published_at == "2025-01-23T19:27:24+00:00"


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>Prices rose.</p><p>The post <a>X</a> appeared first on <a>Y</a>.</p>", "Prices rose."),
        ("Sales fell by 3% [&#8230;]", "Sales fell by 3%"),
        ("", None),
    ],
)
def test_html_text_of_descriptions(fragment, text):
    assert html_text(fragment) == text


def test_feed_pages():
    assert with_page("https://x.org/feed/", 2) == "https://x.org/feed/?paged=2"
    assert with_page("https://x.org/feed/?paged=2", 3) == "https://x.org/feed/?paged=3"


@pytest.mark.parametrize(
    ("path", "post"),
    [
        ("/news/cotton-prices/", True),
        ("/ncto-welcomes-enforcement/", True),
        ("/", False),
        ("/feed/", False),
        ("/category/news/", False),
        ("/tag/cotton/", False),
        ("/news/cotton-prices/feed/", False),
        ("/wp-content/uploads/2024/01/a.jpg", False),
        ("/post-sitemap.xml", False),
    ],
)
def test_is_post_path(path, post):
    assert is_post_path(path) is post


def test_textileworld_article_urls():
    spider = TextileworldComSpider()
    assert spider.is_article_url(SHOWROOM)
    assert not spider.is_article_url("https://www.textileworld.com/about-us/")
    assert not spider.is_article_url("https://www.example.com" + SHOWROOM[29:])


@pytest.fixture(scope="module")
def textileworld_site():
    with serving(StaticSite(SITES / "textileworld_com")) as url:
        yield url


def crawl(start_url, db_file, *extra):
    """``scrapy crawl textileworld_com -a start_url=...`` into ``db_file``."""
    args = [sys.executable, "-m", "scrapy", "crawl", "textileworld_com", "-a"]
    return run([*args, f"start_url={start_url}", "-s", f"TEXTILE_NEWS_DB={db_file}", *extra])


def rows(db_file):
    return {
        url: rest
        for url, *rest in query(
            db_file, "SELECT url, title, published_at, date_source, summary, site FROM articles"
        )
    }


@pytest.fixture(scope="module")
def feed_crawls(textileworld_site, tmp_path_factory):
    """The replica crawled from its feed, twice into one archive."""
    db_file = tmp_path_factory.mktemp("feed") / "archive.sqlite"
    first = crawl(textileworld_site + "feed/", db_file)
    second = crawl(textileworld_site + "feed/", db_file, "-s", "TEXTILE_NEWS_REVISIT_DAYS=0")
    return db_file, first, second


@pytest.mark.slow
def test_feed_crawl_stores_each_feed_article(feed_crawls):
    db_file, first, _ = feed_crawls
    assert first.returncode == 0, first.stderr[-2000:]
    got = rows(db_file)
    assert set(got) == {SHOWROOM, SPUNLACE, SPINNER}
    assert got[SHOWROOM][:3] == [
        "Cotton Incorporated Opens Its 2025 Showroom In New York City",
        "2025-02-03",
        "text",
    ]
    assert got[SPUNLACE][1:3] == ["2025-01-28T14:05:00+00:00", "meta"]
    assert {row[4] for row in got.values()} == {"textileworld_com"}


@pytest.mark.slow
def test_feed_date_and_summary_fill_a_page_without_them(feed_crawls):
    db_file, _, _ = feed_crawls
    title, published_at, date_source, summary, _ = rows(db_file)[SPINNER]
    assert title == "Yarn Spinner Names New Chief Executive"
    assert (published_at, date_source) == ("2025-01-23T19:27:24+00:00", "feed")
    assert summary == (
        "A yarn spinner has named its chief operating officer as its new chief executive."
    )


@pytest.mark.slow
def test_feed_crawl_is_incremental(feed_crawls):
    db_file, first, second = feed_crawls
    assert second.returncode == 0, second.stderr[-2000:]
    # robots.txt, the feed, 3 articles, the feed's page 2 (the same feed here: nothing new)
    assert _stat(first.stderr, "downloader/request_count") == 6
    # robots.txt and the feed: every article archived and not due, page 2 not asked for
    assert _stat(second.stderr, "downloader/request_count") == 2
    assert _stat(second.stderr, "textile_news/skipped_known") == 3
    assert len(rows(db_file)) == 3


@pytest.mark.slow
def test_sitemap_crawl(textileworld_site, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = crawl(textileworld_site + "sitemap_index.xml", db_file)
    assert result.returncode == 0, result.stderr[-2000:]
    got = rows(db_file)
    assert set(got) == {SHOWROOM, SPUNLACE, SPINNER, WATER}  # not /about-us/
    assert got[WATER][1:3] == ["2024-12-16T10:00:00+00:00", "sitemap"]
    assert got[SPINNER][1:3] == ["2025-01-23T19:27:24+00:00", "sitemap"]
    assert got[SHOWROOM][2] == "text"


def _read(path):
    return (SITES / "textileworld_com" / path).read_bytes()


def _stat(log, name):
    """A number from the stats that Scrapy dumps at the end of a crawl's log."""
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match[1]) if match else None


def test_check_site_reads_a_feed_as_the_listing():
    from click.testing import CliRunner

    from textile_news.cli import cli

    with serving(StaticSite(SITES / "textileworld_com")) as url:
        result = CliRunner().invoke(
            cli, ["check-site", "textileworld_com", "--start-url", url + "feed/"]
        )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "entries:    3"
    assert "title         Cotton Incorporated Opens Its 2025 Showroom In New York City" in lines
    assert "published_at  2025-02-03" in lines
