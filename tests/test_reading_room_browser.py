"""The reading room in a real browser (issue 16, item 1): headless Chromium (Debian's
``chromium`` and ``chromium-driver``, which .ci/run installs) driven by Selenium through
`textile-news datasette` serving the demo archive, as an analyst clicks through it.

Each page's screenshot goes to the test's folder; with TEXTILE_NEWS_SCREENSHOTS=DIR also to
DIR (docs/screenshots/ for the README). Without Chromium the tests are skipped, unless
TEXTILE_NEWS_REQUIRE_BROWSER is set (.ci/run sets it): then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from tests.conftest import CLI, run
from textile_news.analysis.search import search
from textile_news.archive.db import open_readonly

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTICLE_URL = "http://www.sjfzxm.com/news/difang/20110106/207507.html"
ARTICLE_TITLE = "绍兴纺织企业加快转型升级步伐"

pytestmark = pytest.mark.slow


def _browser_or_skip() -> None:
    missing = [path for path in (CHROMIUM, DRIVER) if not Path(path).exists()]
    if missing and os.environ.get("TEXTILE_NEWS_REQUIRE_BROWSER"):
        pytest.fail(f"no {' or '.join(missing)}: install Debian's chromium and chromium-driver")
    if missing:
        pytest.skip(f"no {' or '.join(missing)} (Debian's chromium and chromium-driver)")


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo archive, crawled from the bundled replica."""
    db_file = tmp_path_factory.mktemp("room-browser") / "demo.sqlite"
    result = run([*CLI, "demo", "--db", str(db_file)])
    assert result.returncode == 0, result.stderr
    return db_file


@pytest.fixture(scope="module")
def room(demo):
    """The base URL of `textile-news datasette` serving the demo archive."""
    _browser_or_skip()
    port = _free_port()
    log = demo.with_name("datasette.log").open("w+b")  # a file: a pipe left unread fills
    server = subprocess.Popen(
        [*CLI, "datasette", "--db", str(demo), "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urlopen(f"{base}/-/versions.json", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise AssertionError(log.read().decode()) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(10)
        log.close()


@pytest.fixture(scope="module")
def browser():
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def shoot(browser, tmp_path):
    """Save the page's screenshot as NAME.png (and into $TEXTILE_NEWS_SCREENSHOTS)."""

    def save(name: str) -> Path:
        path = tmp_path / f"{name}.png"
        assert browser.save_screenshot(str(path))
        if folder := os.environ.get("TEXTILE_NEWS_SCREENSHOTS"):
            Path(folder).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, Path(folder) / path.name)
        return path

    return save


def css(browser, selector):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def texts(browser, selector):
    return [" ".join(node.text.split()) for node in css(browser, selector)]


def cli_titles(demo, query, **filters):
    from textile_news.archive.filters import ArticleFilter

    with closing(open_readonly(demo)) as db:
        return [hit["title"] for hit in search(db, query, filters=ArticleFilter(**filters))]


@pytest.mark.parametrize(
    "spelling",
    [ARTICLE_URL, ARTICLE_URL.replace("http://www.", "HTTPS://WWW.") + "?utm_source=x#top"],
)
def test_open_an_article_by_its_url(room, browser, shoot, spelling):
    # any spelling that a crawl stores under the article's URL (as `textile-news show`)
    browser.get(f"{room}/demo/-/article?url={quote(spelling)}")
    assert browser.current_url.startswith(f"{room}/demo/articles/")
    assert texts(browser, "article h1") == [ARTICLE_TITLE]
    assert browser.title == f"{ARTICLE_TITLE} — demo"
    byline = texts(browser, ".room-byline")[0]
    assert byline.startswith("2011-01-06 09:12:33 +08:00")
    [heading] = css(browser, "article h1")
    # the Chinese title reads on one line, not a character a line
    assert heading.size["height"] < 2.5 * float(heading.value_of_css_property("font-size")[:-2])
    paragraphs = css(browser, "article > p:not(.room-byline):not(.room-source)")
    assert len(paragraphs) == 4
    assert all(p.size["width"] <= 42 * 16 * 1.2 for p in paragraphs)  # a readable measure
    assert "转型升级" in texts(browser, ".room-about .room-chips a")
    shoot("article")


@pytest.mark.parametrize("query", ["纺织", "cotton"])
def test_search_from_the_box(room, demo, browser, shoot, query):
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{room}/demo/articles/1")
    [box] = css(browser, ".room-search-box input[name=q]")
    box.send_keys(query, Keys.ENTER)
    expected = cli_titles(demo, query)
    assert expected
    assert texts(browser, ".room-hit-title")[: len(expected)] == expected[:20]
    total = len(expected)
    assert texts(browser, ".room-total")[0].startswith(
        f"1–{min(total, 20)} of {total} article{'' if total == 1 else 's'} matching “{query}”"
    )
    marks = texts(browser, ".room-snippet mark")
    assert marks and all(query.lower() in mark.lower() for mark in marks)
    shoot(f"search-{'zh' if query == '纺织' else 'en'}")


def test_follow_a_term_facet(room, demo, browser, shoot):
    browser.get(f"{room}/demo/-/search?q=cotton")
    facets = {
        " ".join(link.text.split()): link
        for link in css(browser, ".room-facets h2 + ul a")
        if "/-/search" in (link.get_attribute("href") or "")
    }
    term = next(label for label in facets if label.startswith("Cotton"))
    facets[term].click()
    assert "term=cotton" in browser.current_url
    assert texts(browser, ".room-filter") == [f"term: {term} ×"]
    assert texts(browser, ".room-hit-title") == cli_titles(demo, "cotton", term="cotton")
    shoot("search-facet")


def test_page_through_results(room, browser, shoot):
    browser.get(f"{room}/demo/-/search?size=10")
    seen = []
    for number in range(1, 5):
        assert texts(browser, ".room-pages span") == [f"page {number} of 4"]
        seen += texts(browser, ".room-hit-title")
        if number < 4:
            css(browser, ".room-pages a[rel=next]")[0].click()
    assert len(seen) == len(set(seen)) == 36
    shoot("search-pages")


def test_the_articles_table_and_the_trend(room, browser, shoot):
    browser.get(f"{room}/demo/articles")
    headers = [h.split()[0] for h in texts(browser, "table.rows-and-columns th") if h]
    assert headers == ["id", "title", "published_at", "site", "language", "summary"]
    [first_row] = css(browser, "table.rows-and-columns tbody tr")[:1]
    assert first_row.size["height"] < 60  # one line a row, not the whole body
    shoot("table")
    browser.get(f"{room}/demo/-/trend?q=cotton&by=month")
    assert texts(browser, "h1") == ["Articles per month matching “cotton”, by site"]
    assert css(browser, "figure.room-chart svg rect")
    shoot("trend")
