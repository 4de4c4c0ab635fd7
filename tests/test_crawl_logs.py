"""Logs an operator reads (issue 17, item 3): every line stamped with the time, --log-file,
one line per failed request, and a closing line that says how the run ended and what to do:
Ctrl-C is "interrupted ... --resume", exit 130."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import CLI, ROOT, count_rows, query, run
from textile_news.demo.server import Reply, generated_site, serving

pytestmark = pytest.mark.slow  # real crawls in subprocesses

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"
CLOSED = "http://127.0.0.1:9/"  # the discard port: nothing listens, connections are refused


def stamped(line: str) -> str:
    """``line`` without its time, once the time is checked to be ISO 8601 with an offset."""
    when, _, rest = line.partition(" ")
    assert re.fullmatch(STAMP, when), line
    assert datetime.fromisoformat(when).utcoffset() is not None
    return rest


def test_an_offline_run_writes_one_stamped_line_a_failed_request(tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = run([*CLI, "crawl", "sjfzxm_com", "--start-url", CLOSED, "--db", str(db_file)])
    assert result.returncode == 1
    out = [stamped(line) for line in result.stdout.splitlines()]
    assert re.fullmatch(
        r"sjfzxm_com: 0 pages, 0 new, 0 updated, 0 unchanged, 0 rejected, 2 errors in [\d.]+ s",
        out[0],
    )
    assert out[1:] == [
        "  finding: sjfzxm_com: 100% of 2 fetches failed (limit 10%)",
        f"archive: {db_file} (0 articles)",
    ]
    err = [stamped(line) for line in result.stderr.splitlines()]
    # robots.txt, the English listing and the news listing: one line each, no traceback
    assert len(err) == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert err[0].startswith(
        "[scrapy.downloadermiddlewares.robotstxt] ERROR: Cannot fetch robots.txt for"
    )
    assert [e.split(" <GET ")[1].split(">")[0] for e in err[1:3]] == [
        CLOSED + "global/en/",
        CLOSED + "news/",
    ]
    assert err[3] == "Error: crawl failed: sjfzxm_com: no page could be fetched"


def test_verbose_shows_the_tracebacks(tmp_path):
    db_file = tmp_path / "archive.sqlite"
    args = [*CLI, "crawl", "sjfzxm_com", "-v", "--start-url", CLOSED, "--db", str(db_file)]
    result = run(args)
    assert result.returncode == 1
    assert result.stderr.count("Traceback (most recent call last)") >= 1


def test_log_file_gets_scrapys_log_and_our_lines(tmp_path):
    db_file, log = tmp_path / "archive.sqlite", tmp_path / "crawl.log"
    log.write_text("an earlier run\n")
    args = ["crawl", "sjfzxm_com", "--start-url", CLOSED, "--log-file", str(log)]
    result = run([*CLI, *args, "--db", str(db_file)])
    assert result.returncode == 1
    # stdout keeps the summary; the log goes to the file alone, the closing line to both
    assert len(result.stdout.splitlines()) == 3
    assert [stamped(line) for line in result.stderr.splitlines()] == [
        "Error: crawl failed: sjfzxm_com: no page could be fetched"
    ]
    lines = log.read_text().splitlines()
    assert lines[0] == "an earlier run"  # appended to
    logged = [stamped(line) for line in lines[1:]]
    assert len(logged) == 3 + 3 + 1
    assert sum(line.startswith("[scrapy.") for line in logged) == 3
    assert logged[3:] == [
        *(stamped(line) for line in result.stdout.splitlines()),
        "Error: crawl failed: sjfzxm_com: no page could be fetched",
    ]


def test_a_log_level_given_with_s_wins_over_the_default(tmp_path):
    """-s LOG_LEVEL=DEBUG was overridden by the command's own WARNING (INFO with -v)."""
    db_file, log = tmp_path / "archive.sqlite", tmp_path / "crawl.log"
    args = ["crawl", "sjfzxm_com", "--start-url", CLOSED, "--log-file", str(log)]
    result = run([*CLI, *args, "-s", "LOG_LEVEL=DEBUG", "--db", str(db_file)])
    assert result.returncode == 1
    logged = log.read_text()
    assert "DEBUG: Retrying <GET " in logged or "DEBUG: Gave up retrying <GET " in logged
    assert "[scrapy.middleware] INFO: Enabled extensions:" in logged


