"""The incremental filter (textile_news.spiders.incremental.KnownArticles) against an archive."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from tests.test_pipelines import SITE, valid_article
from textile_news.archive.captures import write_captures
from textile_news.archive.db import open_db
from textile_news.archive.read import archived_status
from textile_news.archive.runs import finish_run, runs, start_run
from textile_news.archive.write import write_batch
from textile_news.crawl.extensions import RunRecorder
from textile_news.spiders.incremental import KnownArticles

ALIASES = {"91se91.com": "www.sjfzxm.com"}


@pytest.fixture
def archive(tmp_path):
    """An archive holding one article published 2020 and one published yesterday."""
    db_file = tmp_path / "a.sqlite"
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
    with closing(open_db(db_file)) as db:
        write_batch(
            db,
            [
                valid_article(url=f"{SITE}/1.html").as_dict(),
                valid_article(url=f"{SITE}/2.html", published_at=yesterday).as_dict(),
            ],
            [],
        )
    return db_file


def later() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=2)


def test_archived_urls_are_known_and_only_recent_ones_wanted(archive):
    known = KnownArticles(archive, ALIASES, now=later())
    assert known.check("http://91se91.com/global/en/1.html#x") == (True, False)
    assert known.check(f"{SITE}/2.html") == (True, True)  # revisited for revisions
    assert known.check(f"{SITE}/3.html") == (False, True)


def test_full_crawl_wants_every_url(archive):
    known = KnownArticles(archive, ALIASES, full=True, now=later())
    assert known.check(f"{SITE}/1.html") == (True, True)


def test_articles_stored_after_the_crawl_began_are_not_known(archive):
    known = KnownArticles(archive, ALIASES, now=datetime.now(UTC) - timedelta(minutes=5))
    assert known.check(f"{SITE}/1.html") == (False, True)


def test_a_first_crawl_asks_the_archive_nothing(tmp_path, monkeypatch):
    def ask(*args):
        raise AssertionError("looked up a URL in an archive that held no article")

    monkeypatch.setattr("textile_news.spiders.incremental.archived_status", ask)
    with closing(open_db(tmp_path / "empty.sqlite")):
        pass
    for db_file in (tmp_path / "empty.sqlite", tmp_path / "missing.sqlite"):
        known = KnownArticles(db_file, ALIASES)
        assert known.check(f"{SITE}/1.html") == (False, True)
        known.close()


def test_each_url_is_looked_up_once_a_crawl(archive, monkeypatch):
    asked = []
    real = archived_status
    monkeypatch.setattr(
        "textile_news.spiders.incremental.archived_status",
        lambda db, url: asked.append(url) or real(db, url),
    )
    known = KnownArticles(archive, ALIASES, now=later())
    for _ in range(3):
        assert known.check(f"{SITE}/1.html") == (True, False)
    assert asked == [f"{SITE}/1.html"]


def test_an_unfinished_last_run_is_an_interrupted_crawl(archive):
    known = KnownArticles(archive, ALIASES)
    assert not known.interrupted("sjfzxm_com")  # no run recorded
    with closing(open_db(archive)) as db:
        first = start_run(db, "sjfzxm_com", full=False, started_at="2026-11-27T10:00:00")
        finish_run(db, first, {"finished_at": "2026-11-27T10:05:00"})
        assert not known.interrupted("sjfzxm_com")
        start_run(db, "sjfzxm_com", full=False, started_at="2026-11-27T11:00:00")
    assert known.interrupted("sjfzxm_com")
    assert not known.interrupted("textileworld_com")


@pytest.mark.parametrize(
    ("reason", "incomplete"),
    [
        ("finished", False),
        ("locked", False),  # refused: the crawl that held the lock speaks for itself
        ("shutdown", True),
        ("disk_full", True),
        ("archive_incomplete", True),
    ],
)
def test_a_run_that_did_not_archive_all_it_fetched_is_an_interrupted_crawl(
    archive, reason, incomplete
):
    """Issue 13, item 2: the next crawl walks every listing page after such a run."""
    with closing(open_db(archive)) as db:
        run = start_run(db, "sjfzxm_com", full=False, started_at="2026-11-27T10:00:00")
        finish_run(db, run, {"finished_at": "2026-11-27T10:05:00", "finish_reason": reason})
    assert KnownArticles(archive, ALIASES).interrupted("sjfzxm_com") is incomplete


def test_a_run_with_items_not_written_is_recorded_archive_incomplete(archive):
    crawler = get_crawler(settings_dict={"TEXTILE_NEWS_DB": str(archive)})
    recorder = RunRecorder(crawler)
    spider = Spider(name="sjfzxm_com")
    recorder.spider_opened(spider)
    assert crawler.stats is not None
    crawler.stats.set_value("response_received_count", 10)
    crawler.stats.set_value("textile_news/store_errors", 3)
    recorder.spider_closed(spider, "finished")
    with closing(open_db(archive)) as db:
        (run,) = runs(db)
    assert (run["finish_reason"], run["exit_code"]) == ("archive_incomplete", 1)
    assert KnownArticles(archive, ALIASES).interrupted("sjfzxm_com")


def test_an_article_without_its_original_is_not_known_when_originals_are_kept(archive):
    with closing(open_db(archive)) as db:
        write_captures(
            db,
            [
                {
                    "url": f"{SITE}/1.html",
                    "fetched_url": f"{SITE}/1.html",
                    "site": "sjfzxm_com",
                    "fetched_at": "2026-11-27T12:00:00+00:00",
                    "status": 200,
                    "warc_file": "warc/sjfzxm_com/x.warc.gz",
                    "warc_offset": 0,
                }
            ],
        )
    keeping = KnownArticles(archive, ALIASES, now=later(), captures=True)
    assert keeping.check(f"{SITE}/1.html") == (True, False)
    assert keeping.check(f"{SITE}/2.html") == (False, True)  # archived, no original
    known = KnownArticles(archive, ALIASES, now=later())
    assert known.check(f"{SITE}/2.html") == (True, True)
