"""Faults (issue 3, item 6): a crawl of the hostile site finishes, stores what can be
stored, and records every failed URL with its reason; unit tests of the pieces."""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
import time
import urllib.request
from contextlib import closing
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from tests.conftest import scrapy_crawl
from tests.hostile import hostile_site
from textile_news.crawl.captures import CaptureMiddleware
from textile_news.crawl.middlewares import BackoffRetryMiddleware, CharsetMiddleware, retry_delay
from textile_news.demo.replica import ARTICLES
from textile_news.spiders.sjfzxm_com import SjfzxmComSpider
from textile_news.text.content import better_encoding, binary_type, declared_label, is_mislabelled

SITE = "http://www.sjfzxm.com/global/en/"
TOO_LARGE = "response larger than 262144 bytes (DOWNLOAD_MAXSIZE)"
REJECTS = {
    (SITE + "910001.html", "fetch", "timeout after 1 s (3 tries)"),
    (SITE + "910002.html", "fetch", "timeout after 1 s (3 tries)"),
    (SITE + "910003.html", "fetch", "connection lost mid-response (3 tries)"),
    (SITE + "910004.html", "fetch", "connection lost mid-response (3 tries)"),
    (SITE + "910005.html", "fetch", "connection lost before a response (3 tries)"),
    (SITE + "910008.html", "fetch", "HTTP 500 (3 tries)"),
    (SITE + "910009.html", "fetch", "redirect loop"),
    (SITE + "910010.html", "fetch", "more than 5 redirects (REDIRECT_MAX_TIMES)"),
    (SITE + "910011.html", "fetch", TOO_LARGE),
    (SITE + "910012.html", "fetch", TOO_LARGE),
    (SITE + "910013.html", "fetch", TOO_LARGE + " once decompressed"),
    (SITE + "910014.html", "extract", "not an HTML page (image/png)"),
    (SITE + "910015.html", "extract", "not an HTML page (image/png served as text/html)"),
}
# The pages that recover on a retry, those with a wrong or no charset, and the malformed one.
TITLES = {
    910006: "Hostile Page: Too Many Requests",
    910007: "Hostile Page: Unavailable Once",
    910020: "中国纺织工业联合会召开上半年纺织行业经济运行分析会",
    910021: "浙江绍兴柯桥纺织品市场秋冬面料成交活跃",
    910022: "江苏盛泽丝绸企业加快数字化转型步伐",
    910023: "Café Textiles – “Naïve” Prints Win Première Award",
    910024: "Naïve Crème Prints Dress Façades Of Hôtels",
    910025: "Garment Exporters’ “Quick Response” Lines Cut Lead Times",
}
ERRORS = {
    "timeout": 2,
    "connection_lost": 3,
    "http_500": 1,
    "redirect_loop": 1,
    "too_many_redirects": 1,
    "too_large": 3,
}
# Retries: 2 each for the 2 timeouts, 3 lost connections and the 500; 2 for the 429, 1 for
# the 503. Waits with a 0.05 s base: 0.05 + 0.1 per URL retried twice, 0.05 for the 503, and
# Retry-After capped at 0.3 s twice for the 429.
RETRIES = 15
WAIT_SECONDS = 6 * 0.15 + 0.05 + 2 * 0.3


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of the hostile site: (archive, finished process, request times per path)."""
    db_file = tmp_path_factory.mktemp("faults") / "archive.sqlite"
    with hostile_site() as site:
        result = scrapy_crawl(
            site.url + "global/en/",
            db_file,
            *("-s", "DOWNLOAD_TIMEOUT=1"),
            *("-s", "DOWNLOAD_MAXSIZE=262144"),
            *("-s", "REDIRECT_MAX_TIMES=5"),
            *("-s", "RETRY_TIMES=2"),
            # real waits on loopback, short enough for a test
            *("-s", "TEXTILE_NEWS_BACKOFF_LOOPBACK=True"),
            *("-s", "TEXTILE_NEWS_RETRY_BACKOFF_BASE=0.05"),
            *("-s", "TEXTILE_NEWS_RETRY_AFTER_MAX=0.3"),
        )
        hits = {i: site.hits(f"/global/en/{i}.html") for i in (910006, 910007)}
    return db_file, result, hits


def query(db_file, sql):
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute(sql).fetchall()


def stats(stderr: str) -> dict[str, float]:
    """The numeric stats of Scrapy's end-of-crawl dump."""
    dump = stderr[stderr.index("Dumping Scrapy stats") :]
    return {k: float(v) for k, v in re.findall(r"'([^']+)': (-?\d+(?:\.\d+)?)[,}]", dump)}


