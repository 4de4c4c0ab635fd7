"""Scheduled crawls: crawl_runs, incremental re-crawls, revisions, locks, monitoring, resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, ROOT, SITES, count_rows, query, run, untimed
from textile_news.cli import cli
from textile_news.crawl.locks import LockedError, SiteLock
from textile_news.crawl.politeness import PolitenessMiddleware, is_loopback
from textile_news.demo.server import StaticSite, generated_site, serving
from textile_news.version import __version__

REFERENCE = "http://www.sjfzxm.com/global/en/576416.html"


def crawl(url: str, db_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run([*CLI, "crawl", "sjfzxm_com", "--start-url", url, "--db", str(db_file), *extra])


@pytest.fixture
def site_copy(tmp_path):
    """A copy of the replica test site that a test may change between crawls."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "sjfzxm_com", root)
    return root


@pytest.mark.slow
def test_unchanged_recrawl_makes_at_least_20_times_fewer_requests(tmp_path):
    db_file = tmp_path / "a.sqlite"
    with serving(generated_site(1000)) as url:
        first = crawl(url + "global/en/", db_file)
        second = crawl(url + "global/en/", db_file)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    rows = query(db_file, "SELECT requests, new, skipped_known FROM crawl_runs ORDER BY id")
    (first_requests, first_new, _), (second_requests, second_new, skipped) = rows
    assert (first_new, second_new) == (1000, 0)
    assert first_requests >= 1000
    assert first_requests / second_requests >= 20
    # robots.txt, the home page and listing 1, whose 20 articles are all archived
    assert (second_requests, skipped) == (3, 20)


@pytest.mark.slow
def test_every_crawl_writes_a_run_row(sjfzxm_site, tmp_path):
    db_file = tmp_path / "a.sqlite"
    assert crawl(sjfzxm_site + "global/en/", db_file).returncode == 0
    (row,) = query(
        db_file,
        "SELECT sites, full, requests, pages, new, updated, unchanged, rejected, errors, "
        "errors_by_type, finish_reason, exit_code, started_at <= finished_at FROM crawl_runs",
    )
    assert row == (
        "sjfzxm_com",
        0,
        19,  # 17 responses, plus two retries of the page that answers 500
        17,
        7,
        0,
        0,
        3,
        2,
        '{"http_404": 1, "http_500": 1}',
        "finished",
        0,
        1,
    )
    assert query(db_file, "SELECT DISTINCT run_id FROM rejects") == [(1,)]


@pytest.mark.slow
def test_runs_and_sites_commands(sjfzxm_site, tmp_path):
    db_file = tmp_path / "a.sqlite"
    crawl(sjfzxm_site + "global/en/", db_file)
    crawl(sjfzxm_site + "global/en/", db_file)
    runner = CliRunner()
    rows = json.loads(runner.invoke(cli, ["runs", "--db", str(db_file), "--format", "json"]).output)
    assert [(r["id"], r["new"], r["exit_code"]) for r in rows] == [(2, 0, 0), (1, 7, 0)]
    table = runner.invoke(cli, ["runs", "--db", str(db_file), "--limit", "1"]).output.splitlines()
    assert table[0].split() == [
        "id",
        "site",
        "started",
        "(UTC)",
        "secs",
        "reqs",
        "pages",
        "new",
        "upd",
        "same",
        "rej",
        "err",
        "status",
    ]
    assert table[1].split()[:2] == ["2", "sjfzxm_com"]
    assert table[1].endswith("findings: 1")
    assert table[2] == "      finding: sjfzxm_com: 22% of 9 fetches failed (limit 10%)"
    sites = json.loads(
        runner.invoke(cli, ["sites", "--db", str(db_file), "--format", "json"]).output
    )
    assert [
        (s["site"], s["articles"], s["newest_published_at"], s["last_run_id"])
        for s in sites
        if s["articles"]  # the other sites have no articles and no run here
    ] == [("sjfzxm_com", 7, "2020-09-09T23:17:00+08:00", 2)]
    text = runner.invoke(cli, ["sites", "--db", str(db_file)]).output.splitlines()
    row = next(line for line in text if line.startswith("sjfzxm_com"))
    assert row.split()[:3] == ["sjfzxm_com", "7", "2020-09-09T23:17:00+08:00"]


