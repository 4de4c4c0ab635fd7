"""Huge and deep pages (issue 13, items 3, 5 and 6), against real crawl processes: a listing of
100,000 links no longer freezes the crawl (SIGTERM and Ctrl-C stop it within seconds), its
parse no longer turns other downloads into timeouts, the links a listing yields are capped
with a finding, and a page nested too deep to parse whole is a reject, not an article."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from parsel import Selector

from tests.conftest import CLI, ROOT, query, run
from textile_news.demo.listings import SITES, generic_listing, listing
from textile_news.demo.server import Reply, serving
from textile_news.pages import feed, generic, tree
from textile_news.pages.base import Page

DEEP_REASON = "page too deeply nested to parse whole (more than 2048 levels)"
ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body><article>"
    "<h1>{title}</h1><time datetime='2024-03-05'>5 March 2024</time>"
    "<p>Cotton yarn prices rose again this week as spinning mills restocked ahead of the "
    "season, exporters said, and buyers in the main markets placed larger orders.</p>"
    "<p>{path}: {title}, as reported.</p>"
    "</article></body></html>"
)


class Pages:
    """A site of fixed pages; article paths (``/news/2024/...``) answer a small article,
    after ``article_delay`` seconds. Counts the requests of each path."""

    def __init__(self, pages: dict[str, str], article_delay: float = 0.0) -> None:
        self.pages = {path: body.encode() for path, body in pages.items()}
        self.article_delay = article_delay
        self.hits: dict[str, int] = {}
        self.served = threading.Event()  # the first listing went out whole
        self.lock = threading.Lock()

    def get(self, path: str) -> Reply | None:
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
        if path in self.pages:
            if path == "/news/":
                threading.Timer(0.05, self.served.set).start()
            return Reply(200, "text/html; charset=utf-8", self.pages[path])
        if path.startswith("/news/2024/"):
            time.sleep(self.article_delay)
            title = path.rstrip("/").rsplit("-", 4)[-1].title() + " mills restock cotton yarn"
            return Reply(
                200, "text/html; charset=utf-8", ARTICLE.format(title=title, path=path).encode()
            )
        return None

    def articles_fetched(self) -> int:
        return sum(n for path, n in self.hits.items() if path.startswith("/news/2024/"))


@contextmanager
def site(pages: dict[str, str], article_delay: float = 0.0) -> Iterator[tuple[Pages, str]]:
    served = Pages(pages, article_delay)
    with serving(served) as url:
        yield served, url


def crawl_args(start_url: str, db_file: Path, *settings: str) -> list[str]:
    args = [*CLI, "crawl", "generic", "--start-url", start_url, "--db", str(db_file)]
    for setting in settings:
        args += ["-s", setting]
    return args


def integrity(db_file: Path) -> str:
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_parse_of_a_huge_listing(tmp_path: Path, stop: signal.Signals) -> None:
    db_file = tmp_path / "archive.sqlite"
    with site({"/news/": generic_listing(100_000)}) as (served, url):
        proc = subprocess.Popen(
            crawl_args(url + "news/", db_file),
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k != "TEXTILE_NEWS_DB"}
            | {"PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert served.served.wait(60), "the listing was never fetched"
            time.sleep(1.0)  # well into the parse: its 11 MB take seconds
            assert proc.poll() is None, "the crawl ended before the signal"
            sent = time.monotonic()
            proc.send_signal(stop)
            out, err = proc.communicate(timeout=30)
            took = time.monotonic() - sent
        finally:
            proc.kill()
            proc.wait()
        assert took < 5, f"{took:.1f} s after {stop.name}"
        assert served.articles_fetched() < 100  # stopped, not walked to its end
    assert integrity(db_file) == "ok"
    reason = query(db_file, "SELECT finish_reason FROM crawl_runs")
    assert reason == [("shutdown",)], (out, err)


@pytest.mark.slow
def test_a_slow_parse_makes_no_download_timeouts(tmp_path: Path) -> None:
    """Article downloads in flight while a huge listing is parsed finish: no timeouts."""
    db_file = tmp_path / "archive.sqlite"
    first = generic_listing(30, seed=1, next_url="/news/huge/")
    pages = {"/news/": first, "/news/huge/": generic_listing(50_000, seed=2)}
    # each article answers after 0.5 s, so that fetches are in flight during the parse
    with site(pages, article_delay=0.5) as (served, url):
        result = run(
            crawl_args(
                url + "news/",
                db_file,
                "DOWNLOAD_TIMEOUT=2",
                "TEXTILE_NEWS_MAX_LISTING_LINKS=40",
                "TEXTILE_NEWS_GENERIC_MAX_PAGES=2",
            ),
            timeout=90,
        )
        fetched = served.articles_fetched()
    assert result.returncode == 0, result.stderr[-2000:]
    timeouts = query(db_file, "SELECT count(*) FROM rejects WHERE reason LIKE 'timeout%'")
    assert timeouts == [(0,)]
    assert fetched == 30 + 40  # the first page's, then the huge page's first 40
    assert query(db_file, "SELECT count(*) FROM articles") == [(70,)]


@pytest.mark.slow
def test_a_listing_over_the_cap_is_a_finding(tmp_path: Path) -> None:
    db_file = tmp_path / "archive.sqlite"
    with site({"/news/": generic_listing(60, next_url="/nowhere/")}) as (served, url):
        result = run(
            crawl_args(url + "news/", db_file, "TEXTILE_NEWS_MAX_LISTING_LINKS=25"), timeout=60
        )
        fetched = served.articles_fetched()
    assert result.returncode == 0, result.stderr[-2000:]
    assert fetched == 25
    message = (
        "generic:127.0.0.1: 1 listing page(s) linked more than 25 articles; only the first 25"
        " of each were followed (TEXTILE_NEWS_MAX_LISTING_LINKS)"
    )
    findings = json.loads(query(db_file, "SELECT findings FROM crawl_runs")[0][0])
    assert {"check": "listing_cap", "message": message} in findings
    assert f"finding: {message}" in result.stdout
    stats = json.loads(query(db_file, "SELECT stats FROM crawl_runs")[0][0])
    assert stats["textile_news/listing_links_capped"] == 1


def nested(levels: int) -> str:
    """An article whose text sits below ``levels`` nested ``<div>``: the tree issue 13 met."""
    return (
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
        "<p class='date'>5 March 2024</p>" + "<div>" * levels + "<h1>Cotton prices climb</h1>"
        "<p>" + "Cotton yarn prices rose again this week. " * 20 + "</p>" + "</div>" * levels
    ) + "</body></html>"


@pytest.mark.slow
def test_a_deep_page_is_a_reject_not_an_article(tmp_path: Path) -> None:
    db_file = tmp_path / "archive.sqlite"
    path = "/news/2024/03/05/cotton-prices-climb-as-mills-restock"
    news = f"<html><body><ul><li><a href='{path}'>Cotton prices climb as mills restock</a></ul>"
    with site({"/news/": news, path: nested(50_000)}) as (_, url):
        result = run(crawl_args(url + "news/", db_file), timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert query(db_file, "SELECT count(*) FROM articles") == [(0,)]
    rejects = query(db_file, "SELECT url, stage, reason FROM rejects")
    assert rejects == [(url + path.lstrip("/"), "extract", DEEP_REASON)]
    assert integrity(db_file) == "ok"


# What libxml2 does, that the check stands on: whole up to 2048 levels (huge_tree), then cut.
def test_libxml2_cuts_a_tree_deeper_than_2048_levels() -> None:
    whole = Selector(text=nested(2000))
    assert whole.css("h1::text").get() == "Cotton prices climb"
    cut = Selector(text=nested(2100))  # parsel's own parse: no error, and no text
    assert cut.css("h1").get() is None
    assert cut.css("p.date::text").get() == "5 March 2024"


@pytest.mark.parametrize(
    "parse",
    [
        lambda html: Page("https://example.com/a", html),
        lambda html: generic.parse_html(html),
        lambda html: generic.ArticlePage("https://example.com/a", html).to_item(),
        lambda html: feed.xml_selector("<?xml version='1.0'?><rss>" + html + "</rss>"),
    ],
    ids=["Page", "generic.parse_html", "generic.ArticlePage", "feed.xml_selector"],
)
def test_every_parser_refuses_a_cut_tree(parse) -> None:
    assert parse(nested(2000)) is not None
    with pytest.raises(tree.UnparsablePage, match=r"^page too deeply nested to parse whole"):
        parse(nested(2100))


@pytest.mark.parametrize("site_name", SITES)
def test_whole_document_queries_do_not_grow_with_links(site_name: str, monkeypatch) -> None:
    """A page object asks the whole document the same number of questions for 10 links as
    for 200: per-link work looks at the link's own elements (urljoin asked ``<base>`` of
    the whole page for each link)."""
    counts = []
    for links in (10, 200):
        page_data = listing(site_name, links)
        module = __import__(
            "textile_news.pages." + ("feed" if site_name in ("feed", "sitemap") else site_name),
            fromlist=["_"],
        )
        page = getattr(module, page_data.page_class)(page_data.url, page_data.body)
        root, calls = page.selector, [0]
        for name in ("css", "xpath"):
            original = getattr(Selector, name)

            def counted(self, query, *args, _original=original, _root=root, _calls=calls, **kwargs):
                _calls[0] += self is _root
                return _original(self, query, *args, **kwargs)

            monkeypatch.setattr(Selector, name, counted)
        assert len(page.entries()) == links
        if hasattr(page, "next_page_url"):
            page.next_page_url()
        monkeypatch.undo()
        counts.append(calls[0])
    assert counts[0] == counts[1]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