@pytest.mark.slow
def test_crawl_finishes(crawled):
    _, result, _ = crawled
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'finish_reason': 'finished'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_each_fault_is_recorded_with_its_reason(crawled):
    db_file, _, _ = crawled
    assert set(query(db_file, "SELECT url, stage, reason FROM rejects")) == REJECTS
    assert query(db_file, "SELECT count(*) FROM rejects") == [(len(REJECTS),)]


@pytest.mark.slow
def test_good_recovered_and_misdecoded_pages_are_stored(crawled):
    db_file, _, _ = crawled
    stored = dict(query(db_file, "SELECT url, title FROM articles"))
    expected = {SITE + f"{a.id}.html": a.title for a in ARTICLES}
    expected |= {SITE + f"{i}.html": title for i, title in TITLES.items()}
    assert stored == expected


@pytest.mark.slow
def test_text_of_wrongly_labelled_and_malformed_pages(crawled):
    db_file, _, _ = crawled
    bodies = dict(query(db_file, "SELECT url, body FROM articles WHERE url LIKE '%/9100__.html'"))
    for i in (910020, 910021, 910022):
        assert bodies[SITE + f"{i}.html"].startswith(
            "8月27日，中国纺织工业联合会在北京召开2020年上半年纺织行业经济运行分析会。"
        )
    for i in (910023, 910024):
        assert (
            "atelier’s “naïve” prints won the première award – a first for the coöperative"
            in (bodies[SITE + f"{i}.html"])
        )
    assert bodies[SITE + "910025.html"].split("\n\n")[:2] == [
        # the bytes that are not UTF-8 become U+FFFD; the NUL is gone
        "Garment exporters’ “quick response” lines now ship reorders in two "
        "\ufffd\ufffd\ufffdweeks, the association’s survey found.",
        "Factories that share cutting data with their buyers cut lead times the most.",
    ]


@pytest.mark.slow
def test_stats_count_every_failure(crawled):
    _, result, _ = crawled
    numbers = stats(result.stderr)
    errors = {
        k.removeprefix("textile_news/errors/"): v
        for k, v in numbers.items()
        if k.startswith("textile_news/errors/")
    }
    assert errors == ERRORS
    assert numbers["textile_news/rejected/fetch"] == sum(ERRORS.values())
    assert numbers["textile_news/rejected/extract"] == 2
    assert "textile_news/rejected/validate" not in numbers
    assert "spider_exceptions/count" not in numbers
    assert numbers["textile_news/articles/new"] == len(ARTICLES) + len(TITLES)
    assert numbers["textile_news/charset_corrected"] >= 3  # 910020, 910021, 910023 at least
    assert numbers["textile_news/encoding/mislabelled"] == 3  # 910020, 910021, 910023


@pytest.mark.slow
def test_captures_record_the_declared_and_the_used_encoding(crawled):
    db_file, _, _ = crawled
    recorded = {
        url.removeprefix(SITE): (declared, used)
        for url, declared, used in query(
            db_file, "SELECT url, declared_encoding, encoding FROM captures"
        )
    }
    assert {k: v for k, v in recorded.items() if k.startswith("9100")} == {
        "910006.html": ("utf-8", "utf-8"),
        "910007.html": ("utf-8", "utf-8"),
        # the PNG, as image/png and as text/html: Scrapy made text of it all the same (the
        # URL ends in .html); the spider rejects it
        "910014.html": (None, "ascii"),
        "910015.html": ("utf-8", "utf-8"),
        "910020.html": ("iso-8859-1", "gb18030"),  # <meta> says gbk; the header wins
        "910021.html": ("utf-8", "gb18030"),
        "910022.html": (None, "gb18030"),
        "910023.html": ("utf-8", "cp1252"),
        "910024.html": (None, "cp1252"),
        "910025.html": ("utf-8", "utf-8"),  # a few stray bytes do not make it another
    }
    assert {recorded[f"{a.id}.html"] for a in ARTICLES} == {("utf-8", "utf-8")}


@pytest.mark.slow
def test_every_retry_waited(crawled):
    _, result, hits = crawled
    numbers = stats(result.stderr)
    assert numbers["retry/count"] == RETRIES
    assert numbers["retry/max_reached"] == 6
    assert numbers["textile_news/retry/waited"] == RETRIES
    assert numbers["textile_news/retry/wait_seconds"] == pytest.approx(WAIT_SECONDS)
    too_many, unavailable = hits[910006], hits[910007]
    assert len(too_many) == 3 and len(unavailable) == 2
    assert all(b - a >= 0.3 for a, b in itertools.pairwise(too_many))
    assert unavailable[1] - unavailable[0] >= 0.05