@pytest.mark.slow
def test_a_changed_article_keeps_its_previous_version(site_copy, tmp_path):
    db_file = tmp_path / "a.sqlite"
    page = site_copy / "global" / "en" / "576416.html"
    with serving(StaticSite(site_copy)) as url:
        assert crawl(url + "global/en/", db_file).returncode == 0
        page.write_text(
            page.read_text().replace(
                "was held in Taiyuan on September 7.", "was held in Taiyuan on September 8."
            )
        )
        # 2020 is "recent" with a revisit window this long: the article is fetched again
        again = crawl(url + "global/en/", db_file, "-s", "TEXTILE_NEWS_REVISIT_DAYS=100000")
        assert again.returncode == 0, again.stderr
    assert ", 1 updated, 6 unchanged," in again.stdout
    (body,) = query(db_file, "SELECT body FROM articles WHERE url = ?", [REFERENCE])[0]
    assert "on September 8." in body
    (old_body, diff) = query(
        db_file,
        "SELECT old_body, diff FROM article_revisions JOIN articles a "
        "ON a.id = article_id WHERE a.url = ?",
        [REFERENCE],
    )[0]
    assert "on September 7." in old_body
    assert (
        "-The preparatory meeting of Shanxi Textile Industry Innovation Alliance was held in "
        in diff
    )
    history = CliRunner().invoke(cli, ["show", REFERENCE, "--history", "--db", str(db_file)])
    assert history.exit_code == 0
    assert history.output.count("--- version ") == 2
    assert "+The preparatory meeting" in history.output


@pytest.mark.slow
def test_overlapping_crawls_of_a_site_the_second_refuses(tmp_path):
    db_file = tmp_path / "a.sqlite"
    with serving(generated_site(1500)) as url:
        args = [
            *CLI,
            "crawl",
            "sjfzxm_com",
            "--start-url",
            url + "global/en/",
            "--db",
            str(db_file),
        ]
        with subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as first:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not count_rows(db_file, "crawl_runs"):
                time.sleep(0.05)
            second = run(args)
            out, err = first.communicate(timeout=120)
    assert second.returncode == 75
    assert untimed(second.stderr).startswith("Error: sjfzxm_com: a crawl is already running (pid ")
    assert second.stderr.endswith("; not starting another\n")
    assert first.returncode == 0, err
    assert ", 1500 new," in out


@pytest.mark.slow
def test_markup_change_trips_the_field_check_and_strict_exits_3(site_copy, tmp_path):
    db_file = tmp_path / "a.sqlite"
    with serving(StaticSite(site_copy)) as url:
        assert crawl(url + "global/en/", db_file, "--strict").returncode == 3  # 2 errors/17
        for page in (site_copy / "global" / "en").glob("5*.html"):
            page.write_text(
                page.read_text().replace('class="content" id="content"', 'class="story"')
            )
        changed = crawl(url + "global/en/", db_file, "--full", "--strict")
    assert changed.returncode == 3
    assert (
        "  finding: sjfzxm_com: body empty on 80% of 10 article pages (limit 20%): "
        "has the markup changed?" in changed.stdout
    )
    (findings,) = query(db_file, "SELECT findings FROM crawl_runs WHERE id = 2")[0]
    assert [f["check"] for f in json.loads(findings)] == ["empty_field", "error_rate"]