def signalled(
    args: list[str], ready: Callable[[int], bool], send: Callable[[subprocess.Popen[str]], None]
) -> subprocess.CompletedProcess[str]:
    """``args`` run as a shell runs a job (a process group of its own: a signal to the group
    spares pytest), sent a signal by ``send`` once ``ready(pid)``, and waited for."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTILE_NEWS_DB"}
    with subprocess.Popen(
        args,
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        process_group=0,
    ) as proc:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not ready(proc.pid):
            time.sleep(0.01)
        send(proc)
        out, err = proc.communicate(timeout=90)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def crawl_then(signum: signal.Signals, db_file, url: str) -> subprocess.CompletedProcess[str]:
    """A crawl of the served site, sent ``signum`` by its pid once it has stored 50 articles."""
    args = [*CLI, "crawl", "sjfzxm_com", "--start-url", url, "--db", str(db_file)]
    return signalled(
        args,
        lambda pid: count_rows(db_file, "articles") >= 50,
        lambda proc: proc.send_signal(signum),
    )


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_crawl_says_resume_and_resume_finishes_it(tmp_path, signum, code):
    db_file = tmp_path / "archive.sqlite"
    with serving(generated_site(600)) as url:
        stopped = crawl_then(signum, db_file, url + "global/en/")
        assert stopped.returncode == code, stopped.stderr[-2000:]
        last = stamped(stopped.stderr.splitlines()[-1])
        match = re.fullmatch(
            rf"Error: interrupted \({signum.name}\): (\d+) pages done; "
            "run again with --resume to continue",
            last,
        )
        assert match, last
        pages = int(match[1])
        summary = stamped(stopped.stdout.splitlines()[0])
        assert summary.startswith(f"sjfzxm_com: {pages} pages, ")
        assert 50 <= count_rows(db_file, "articles") < 600
        resumed = run(
            [
                *CLI,
                "crawl",
                "sjfzxm_com",
                "--resume",
                "--start-url",
                url + "global/en/",
                "--db",
                str(db_file),
            ]
        )
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(600, 600)]
    assert query(db_file, "SELECT finish_reason FROM crawl_runs ORDER BY id") == [
        ("shutdown",),
        ("finished",),
    ]


class SlowSite:
    """A generated site whose article pages take ``delay`` seconds: a crawl of it is still
    under way when the test's signal arrives."""

    def __init__(self, count: int, delay: float) -> None:
        self.site = generated_site(count)
        self.delay = delay

    def get(self, path: str) -> Reply | None:
        if "/list/" not in path and path.endswith(".html"):
            time.sleep(self.delay)
        return self.site.get(path)


GENERIC = "generic:127.0.0.1"


def per_site(db_file) -> dict[str, int]:
    try:
        return dict(query(db_file, "SELECT site, count(*) FROM articles GROUP BY site"))
    except sqlite3.Error:  # not created yet, or held for a moment
        return {}


def two_sites(sjfzxm: str, other: str) -> list[str]:
    """The --start-url options of a crawl of sjfzxm_com and of a generic site."""
    return [
        *("--start-url", f"sjfzxm_com={sjfzxm}global/en/"),
        *("--start-url", f"generic={other}global/en/list/1.html"),
    ]


def parallel_crawl_then(
    how: str, db_file, pairs: list[str], ready: Callable[[int], bool] | None = None
) -> subprocess.CompletedProcess[str]:
    """``crawl --jobs 2`` of two sites, sent SIGINT as Ctrl-C sends it (to the process group
    of the terminal's foreground job: the parent, whose workers have groups of their own)
    or SIGTERM to the parent's pid, once ``ready(pid)`` (default: each site has stored 20
    articles)."""

    def stored_20(pid: int) -> bool:
        return len(counts := per_site(db_file)) == 2 and min(counts.values()) >= 20

    args = [*CLI, "crawl", *pairs, "--jobs", "2", "--db", str(db_file)]

    def send(proc: subprocess.Popen[str]) -> None:
        if how == "SIGINT to the group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)

    return signalled(args, ready or stored_20, send)