@pytest.mark.slow
def test_archive_passes_integrity_check(crawled):
    db_file, _, _ = crawled
    assert query(db_file, "PRAGMA integrity_check") == [("ok",)]


NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("retries", "retry_after", "expected"),
    [
        (0, None, 1.0),
        (1, None, 2.0),
        (2, None, 4.0),
        (5, None, 32.0),
        (6, None, 60.0),  # 64 capped
        (0, "7", 7.0),
        (2, " 7 ", 7.0),
        (0, "0", 0.0),
        (0, "600", 120.0),  # capped
        (0, "Thu, 01 Jan 2026 12:00:30 GMT", 30.0),
        (0, "Thu, 01 Jan 2026 11:59:00 GMT", 0.0),  # in the past
        (0, "Fri, 02 Jan 2026 12:00:00 GMT", 120.0),  # capped
        (1, "soon", 2.0),  # malformed: exponential
        (1, "-5", 2.0),
    ],
)
def test_retry_delay(retries, retry_after, expected):
    delay = retry_delay(retries, retry_after, base=1.0, cap=60.0, retry_after_cap=120.0, now=NOW)
    assert delay == expected


@pytest.mark.parametrize(
    ("url", "force", "expected"),
    [
        ("http://127.0.0.1:8080/a.html", False, 0.0),
        ("http://127.3.2.1/a.html", False, 0.0),
        ("http://localhost/a.html", False, 0.0),
        ("http://[::1]:8080/a.html", False, 0.0),
        ("http://127.0.0.1:8080/a.html", True, 0.5),
        ("http://www.sjfzxm.com/a.html", False, 0.5),
    ],
)
def test_backoff_is_zero_for_loopback_unless_forced(url, force, expected):
    crawler = get_crawler(
        settings_dict={
            "TEXTILE_NEWS_BACKOFF_LOOPBACK": force,
            "TEXTILE_NEWS_RETRY_BACKOFF_BASE": 0.25,
            "TEXTILE_NEWS_RETRY_BACKOFF_MAX": 10.0,
        }
    )
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    assert middleware.delay(Request(url, meta={"retry_times": 1}), None) == expected
    assert middleware.delay(Request(url), "3") == (3.0 if expected else 0.0)


GBK = "中国纺织工业联合会在北京召开纺织行业经济运行分析会，会议指出生产逐步恢复。"
LATIN = "The Café atelier’s “naïve” prints won the première award – a first."


@pytest.mark.parametrize(
    ("body", "current", "declared", "expected"),
    [
        (b"<p>plain ASCII</p>", "cp1252", (), None),
        (GBK.encode("utf-8"), "utf-8", ("utf-8",), None),
        (GBK.encode("gbk"), "cp1252", ("cp1252", "gb18030"), "gb18030"),  # header vs meta
        (GBK.encode("gbk"), "utf-8", ("utf-8", "utf-8"), "gb18030"),  # both wrong
        (LATIN.encode("cp1252"), "utf-8", ("utf-8",), "cp1252"),
        (LATIN.encode("cp1252"), "cp1250", (), "cp1252"),  # a guess among code pages
        (LATIN.encode("cp1252"), "cp1252", ("cp1252",), None),
        (LATIN.encode("utf-8"), "cp1252", ("cp1252",), "utf-8"),  # UTF-8 labelled latin-1
        (LATIN.encode("utf-8") + b"\xff", "utf-8", ("utf-8",), None),  # a stray byte
    ],
    ids=[
        "ascii",
        "utf8",
        "gbk-header-vs-meta",
        "gbk-labelled-utf8",
        "cp1252-labelled-utf8",
        "cp1252-guessed-cp1250",
        "cp1252-labelled-cp1252",
        "utf8-labelled-latin1",
        "utf8-stray-byte",
    ],
)
def test_better_encoding(body, current, declared, expected):
    assert better_encoding(body, current, declared) == expected


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'<meta charset="gbk"><p>x</p>', "text/html; charset=ISO-8859-1", "iso-8859-1"),
        (b'<meta charset="GB2312"><p>x</p>', "text/html", "gb2312"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">', None, "gbk"),
        (b"<p>x</p>", "text/html", None),
        (b"<p>x</p>", None, None),
    ],
    ids=["header-wins", "meta", "meta-http-equiv", "none", "no-header"],
)
def test_declared_label_is_the_header_else_the_meta_as_written(body, content_type, expected):
    assert declared_label(body, content_type) == expected