@pytest.mark.slow
def test_interrupted_crawl_resumes(tmp_path):
    db_file = tmp_path / "a.sqlite"
    jobs = tmp_path / "jobs" / "a.sqlite.sjfzxm_com"
    with serving(generated_site(1500)) as url:
        args = [
            *CLI,
            "crawl",
            "sjfzxm_com",
            "--start-url",
            url + "global/en/",
            "--db",
            str(db_file),
        ]
        with subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as first:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and count_rows(db_file, "articles") < 200:
                time.sleep(0.05)
            first.send_signal(signal.SIGINT)  # as Ctrl-C: Scrapy stops gracefully
            first.communicate(timeout=60)
        partial = count_rows(db_file, "articles")
        assert 200 <= partial < 1500
        assert jobs.is_dir()  # the crawl's state, kept for --resume
        resumed = run([*args, "--resume"])
    assert resumed.returncode == 0, resumed.stderr
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(1500, 1500)]
    assert not jobs.exists()
    assert query(db_file, "SELECT finish_reason FROM crawl_runs ORDER BY id") == [
        ("shutdown",),
        ("finished",),
    ]


@pytest.mark.slow
def test_http_cache_serves_a_second_full_crawl(sjfzxm_site, tmp_path):
    db_file = tmp_path / "a.sqlite"
    crawl(sjfzxm_site + "global/en/", db_file, "--http-cache", "--verbose")
    again = crawl(sjfzxm_site + "global/en/", db_file, "--http-cache", "--full", "--verbose")
    assert "'httpcache/hit': " in again.stderr
    assert (tmp_path / "httpcache").is_dir()


def test_user_agent_names_the_project_and_a_contact_url():
    from scrapy import Request

    middleware = PolitenessMiddleware("textile_news/0.1 (+https://example.org/contact)")
    remote = Request("https://www.sjfzxm.com/global/en/1.html")
    local = Request("http://127.0.0.1:8000/global/en/1.html")
    middleware.process_request(remote)
    middleware.process_request(local)
    assert remote.headers[b"User-Agent"] == b"textile_news/0.1 (+https://example.org/contact)"
    assert "autothrottle_dont_adjust_delay" not in remote.meta
    assert local.meta["autothrottle_dont_adjust_delay"] is True


def test_crawls_and_live_fetches_send_one_user_agent():
    from scrapy.utils.test import get_crawler

    from textile_news.crawl.runner import project_settings
    from textile_news.tools import checksite

    ours = f"textile_news/{__version__} (+https://github.com/textile-news/textile_news)"
    assert checksite.user_agent() == project_settings()["USER_AGENT"] == ours
    contact = {"TEXTILE_NEWS_CONTACT_URL": "https://example.org/contact"}
    middleware = PolitenessMiddleware.from_crawler(get_crawler(settings_dict=contact))
    assert middleware.agent == f"textile_news/{__version__} (+https://example.org/contact)".encode()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("localhost", True),
        ("::1", True),
        ("www.sjfzxm.com", False),
        ("10.0.0.1", False),
        (None, False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.slow
def test_a_lock_whose_owner_died_is_taken_over(tmp_path):
    db_file = tmp_path / "a.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from textile_news.crawl.locks import SiteLock; "
            f"lock = SiteLock({str(db_file)!r}, 'sjfzxm_com'); lock.acquire(); "
            "print('held', flush=True); "
            "time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockedError, match=rf"pid {holder.pid}, started "):
            SiteLock(db_file, "sjfzxm_com").acquire()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with SiteLock(db_file, "sjfzxm_com") as lock:
        assert lock.path.read_text().startswith(f"pid {os.getpid()}, started ")


def test_one_user_agent_for_every_request_the_project_makes():
    from textile_news.crawl.politeness import crawl_user_agent
    from textile_news.crawl.runner import project_settings
    from textile_news.tools.checksite import user_agent

    settings = project_settings()
    assert crawl_user_agent(settings) == settings["USER_AGENT"] == user_agent()
    assert settings["USER_AGENT"].startswith("textile_news/0.1.0 (+https://")
    settings.set("TEXTILE_NEWS_CONTACT_URL", "https://example.org/c", priority="cmdline")
    assert crawl_user_agent(settings) == "textile_news/0.1.0 (+https://example.org/c)"
    settings.set("USER_AGENT", "ours/1.0", priority=50)  # above cmdline's 40
    assert crawl_user_agent(settings) == "ours/1.0"
