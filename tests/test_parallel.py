"""Sites crawled in parallel processes into one archive (`crawl --jobs N`, crawl.run_parallel)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, SITES, query, run, untimed
from textile_news.cli import cli
from textile_news.crawl.runner import run_parallel
from textile_news.demo.server import StaticSite, generated_site, serving


@pytest.fixture(scope="module")
def servers():
    with (
        serving(generated_site(300)) as generated,
        serving(StaticSite(SITES / "textileworld_com")) as textileworld,
    ):
        yield {
            "sjfzxm_com": {"start_url": generated + "global/en/"},
            "textileworld_com": {"start_url": textileworld + "feed/"},
        }


def settings(db_file) -> dict:
    return {"TEXTILE_NEWS_DB": str(db_file), "LOG_LEVEL": "WARNING", "TEXTILE_NEWS_PROGRESS": False}


def test_two_sites_in_two_processes_store_every_article_once(servers, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    results = run_parallel(list(servers), settings(db_file), servers, jobs=2)
    assert [(r.site, r.summary["new"], r.failure) for r in results] == [
        ("sjfzxm_com", 300, None),
        ("textileworld_com", 3, None),
    ]
    assert query(
        db_file, "SELECT site, count(*), count(DISTINCT url) FROM articles GROUP BY site"
    ) == [
        ("sjfzxm_com", 300, 300),
        ("textileworld_com", 3, 3),
    ]
    runs = query(db_file, "SELECT sites, new, exit_code FROM crawl_runs ORDER BY sites")
    assert runs == [("sjfzxm_com", 300, 0), ("textileworld_com", 3, 0)]
    assert query(db_file, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.slow
def test_crawl_command_with_jobs_and_one_site(servers, tmp_path):
    """One site runs in the command's own process, whatever --jobs says."""
    db_file = tmp_path / "archive.sqlite"
    start_url = servers["textileworld_com"]["start_url"]
    args = ["crawl", "textileworld_com", "--jobs", "4", "--start-url", start_url]
    result = run([*CLI, *args, "--db", str(db_file)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert untimed(result.stdout).startswith("textileworld_com: 6 pages, 3 new, 0 updated, ")
    assert query(db_file, "SELECT count(*) FROM articles") == [(3,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "sjfzxm_com"], "--all or SITES, not both"),
        (["--jobs", "0", "sjfzxm_com"], "Invalid value for '-j' / '--jobs'"),
    ],
)
def test_crawl_usage_errors(args, message, tmp_path):
    result = CliRunner().invoke(cli, ["crawl", *args, "--db", str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2
    assert message in result.output
