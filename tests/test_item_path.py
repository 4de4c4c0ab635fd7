"""One item path (issue 14): the crawl, its feed export, its progress line, reextract and
extract all go through the same item processor, so they agree on every item."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI, query, run, scrapy_crawl
from textile_news.demo.server import replica_site, serving

# every test here runs crawls or the CLI in subprocesses
pytestmark = pytest.mark.slow

SITE = "http://www.sjfzxm.com/global/en/"
# The fields a feed line shares with an ``articles`` row (tags: JSON in the row).
FIELDS = (
    "url",
    "site",
    "title",
    "published_at",
    "date_source",
    "source",
    "author",
    "editor",
    "tags",
    "category",
    "views",
    "language",
    "body",
    "summary",
    "fetched_at",
)
# rewritten in place with a carriage return (text mode reads it as a newline); the last one
# ends its line, the others may run into the next log line
PROGRESS = re.compile(r"^(\w+): pages (\d+)  stored (\d+)  rejected (\d+)$", re.MULTILINE)


def feed_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def archived(db_file: Path) -> dict[str, dict]:
    """The archive's articles by URL, with the feed's fields."""
    rows = query(db_file, f"SELECT {', '.join(FIELDS)} FROM articles")
    found = {row[0]: dict(zip(FIELDS, row, strict=True)) for row in rows}
    for article in found.values():
        article["tags"] = json.loads(article["tags"])
    return found


def last_progress(stderr: str) -> tuple[str, int, int, int]:
    """The progress line as it was left at the end of the crawl."""
    shown = PROGRESS.findall(stderr)
    assert shown, stderr[-2000:]
    name, pages, stored, rejected = shown[-1]
    return name, int(pages), int(stored), int(rejected)


@pytest.fixture(scope="module")
def crawled(sjfzxm_site, tmp_path_factory):
    """The replica test site (7 good articles, 2 invalid pages, a PDF, 2 fetch errors, a
    duplicate link) crawled with the progress line on: (archive, crawl)."""
    db_file = tmp_path_factory.mktemp("path") / "archive.sqlite"
    crawl = scrapy_crawl(sjfzxm_site + "global/en/", db_file, "-s", "TEXTILE_NEWS_PROGRESS=True")
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    return db_file, crawl


def test_the_progress_line_counts_what_was_stored(crawled):
    """Not what the spider yielded (10 articles, 2 of them invalid and 1 a duplicate, and
    the PDF): the articles in the archive, and the pages rejected as no article or invalid
    (the fetch errors are errors, not rejects)."""
    db_file, crawl = crawled
    name, pages, stored, rejected = last_progress(crawl.stderr)
    assert name == "sjfzxm_com"
    assert stored == query(db_file, "SELECT count(*) FROM articles")[0][0] == 7
    assert (
        rejected == query(db_file, "SELECT count(*) FROM rejects WHERE stage != 'fetch'")[0][0] == 3
    )
    assert f"'response_received_count': {pages}," in crawl.stderr


def test_a_bad_page_is_rejected_alike_by_crawl_reextract_and_extract(
    crawled, sjfzxm_site, tmp_path
):
    """The crawl's reject of each invalid page, the one reextract makes of its stored
    original, and the one `textile-news extract` reports for the live page: the same
    stage, reason and detail, from the one processor."""
    db_file, _ = crawled
    copy = tmp_path / "copy"
    shutil.copytree(db_file.parent, copy)  # the archive and its WARC files
    sql = "SELECT url, stage, reason, detail FROM rejects WHERE stage = 'validate' ORDER BY url"
    by_crawl = query(copy / db_file.name, sql)
    assert [url for url, *_ in by_crawl] == [SITE + "900001.html", SITE + "900002.html"]
    redone = run([*CLI, "reextract", "sjfzxm_com", "--db", str(copy / db_file.name)])
    assert redone.stdout == "reextract: 10 pages, 0 updated, 7 unchanged, 3 rejected\n"
    by_reextract = query(
        copy / db_file.name,
        sql.replace("WHERE", "WHERE id > (SELECT count(*) FROM rejects) / 2 AND"),
    )
    assert by_reextract == by_crawl
    for url, stage, reason, detail in by_crawl:
        page = sjfzxm_site + url.removeprefix("http://www.sjfzxm.com/")
        extracted = run([*CLI, "extract", page, "--url", url])
        assert extracted.returncode == 1  # what a crawl rejects (issue 16)
        assert extracted.stderr == f"rejected: {reason} (stage {stage})\n"
        found = json.loads(extracted.stdout)
        assert found["url"] == url
        assert found["rejected"] == {
            "stage": stage,
            "reason": reason,
            "detail": json.loads(detail),
        }


def test_a_feed_export_holds_what_the_archive_stores(tmp_path):
    """`scrapy crawl -O items.jsonl` of the demo replica, served on 127.0.0.1 (a mirror
    of www.sjfzxm.com): canonical URLs, dates with their zone, one line per stored
    article, field for field the archive's row."""
    db_file, feed = tmp_path / "demo.sqlite", tmp_path / "items.jsonl"
    with serving(replica_site()) as url:
        crawl = scrapy_crawl(url, db_file, "-O", str(feed), "-s", "TEXTILE_NEWS_PROGRESS=True")
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    lines = feed_lines(feed)
    articles = [line for line in lines if "reason" not in line]
    stored = archived(db_file)
    assert len(stored) == 36
    assert {line["url"] for line in articles} == set(stored)  # each URL once
    assert len(articles) == len(stored)
    for line in articles:
        assert {field: line[field] for field in FIELDS} == stored[line["url"]]
        assert line["url"].startswith("http://www.sjfzxm.com/")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\+08:00)?", line["published_at"])
    rejects = [(r["url"], r["stage"], r["reason"]) for r in lines if "reason" in r]
    assert sorted(rejects) == sorted(query(db_file, "SELECT url, stage, reason FROM rejects"))
    assert last_progress(crawl.stderr)[2] == len(stored)


def test_the_package_imports_without_scrapy():
    """`import textile_news` stays light; `from textile_news import extract_article` is the
    one-page API, and `textile_news.tools.extract.extract_article` is the same function."""
    code = (
        "import sys, textile_news\n"
        "assert 'scrapy' not in sys.modules and 'lxml' not in sys.modules, sorted(sys.modules)\n"
        "from textile_news import extract_article\n"
        "from textile_news.tools.extract import extract_article as same\n"
        "assert extract_article is same\n"
        "assert 'scrapy' not in sys.modules\n"
        "print(extract_article.__module__)\n"
    )
    result = run([sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout == "textile_news.tools.extract\n"
