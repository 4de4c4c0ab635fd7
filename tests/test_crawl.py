"""End to end: real crawls of the replica test site on 127.0.0.1, then the archive's rows."""

from __future__ import annotations

import re
import signal
import subprocess
import time

import pytest

from tests.conftest import ROOT, count_rows, query, scrapy_args, scrapy_crawl
from textile_news.demo.server import generated_site, serving

# every test here runs crawls or the CLI in subprocesses
pytestmark = pytest.mark.slow

SITE = "http://www.sjfzxm.com/global/en/"
GOOD = {SITE + f"{i}.html" for i in (576416, 576380, 576190, 576121, 576118, 576109, 576104)}
BAD = {
    (SITE + "900001.html", "validate", "no title"),
    (SITE + "900002.html", "validate", "unparseable publication date '2020/13/45 25:99:00'"),
    (SITE + "900003.html", "extract", "not an HTML page (application/pdf)"),
    (SITE + "900404.html", "fetch", "HTTP 404"),
    (SITE + "900500.html", "fetch", "HTTP 500 (3 tries)"),  # retried twice (RETRY_TIMES)
}


@pytest.fixture(scope="module")
def crawled(sjfzxm_site, tmp_path_factory):
    """The test site crawled three times into one archive: first, then incremental, then
    ``--full`` (TEXTILE_NEWS_FULL): (archive path, first run, full run, incremental run)."""
    db_file = tmp_path_factory.mktemp("crawl") / "archive.sqlite"
    first = scrapy_crawl(sjfzxm_site + "global/en/", db_file)
    incremental = scrapy_crawl(sjfzxm_site + "global/en/", db_file)
    full = scrapy_crawl(sjfzxm_site + "global/en/", db_file, "-s", "TEXTILE_NEWS_FULL=True")
    return db_file, first, full, incremental


def test_crawl_exits_zero(crawled):
    _, first, second, _ = crawled
    assert first.returncode == 0, first.stderr[-2000:]
    assert second.returncode == 0, second.stderr[-2000:]


def test_every_good_article_is_stored_once_under_its_canonical_url(crawled):
    db_file, _, _, _ = crawled
    assert {url for (url,) in query(db_file, "SELECT url FROM articles")} == GOOD
    assert query(db_file, "SELECT count(*) FROM articles") == [(7,)]


def test_reference_article_row(crawled):
    db_file, _, _, _ = crawled
    row = query(
        db_file,
        "SELECT site, title, published_at, published_utc, author, tags, views, language, "
        "category, source FROM articles WHERE url = '" + SITE + "576416.html'",
    )
    assert row == [
        (
            "sjfzxm_com",
            "Shanxi Textile Industry Industry Industry Innovation Alliance Preparatory "
            "Meeting Held In Taiyuan",
            "2020-09-09T23:17:00+08:00",
            "2020-09-09T15:17:00Z",
            "Liang Junwei",
            '["Shanxi Clothing Association"]',
            4,
            "en",
            "Chamber of Commerce",
            "World Clothing, Shoes & Hats Net",
        )
    ]


def test_the_crawl_counts_its_cpu_by_stage(crawled):
    """Extraction, normalisation and storage (the writer process), in the crawl's stats:
    the split bench/crawl_overhead.py reports."""
    _, first, _, _ = crawled
    used = {
        stage: int(n)
        for stage, n in re.findall(r"'textile_news/cpu_us/(\w+)': (\d+)", first.stderr)
    }
    assert set(used) == {"extract", "normalize", "store"}
    assert all(n > 0 for n in used.values())


def test_related_and_next_links_are_stored(crawled):
    db_file, _, _, _ = crawled
    rows = query(
        db_file,
        "SELECT kind, position, r.url, r.category, r.published_at FROM related_links r "
        "JOIN articles a ON a.id = r.article_id WHERE a.url = '" + SITE + "576416.html' "
        "ORDER BY kind DESC, position",
    )
    assert rows[0] == (
        "related",
        0,
        SITE + "576190.html",
        "Chamber of Commerce",
        "2020-09-03T17:48:00+08:00",
    )
    assert [r[0] for r in rows] == ["related"] * 5 + ["next"]
    assert rows[-1][2] == SITE + "576380.html"