@pytest.mark.parametrize(
    ("declared", "used", "expected"),
    [
        ("gbk", "gb18030", False),
        ("gb2312", "gb18030", False),
        ("iso-8859-1", "cp1252", False),
        ("utf8", "utf-8", False),
        ("utf-8", "gb18030", True),
        ("iso-8859-1", "gb18030", True),
        ("no-such-charset", "utf-8", True),
        (None, "gb18030", False),
        ("utf-8", None, False),
    ],
)
def test_is_mislabelled(declared, used, expected):
    assert is_mislabelled(declared, used) is expected


def gbk_response(content_type: str, meta: str | None = None) -> HtmlResponse:
    head = f'<meta charset="{meta}">' if meta else ""
    body = f"<html><head>{head}</head><body><p>{GBK}</p></body></html>".encode("gbk")
    url = SITE + "1.html"
    return HtmlResponse(url, body=body, headers={"Content-Type": content_type})


@pytest.mark.parametrize(
    ("content_type", "meta", "expected", "mislabelled"),
    [
        ("text/html; charset=utf-8", None, ("utf-8", "gb18030"), 1),
        ("text/html; charset=iso-8859-1", "gbk", ("iso-8859-1", "gb18030"), 1),
        ("text/html", "utf-8", ("utf-8", "gb18030"), 1),
        ("text/html", None, (None, "gb18030"), 0),
        ("text/html", "gb2312", ("gb2312", "gb18030"), 0),
        ("text/html; charset=GBK", None, ("gbk", "gb18030"), 0),
    ],
    ids=["labelled-utf8", "header-vs-meta", "meta-utf8", "unlabelled", "meta-gb2312", "gbk"],
)
def test_gbk_page_capture_records_declared_and_used_encoding(
    tmp_path, content_type, meta, expected, mislabelled
):
    """As in a crawl: the capture middleware keeps the page as served, CharsetMiddleware
    decodes it, and the capture records what it declared and what decoded it."""
    settings = {"TEXTILE_NEWS_DB": str(tmp_path / "a.sqlite")}
    crawler = get_crawler(SjfzxmComSpider, settings)
    crawler.spider = SjfzxmComSpider.from_crawler(crawler)
    raw = gbk_response(content_type, meta)
    decoded = CharsetMiddleware.from_crawler(crawler).process_response(Request(raw.url), raw)
    fetched = CaptureMiddleware(crawler).fetched(raw, decoded)
    assert (fetched.declared_encoding, fetched.encoding) == expected
    assert decoded.text.count(GBK) == 1
    assert crawler.stats.get_value("textile_news/encoding/mislabelled", 0) == mislabelled


def test_capture_without_its_decoded_page_records_scrapys_first_choice(tmp_path):
    crawler = get_crawler(SjfzxmComSpider, {"TEXTILE_NEWS_DB": str(tmp_path / "a.sqlite")})
    crawler.spider = SjfzxmComSpider.from_crawler(crawler)
    raw = gbk_response("text/html; charset=utf-8")
    redirected = raw.replace(url=SITE + "2.html", encoding="gb18030")  # another page
    capture = CaptureMiddleware(crawler)
    for fetched in (capture.fetched(raw), capture.fetched(raw, redirected)):
        assert (fetched.declared_encoding, fetched.encoding) == ("utf-8", "utf-8")


def test_binary_type():
    assert binary_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert binary_type(b"%PDF-1.7\n") == "application/pdf"
    assert binary_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert binary_type(b"<!DOCTYPE html>") is None


def test_hostile_site_stops_with_a_request_stalled():
    """A handler waiting out its stall is woken at the end; every thread is joined."""
    errors: list[OSError] = []

    def fetch(url: str) -> None:
        try:
            urllib.request.urlopen(url, timeout=10)
        except OSError as exc:
            errors.append(exc)

    with hostile_site() as site:
        client = threading.Thread(target=fetch, args=[site.url + "global/en/910001.html"])
        client.start()
        while not site.hits("/global/en/910001.html"):
            time.sleep(0.01)
        started = time.monotonic()
    assert time.monotonic() - started < 5  # not the 30 s stall
    client.join(timeout=5)
    assert not client.is_alive() and len(errors) == 1


@pytest.mark.slow
def test_only_pages_that_reached_the_spider_are_captured(crawled):
    """The gzip bomb (910013) passes the capture middleware compressed, then fails the
    size check once decompressed: it is not kept as an original."""
    db_file = crawled[0]
    captured = {url for (url,) in query(db_file, "SELECT url FROM captures")}
    assert SITE + "910013.html" not in captured
    assert {SITE + f"{i}.html" for i in (910006, 910007, 910020, 910025)} <= captured