@pytest.mark.parametrize(
    ("how", "signum", "code"),
    [("SIGINT to the group", signal.SIGINT, 130), ("SIGTERM to the parent", signal.SIGTERM, 143)],
)
def test_an_interrupted_parallel_crawl_says_resume_for_each_site(tmp_path, how, signum, code):
    db_file = tmp_path / "archive.sqlite"
    with serving(SlowSite(600, 0.02)) as sjfzxm, serving(SlowSite(400, 0.02)) as other:
        pairs = two_sites(sjfzxm, other)
        stopped = parallel_crawl_then(how, db_file, pairs)
        assert stopped.returncode == code, stopped.stderr[-2000:]
        out = [stamped(line) for line in stopped.stdout.splitlines()]
        summaries = [
            re.fullmatch(rf"({re.escape(site)}): (\d+) pages, .* in [\d.]+ s", line)
            for site, line in zip(["sjfzxm_com", GENERIC], out, strict=False)
        ]
        assert all(summaries), out
        pages = {m[1]: int(m[2]) for m in summaries if m}
        assert len(out) == 3 and out[2].startswith(f"archive: {db_file} (")
        assert stamped(stopped.stderr.splitlines()[-1]) == (
            f"Error: interrupted ({signum.name}): {sum(pages.values())} pages done; "
            "run again with --resume to continue"
        )
        assert "Traceback" not in stopped.stderr
        assert query(db_file, "PRAGMA integrity_check") == [("ok",)]
        stored = per_site(db_file)
        assert stored.keys() == {"sjfzxm_com", GENERIC}
        assert 20 <= stored["sjfzxm_com"] < 600 and 20 <= stored[GENERIC] < 400
        assert query(db_file, "SELECT sites, finish_reason FROM crawl_runs ORDER BY id") in (
            [("sjfzxm_com", "shutdown"), (GENERIC, "shutdown")],
            [(GENERIC, "shutdown"), ("sjfzxm_com", "shutdown")],
        )
        resumed = run([*CLI, "crawl", *pairs, "--jobs", "2", "--resume", "--db", str(db_file)])
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    # every article of both sites, once: the resumed generic crawl fetches its queued
    # articles, then walks on from the listing page it had stopped at
    assert per_site(db_file) == {"sjfzxm_com": 600, GENERIC: 400}
    assert query(db_file, "SELECT count(*) = count(DISTINCT url) FROM articles") == [(1,)]


def workers(pid: int) -> int:
    """How many of ``pid``'s children are multiprocessing's spawned workers."""
    found = 0
    for children in (Path("/proc") / str(pid) / "task").glob("*/children"):
        for child in children.read_text().split():
            with contextlib.suppress(OSError):
                found += b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    return found


def test_ctrl_c_while_the_workers_start_still_ends_as_an_interrupt(tmp_path):
    """A worker gets Ctrl-C too until it has a process group of its own; it died of it in
    its imports (KeyboardInterrupt), and the pool broke: a traceback, exit 1."""
    db_file = tmp_path / "archive.sqlite"
    with serving(SlowSite(600, 0.05)) as sjfzxm, serving(SlowSite(400, 0.05)) as other:
        stopped = parallel_crawl_then(
            "SIGINT to the group", db_file, two_sites(sjfzxm, other), lambda pid: workers(pid) >= 2
        )
    out, err = stopped.stdout, stopped.stderr
    assert stopped.returncode == 130, err[-2000:]
    assert "Traceback" not in err
    lines = [stamped(line) for line in out.splitlines()]
    assert [line.split(":")[0] for line in lines] == ["sjfzxm_com", "generic", "archive"]
    assert re.fullmatch(
        r"Error: interrupted \(SIGINT\): \d+ pages? done; run again with --resume to continue",
        stamped(err.splitlines()[-1]),
    )
    assert query(db_file, "PRAGMA integrity_check") == [("ok",)]