def test_each_bad_page_is_recorded_with_its_reason(crawled):
    db_file, _, _, _ = crawled
    first_run = query(db_file, "SELECT url, stage, reason FROM rejects WHERE id <= 5 ORDER BY id")
    assert set(first_run) == BAD


def test_incremental_crawl_fetches_no_archived_article(crawled):
    _, _, _, incremental = crawled
    assert incremental.returncode == 0, incremental.stderr[-2000:]
    # 200s: robots.txt, the home page, both listings (their bad pages are not archived, so
    # the walk goes on) and the three bad pages that answer 200; no archived article.
    assert "'textile_news/skipped_known': 8" in incremental.stderr
    assert "'textile_news/articles/new': 0," in incremental.stderr
    assert "'downloader/response_status_count/200': 7," in incremental.stderr


def test_full_crawl_adds_no_duplicate_and_rewrites_nothing(crawled):
    db_file, _, second, _ = crawled
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(7, 7)]
    assert query(db_file, "SELECT count(*) FROM articles WHERE first_seen_at = last_seen_at") == [
        (0,)
    ]
    assert "'textile_news/articles/unchanged': 7" in second.stderr
    assert "'textile_news/articles/new'" not in second.stderr or (
        "'textile_news/articles/new': 0" in second.stderr
    )


def test_summary_counts_rejects_and_errors(crawled):
    _, first, _, _ = crawled
    for stat in (
        "'textile_news/articles/new': 7",
        "'textile_news/rejected/validate': 2",
        "'textile_news/rejected/extract': 1",
        "'textile_news/rejected/fetch': 2",
        "'textile_news/duplicates': 1",
    ):
        assert stat in first.stderr


def test_archive_passes_integrity_check(crawled):
    db_file, _, _, _ = crawled
    assert query(db_file, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_file, "PRAGMA journal_mode") == [("wal",)]


def test_fts_index_is_in_step_with_articles(crawled):
    db_file, _, _, _ = crawled
    hits = query(
        db_file,
        "SELECT a.url FROM articles_search JOIN articles a ON a.id = articles_search.rowid "
        "WHERE articles_search MATCH 'Taiyuan'",
    )
    assert hits == [(SITE + "576416.html",)]


def test_id_range_walk(sjfzxm_site, tmp_path):
    db_file = tmp_path / "ids.sqlite"
    result = scrapy_crawl(
        sjfzxm_site + "global/en/576416.html",
        db_file,
        "-a",
        "first_id=576416",
        "-a",
        "last_id=576417",
        "-s",
        "TEXTILE_NEWS_BATCH_SIZE=1",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    urls = {u for (u,) in query(db_file, "SELECT url FROM articles")}
    # the id walk, then the related and next links of 576416
    assert SITE + "576416.html" in urls
    assert SITE + "576380.html" in urls
    assert query(db_file, "SELECT url, reason FROM rejects") == [(SITE + "576417.html", "HTTP 404")]


def test_a_crawl_killed_mid_write_leaves_a_valid_archive(tmp_path):
    """SIGKILL during a crawl of a few thousand articles: the archive still passes
    integrity_check, and a new crawl completes the job with nothing lost and nothing
    duplicated."""
    db_file = tmp_path / "killed.sqlite"
    with serving(generated_site(2000)) as url:
        args = [*scrapy_args(url + "global/en/", db_file), "-s", "TEXTILE_NEWS_BATCH_SIZE=50"]
        with subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as proc:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and count_rows(db_file, "articles") < 300:
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        partial = count_rows(db_file, "articles")
        assert 300 <= partial < 2000
        assert query(db_file, "PRAGMA integrity_check") == [("ok",)]
        # the killed run's row stays, unfinished
        assert query(db_file, "SELECT finished_at FROM crawl_runs") == [(None,)]
        again = scrapy_crawl(url + "global/en/", db_file)
    assert again.returncode == 0, again.stderr[-2000:]
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(2000, 2000)]
    assert query(db_file, "SELECT count(*) FROM related_links WHERE kind = 'next'") == [(1999,)]
    assert query(db_file, "PRAGMA integrity_check") == [("ok",)]
