"""Quiet when healthy, loud when not (issue 17, item 2): the "no new article" finding by
the site's usual gap, not a count of runs; the demo sites serve every URL they list."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.quiet_cron import cron_command, localised
from tests.conftest import CLI, ROOT, query, run
from textile_news.archive import history
from textile_news.archive.db import open_db
from textile_news.archive.write import write_batch
from textile_news.crawl.expectations import Expectation, duration, expectation, silence
from textile_news.crawl.locks import SiteLock
from textile_news.crawl.monitoring import Thresholds, findings
from textile_news.demo.replica import ARTICLES, CHINESE_ARTICLES
from textile_news.demo.server import generated_site, replica_site, serving
from textile_news.items import Article

T0 = "2026-01-05T08:00:00+00:00"
SITE = "http://www.sjfzxm.com"


def crawl(url: str, db_file: Path, *extra: str, now: str | None = None):
    env = {"TEXTILE_NEWS_NOW": now} if now else {}
    args = [*CLI, "crawl", "sjfzxm_com", "--start-url", url, "--db", str(db_file), *extra]
    return run(args, env=env)


def days(start: str, step: int, n: int) -> list[str]:
    first = datetime.fromisoformat(start)
    return [f"{first + timedelta(days=step * i):%Y-%m-%d}" for i in range(n)]


# --- the rule, pure ----------------------------------------------------------------------


def test_the_gap_is_the_median_between_publication_days():
    weekly = days("2025-01-06", 7, 5)
    assert expectation(None, weekly) == Expectation(
        timedelta(days=7), "its last 5 publication days"
    )
    # one long holiday does not move the median
    assert expectation(None, [*weekly, "2025-04-01"]).gap == timedelta(days=7)


def test_no_expectation_before_five_publication_days():
    assert expectation(None, days("2025-01-06", 7, 4)) is None
    assert expectation(None, ["2025-01-06"] * 9) is None  # one day, however many articles
    assert expectation(None, []) is None


def test_the_catalogue_wins_over_the_history():
    assert expectation(timedelta(hours=12), days("2025-01-06", 7, 9)) == Expectation(
        timedelta(hours=12), "publishes_every in its catalogue entry"
    )
    assert expectation(timedelta(days=7), []) is not None  # no history needed


def test_silence_fires_only_past_three_times_the_gap():
    last = datetime(2020, 9, 18, 10, 0, tzinfo=UTC)
    usual = Expectation(timedelta(days=2), "its last 20 publication days")
    assert silence("x", last, last + timedelta(days=6), usual, 3) is None
    assert silence("x", last, last + timedelta(days=6, seconds=1), usual, 3) == {
        "check": "zero_new",
        "message": (
            "x: no new article since 2020-09-18 (usual gap 2 days, from its last 20 "
            "publication days; 3× is 6 days)"
        ),
    }
    hourly = Expectation(timedelta(hours=4), "publishes_every in its catalogue entry")
    assert silence("x", last, last + timedelta(hours=13), hourly, 3) == {
        "check": "zero_new",
        "message": (
            "x: no new article since 2020-09-18 10:00 UTC (usual gap 4 hours, from "
            "publishes_every in its catalogue entry; 3× is 12 hours)"
        ),
    }


def test_a_run_with_new_articles_is_never_silent():
    last = datetime(2020, 9, 18, tzinfo=UTC)
    usual = Expectation(timedelta(days=1), "its last 5 publication days")
    ago = {"expected": usual, "last_new": last, "now": last + timedelta(days=30)}
    assert findings("x", {"new": 1}, {}, 0, Thresholds(), **ago) == []
    assert [f["check"] for f in findings("x", {"new": 0}, {}, 0, Thresholds(), **ago)] == [
        "zero_new"
    ]
    assert findings("x", {"new": 0}, {}, 0, Thresholds(), last_new=last, now=ago["now"]) == []


def test_durations_read_as_people_say_them():
    spans = [timedelta(days=1), timedelta(days=21), timedelta(hours=36), timedelta(minutes=90)]
    assert [duration(s) for s in spans] == ["1 day", "21 days", "36 hours", "90 minutes"]


def test_history_reads_publication_days_and_the_last_arrival(db):
    rows = [
        Article(
            url=f"{SITE}/global/en/{i}.html",
            site="sjfzxm_com",
            title=f"Article {i}",
            published_at=f"{day}T09:00:00+08:00",
            body=f"Body of article {i}.",
            fetched_at=f"{day}T12:00:00+00:00",
        )
        for i, day in enumerate([*days("2025-01-06", 7, 3), "2025-01-20"], 1)
    ]
    write_batch(db, [asdict(a) for a in rows], [])
    assert history.publication_days(db, "sjfzxm_com") == ["2025-01-20", "2025-01-13", "2025-01-06"]
    assert history.publication_days(db, "sjfzxm_com", limit=1) == ["2025-01-20"]
    assert history.last_new_at(db, "sjfzxm_com") == "2025-01-20T12:00:00+00:00"
    assert history.publication_days(db, "other") == []
    assert history.last_new_at(db, "other") is None


# --- real crawls ---------------------------------------------------------------------------


@pytest.mark.slow
def test_five_strict_runs_of_the_unchanged_replica_after_a_full_crawl_exit_0(tmp_path):
    db_file = tmp_path / "a.sqlite"
    with serving(replica_site()) as url:
        full = crawl(url, db_file, "--full")
        runs = [crawl(url, db_file, "--strict") for _ in range(5)]
    assert full.returncode == 0, full.stderr
    assert [r.returncode for r in runs] == [0] * 5, [r.stdout for r in runs]
    assert all("finding" not in r.stdout for r in runs)
    assert query(db_file, "SELECT new, errors, exit_code, findings FROM crawl_runs") == [
        (36, 0, 0, "[]"),
        *[(0, 0, 0, "[]")] * 5,
    ]


@pytest.mark.slow
def test_the_replica_silent_for_more_than_three_days_gets_the_finding(tmp_path):
    db_file = tmp_path / "a.sqlite"
    arrived = datetime.fromisoformat(T0)
    with serving(replica_site()) as url:
        assert crawl(url, db_file, now=T0).returncode == 0
        # its 20 newest publication days (2020-08-28 .. 2020-09-19) are a day apart
        within = crawl(url, db_file, "--strict", now=(arrived + timedelta(days=3)).isoformat())
        past = crawl(
            url, db_file, "--strict", now=(arrived + timedelta(days=3, hours=1)).isoformat()
        )
    assert within.returncode == 0, within.stdout
    assert past.returncode == 3, past.stdout
    message = (
        "sjfzxm_com: no new article since 2026-01-05 (usual gap 1 day, from its last 20 "
        "publication days; 3× is 3 days)"
    )
    assert f"  finding: {message}\n" in past.stdout
    assert past.stderr.endswith("Error: --strict: monitoring found problems (listed above)\n")
    (last,) = query(db_file, "SELECT exit_code, findings FROM crawl_runs WHERE id = 3")
    assert (last[0], json.loads(last[1])) == (3, [{"check": "zero_new", "message": message}])


def weekly_history(db_file: Path) -> str:
    """The archive of a weekly site: the replica's first listing pages' articles (an
    incremental crawl then finds nothing new), published a week apart; returns when the
    newest arrived."""
    english = sorted(ARTICLES, key=lambda a: a.id, reverse=True)[:10]
    chinese = sorted(CHINESE_ARTICLES, key=lambda a: a.id, reverse=True)[:3]
    paths = [a.path for a in english] + [a.path for a in chinese]
    stamps = [datetime(2025, 1, 6, 9, tzinfo=UTC) + timedelta(weeks=i) for i in range(13)]
    rows = [
        Article(
            url=SITE + path,
            site="sjfzxm_com",
            title=f"Weekly bulletin {i}",
            published_at=f"{when:%Y-%m-%d}T09:00:00+08:00",
            body=f"The association's weekly bulletin, number {i}.",
            fetched_at=when.isoformat(),
        )
        for i, (path, when) in enumerate(zip(paths, reversed(stamps), strict=True))
    ]
    with open_db(db_file) as db:
        write_batch(db, [asdict(a) for a in rows], [])
    return stamps[-1].isoformat()


@pytest.mark.slow
def test_a_weekly_site_is_quiet_for_three_weeks_then_gets_the_finding(tmp_path):
    db_file = tmp_path / "a.sqlite"
    newest = datetime.fromisoformat(weekly_history(db_file))
    # without captures: archived articles without an original would be fetched again
    no_captures = ("-s", "TEXTILE_NEWS_CAPTURE=False", "--strict")
    with serving(replica_site()) as url:
        hourly = [
            crawl(url, db_file, *no_captures, now=(newest + timedelta(days=d)).isoformat())
            for d in (1, 8, 20)
        ]
        late = crawl(url, db_file, *no_captures, now=(newest + timedelta(days=22)).isoformat())
    assert [r.returncode for r in hourly] == [0, 0, 0], [r.stdout for r in hourly]
    assert late.returncode == 3, late.stdout
    assert (
        "  finding: sjfzxm_com: no new article since 2025-03-31 (usual gap 7 days, from its "
        "last 13 publication days; 3× is 21 days)\n" in late.stdout
    )
    assert query(db_file, "SELECT new, exit_code FROM crawl_runs") == [(0, 0)] * 3 + [(0, 3)]


@pytest.mark.slow
def test_the_generated_demo_has_no_404_and_strict_reruns_exit_0(tmp_path):
    db_file = tmp_path / "a.sqlite"
    with serving(generated_site(30)) as url:
        first = crawl(url, db_file)
        again = [crawl(url, db_file, "--strict") for _ in range(3)]
    assert first.returncode == 0, first.stderr
    # robots.txt, /global/en/, listings 1 and 2, /news/ (empty: no 404) and 30 articles
    assert "sjfzxm_com: 35 pages, 30 new, 0 updated, 0 unchanged, 0 rejected, 0 errors" in (
        first.stdout
    )
    assert [r.returncode for r in again] == [0, 0, 0], [r.stdout for r in again]
    assert query(db_file, "SELECT new, errors, errors_by_type, findings FROM crawl_runs") == [
        (30, 0, "{}", "[]"),
        *[(0, 0, "{}", "[]")] * 3,
    ]


@pytest.mark.slow
def test_the_readme_cron_line_mails_a_failure_but_not_a_run_still_going(tmp_path):
    db_file = tmp_path / "a.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def cron(url: str) -> str:
        mails = tmp_path / "mails"
        mails.unlink(missing_ok=True)
        line = localised(cron_command(ROOT / "README.md"), ROOT, url, db_file, tmp_path)
        subprocess.run(["sh", "-c", line], env=env, check=False, timeout=120)
        return mails.read_text() if mails.exists() else ""

    with serving(generated_site(5)) as url:
        with SiteLock(db_file, "sjfzxm_com"):  # another crawl is still going: exit 75
            assert cron(url) == ""
        assert (
            "sjfzxm_com: a crawl is already running (pid " in (tmp_path / "crawl.log").read_text()
        )
        assert cron(url) == ""
    # nothing listens on port 1: "no page could be fetched", exit 1
    assert cron("http://127.0.0.1:1/") == (
        f"textile-news crawl exited 1 (see {tmp_path / 'crawl.log'})\n\n"
    )
