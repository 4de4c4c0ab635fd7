"""Issue 13, items 7 and 8: the archive's locks, against real processes.

- a symlinked archive: one lock (the second crawl exits 75), its files beside the real file;
- generic crawls: one lock per host, the same through the CLI and ``scrapy crawl``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import CLI, ROOT, query
from textile_news.demo.server import Reply, generated_site, serving

_ARTICLE = re.compile(r"/global/en/\d+\.html")
ENV = {k: v for k, v in os.environ.items() if k != "TEXTILE_NEWS_DB"} | {"PYTHONPATH": str(ROOT)}


def run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


class GatedSite:
    """A generated site whose article pages wait until the test opens the gate: a crawl
    holds its lock, mid-run, for as long as the test needs (less than DOWNLOAD_TIMEOUT)."""

    def __init__(self, count: int) -> None:
        self.site = generated_site(count)
        self.reached = threading.Event()
        self.gate = threading.Event()
        self.requests = 0

    def get(self, path: str) -> Reply | None:
        self.requests += 1
        if _ARTICLE.fullmatch(path):
            self.reached.set()
            self.gate.wait(20)
        return self.site.get(path)


@contextmanager
def serving_on(site: GatedSite) -> Iterator[str]:
    """``serving`` that opens the gate before it shuts down."""
    with serving(site) as url:
        try:
            yield url
        finally:
            site.gate.set()


@contextmanager
def running(args: list[str], log: Path) -> Iterator[subprocess.Popen[str]]:
    """A crawl in the background, its output in ``log`` (a pipe could fill and stall it)."""
    with log.open("w") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=out, stderr=out, text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)


def cli_crawl(site: str, url: str, db: str | Path) -> list[str]:
    return [*CLI, "crawl", site, "--start-url", url, "--db", str(db)]


def scrapy_crawl(site: str, url: str, db: str | Path) -> list[str]:
    args = [sys.executable, "-m", "scrapy", "crawl", site, "-a", f"start_url={url}"]
    return [*args, "-s", f"TEXTILE_NEWS_DB={db}"]


def refused(site: str, stderr: str) -> bool:
    """The one line of a crawl that found another one of ``site`` running."""
    return bool(
        re.fullmatch(
            rf"Error: {re.escape(site)}: a crawl is already running \(pid \d+, started "
            r"[\d\-T:+]+\); not starting another\n",
            stderr,
        )
    )


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


# --- item 7: a symlinked archive -----------------------------------------------------------


def test_a_symlinked_archive_has_one_lock_and_its_files_beside_the_real_file(tmp_path):
    real = tmp_path / "real" / "a.sqlite"
    real.parent.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "archive.sqlite"
    link.symlink_to(real)
    # the link's path spelled otherwise, relative to where the crawls run
    spelled = os.path.relpath(elsewhere, ROOT) + "/../elsewhere/archive.sqlite"
    site = GatedSite(40)
    with serving_on(site) as url:
        start = url + "global/en/"
        with running(cli_crawl("sjfzxm_com", start, link), tmp_path / "first.log") as first:
            assert site.reached.wait(60), (tmp_path / "first.log").read_text()
            by_real = run(cli_crawl("sjfzxm_com", start, real))
            by_spelling = run(cli_crawl("sjfzxm_com", start, spelled))
            assert first.poll() is None  # both were refused while it ran
            site.gate.set()
            assert first.wait(120) == 0, (tmp_path / "first.log").read_text()
    for second in (by_real, by_spelling):
        assert second.returncode == 75, second.stderr
        assert refused("sjfzxm_com", second.stderr), second.stderr
        assert second.stdout == ""
    assert ", 40 new," in (tmp_path / "first.log").read_text()
    assert query(real, "SELECT count(*), count(DISTINCT url) FROM articles") == [(40, 40)]
    assert query(real, "SELECT count(*) FROM crawl_runs") == [(1,)]
    # the originals, the lock and the job state beside the real file, nothing by the link
    assert listing(elsewhere) == {"archive.sqlite"}
    warcs = list((real.parent / "warc" / "sjfzxm_com").glob("*.warc.gz"))
    assert len(warcs) == 1
    files = query(real, "SELECT DISTINCT warc_file FROM captures")
    assert files == [(warcs[0].relative_to(real.parent).as_posix(),)]
    assert query(real, "SELECT count(*) FROM captures") == [(40,)]
    assert (real.parent / ".locks" / "a.sqlite.sjfzxm_com.lock").is_file()
    assert query(real, "PRAGMA integrity_check") == [("ok",)]


# --- item 8: a lock per generic host ---------------------------------------------------------

RUNNERS = {"cli": cli_crawl, "scrapy": scrapy_crawl}


@pytest.mark.parametrize("first_by", RUNNERS)
@pytest.mark.parametrize("second_by", RUNNERS)
def test_generic_crawls_of_two_hosts_run_at_once(tmp_path, first_by, second_by):
    db_file = tmp_path / "a.sqlite"
    one, other = GatedSite(20), GatedSite(20)
    other.gate.set()
    # another host, the same address: "localhost" is crawled as fast as 127.0.0.1
    with serving_on(one) as url, serving_on(other) as other_url:
        first_args = RUNNERS[first_by]("generic", url + "global/en/", db_file)
        other_url = other_url.replace("127.0.0.1", "localhost")
        with running(first_args, tmp_path / "first.log") as first:
            assert one.reached.wait(60), (tmp_path / "first.log").read_text()
            second = run(RUNNERS[second_by]("generic", other_url + "global/en/", db_file))
            assert first.poll() is None  # the second ran to its end while the first ran
            one.gate.set()
            assert first.wait(120) == 0, (tmp_path / "first.log").read_text()
    assert second.returncode == 0, second.stderr[-3000:]
    assert query(db_file, "SELECT site, count(*) FROM articles GROUP BY site ORDER BY site") == [
        ("generic:127.0.0.1", 20),
        ("generic:localhost", 20),
    ]
    assert query(db_file, "SELECT sites, finish_reason FROM crawl_runs ORDER BY sites") == [
        ("generic:127.0.0.1", "finished"),
        ("generic:localhost", "finished"),
    ]


@pytest.mark.parametrize("first_by", RUNNERS)
@pytest.mark.parametrize("second_by", RUNNERS)
def test_generic_crawls_of_one_host_exclude_each_other(tmp_path, first_by, second_by):
    db_file = tmp_path / "a.sqlite"
    site = GatedSite(20)
    with serving_on(site) as url:
        start = url + "global/en/"
        with running(RUNNERS[first_by]("generic", start, db_file), tmp_path / "first.log") as first:
            assert site.reached.wait(60), (tmp_path / "first.log").read_text()
            second = run(RUNNERS[second_by]("generic", start, db_file))
            assert first.poll() is None
            site.gate.set()
            assert first.wait(120) == 0, (tmp_path / "first.log").read_text()
    runs = query(db_file, "SELECT sites, finish_reason, pages FROM crawl_runs ORDER BY id")
    if second_by == "cli":
        assert second.returncode == 75, second.stderr[-3000:]
        assert refused("generic:127.0.0.1", second.stderr), second.stderr
        assert runs == [("generic:127.0.0.1", "finished", 22)]
    else:  # scrapy's own command exits 0; its run says why it stopped at once
        assert second.returncode == 0, second.stderr[-3000:]
        assert re.search(
            r"\[textile_news\.locks\] ERROR: generic:127\.0\.0\.1: a crawl is already running "
            r"\(pid \d+, started [^)]+\); not starting another\n",
            second.stderr,
        ), second.stderr[-3000:]
        assert sorted(runs) == [
            ("generic:127.0.0.1", "finished", 22),
            ("generic:127.0.0.1", "locked", 0),
        ]
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(20, 20)]
