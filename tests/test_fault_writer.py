"""Faults of the archive's writing, against real processes (issue 13, items 2 and 4): the
archive writer child SIGKILLed mid-crawl, and a full disk (a tmpfs) under the archive, its
WARC files or the crawl's job state."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import CLI, ROOT, count_rows, query, run, untimed
from textile_news.demo.server import generated_site, serving

# every test here runs crawls or the CLI in subprocesses
pytestmark = pytest.mark.slow

SITE = "sjfzxm_com"


def crawl_args(url: str, db_file: Path, *extra: str) -> list[str]:
    return [*CLI, "crawl", SITE, "--start-url", url + "global/en/", "--db", str(db_file), *extra]


def scrapy_args(url: str, db_file: Path, *extra: str) -> list[str]:
    return [
        *(sys.executable, "-m", "scrapy", "crawl", SITE),
        *("-a", f"start_url={url}global/en/", "-s", f"TEXTILE_NEWS_DB={db_file}"),
        *("-s", "LOG_LEVEL=WARNING", *extra),
    ]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started, from /proc (no psutil)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def writer_of(pid: int) -> int:
    """The pid of the archive writer child of the crawl ``pid``."""
    for child in children(pid):
        if b"textile_news.pipeline.writer" in Path(f"/proc/{child}/cmdline").read_bytes():
            return child
    raise AssertionError(f"crawl {pid} has no archive writer child")


def articles_without_original(db_file: Path) -> int:
    return query(
        db_file,
        "SELECT count(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM captures c WHERE c.url = a.url)",
    )[0][0]


def integrity(db_file: Path) -> str:
    return query(db_file, "PRAGMA integrity_check")[0][0]


def test_a_killed_writer_loses_no_article_and_no_original(tmp_path):
    """SIGKILL of the writer child mid-crawl: what it had not confirmed is written by the
    crawl, which ends as a crawl that ran, with honest counts (it used to end with
    articles and originals missing, its run recorded "finished", and normal re-runs never
    fetched them)."""
    db_file = tmp_path / "a.sqlite"
    with (
        serving(generated_site(800)) as url,
        subprocess.Popen(
            crawl_args(url, db_file), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as crawl,
    ):
        deadline = time.monotonic() + 60
        while count_rows(db_file, "articles") < 100 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(writer_of(crawl.pid), signal.SIGKILL)
        out, err = crawl.communicate(timeout=120)
    stdout, stderr = out.decode(), err.decode()
    assert crawl.returncode == 0, stderr
    assert ", 800 new, 0 updated, 0 unchanged," in stdout
    (warning,) = stderr.splitlines()
    assert "WARNING: the archive writer process stopped (exit status -9); " in warning
    assert warning.endswith(
        " unconfirmed message(s) are written again; writing in the crawl's process from now on"
    )
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(800, 800)]
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM captures") == [(800, 800)]
    assert articles_without_original(db_file) == 0
    assert query(db_file, "SELECT finish_reason, exit_code, new FROM crawl_runs") == [
        ("finished", 0, 800)
    ]
    assert integrity(db_file) == "ok"


def test_an_article_archived_without_its_original_is_fetched_again(tmp_path):
    """An original lost before this fix (or to a disk that filled up): the article is not
    "known" to the next crawl, which walks to it, fetches it and stores its original."""
    db_file = tmp_path / "a.sqlite"
    with serving(generated_site(300)) as url:
        assert run(crawl_args(url, db_file)).returncode == 0
        with closing(sqlite3.connect(db_file)) as conn, conn:
            # five of the newest: on the first listing page, where the next crawl looks
            conn.execute(
                "DELETE FROM captures WHERE url IN "
                "(SELECT url FROM articles ORDER BY url DESC LIMIT 5)"
            )
        assert articles_without_original(db_file) == 5
        again = run(crawl_args(url, db_file))
    assert again.returncode == 0, again.stderr
    assert ", 0 new, 0 updated, 5 unchanged," in again.stdout
    assert articles_without_original(db_file) == 0
    assert query(db_file, "SELECT count(*) FROM articles") == [(300,)]


# --- a full disk ----------------------------------------------------------------


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (we run as root), unmounted at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs for a full disk: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def grow(folder: Path) -> None:
    """Room on the tmpfs at ``folder``: the disk was cleaned up."""
    subprocess.run(["mount", "-o", "remount,size=64m", str(folder)], check=True)


def full_disk(stack: ExitStack, tmp_path: Path, full: str) -> tuple[Path, Path]:
    """An archive whose ``full`` part (``archive``, ``warc`` or ``jobs``) is on a small
    tmpfs and the rest on a large one; returns the archive and the small tmpfs."""
    small = {"archive": "3m", "warc": "256k", "jobs": "16k"}[full]
    folders = {"warc": "a.warc", "jobs": "jobs"}  # a.sqlite's originals: a.warc/ (issue 17)
    disk = stack.enter_context(tmpfs(tmp_path / "disk", small if full == "archive" else "64m"))
    if full == "archive":
        for part in ("warc", "jobs"):  # unmounted first, as they were mounted last
            stack.enter_context(tmpfs(disk / folders[part], "64m"))
        return disk / "a.sqlite", disk
    return disk / "a.sqlite", stack.enter_context(tmpfs(disk / folders[full], small))


def expected_message(full: str, db_file: Path) -> str:
    if full == "archive":
        return f"disk full: cannot write {db_file}: database or disk is full"
    if full == "warc":
        (warc_file,) = (db_file.parent / "a.warc" / SITE).glob("*.warc.gz")
        return f"disk full: cannot write {warc_file}: No space left on device"
    return f"disk full: cannot write {db_file.parent / 'jobs' / f'a.sqlite.{SITE}'}: " + (
        "No space left on device"
    )


def assert_warc_files_whole(db_file: Path) -> None:
    """Every WARC file reads to its end, record after whole record, and each capture points
    at one of them."""
    records = set()
    for path in (db_file.parent / "a.warc" / SITE).glob("*.warc.gz"):
        with path.open("rb") as file:
            iterator = ArchiveIterator(file)
            end = 0
            for record in iterator:
                record.content_stream().read()
                records.add((path.relative_to(db_file.parent).as_posix(), iterator.offset))
                end = iterator.offset + iterator.get_record_length()
        assert end == path.stat().st_size, f"{path} does not end with a whole record"
    captures = query(db_file, "SELECT warc_file, warc_offset FROM captures")
    assert captures and set(captures) <= records


@pytest.mark.parametrize("full", ["archive", "warc", "jobs"])
def test_a_full_disk_stops_the_crawl_with_one_line_and_a_rerun_completes(tmp_path, full):
    """A full disk under the archive, the WARC files or the job state: the crawl stops
    within seconds (it used to sit idle for ever, holding the site's lock), with exit code
    74 and one line naming the file; what was committed stays, the archive is sound, the WARC
    file ends with a whole record, and a crawl with room again fetches the rest."""
    with ExitStack() as stack:
        db_file, small = full_disk(stack, tmp_path, full)
        with serving(generated_site(600)) as url:
            started = time.monotonic()
            first = run(crawl_args(url, db_file), timeout=60)
            took = time.monotonic() - started
            message = expected_message(full, db_file)
            assert first.returncode == 74, first.stderr
            lines = untimed(first.stderr).splitlines()
            assert lines[-1] == f"Error: {message}"
            assert all(
                line.endswith(f"ERROR: {message}; stopping the crawl") for line in lines[:-1]
            )
            assert "Traceback" not in first.stderr
            stored = count_rows(db_file, "articles")
            assert 0 < stored < 600
            assert took < 30
            assert integrity(db_file) == "ok"
            assert_warc_files_whole(db_file)
            (run_row,) = query(db_file, "SELECT finish_reason, exit_code, new FROM crawl_runs")
            assert run_row == ("disk_full", 74, stored)
            assert not (db_file.parent / "jobs" / f"a.sqlite.{SITE}").exists()

            grow(small)
            again = run(crawl_args(url, db_file))
        assert again.returncode == 0, again.stderr
        assert f", {600 - stored} new, 0 updated, " in again.stdout
        assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(600, 600)]
        assert articles_without_original(db_file) == 0
        assert integrity(db_file) == "ok"


def test_a_full_disk_stops_scrapy_crawl_too(tmp_path):
    """Plain ``scrapy crawl``: the same stop, one ERROR line, exit code 74, and its lock
    (SiteLockExtension) released for the next crawl."""
    with ExitStack() as stack:
        db_file, small = full_disk(stack, tmp_path, "warc")
        with serving(generated_site(600)) as url:
            first = run(scrapy_args(url, db_file), timeout=60)
            message = expected_message("warc", db_file)
            assert first.returncode == 74, first.stderr
            (line,) = first.stderr.splitlines()
            assert line.endswith(
                f" [textile_news.pipeline.write_faults] ERROR: {message}; stopping the crawl"
            )
            stored = count_rows(db_file, "articles")
            assert 0 < stored < 600
            assert query(db_file, "SELECT finish_reason, exit_code FROM crawl_runs") == [
                ("disk_full", 74)
            ]
            assert integrity(db_file) == "ok"
            assert_warc_files_whole(db_file)
            grow(small)
            again = run(scrapy_args(url, db_file))
        assert again.returncode == 0, again.stderr
        assert query(db_file, "SELECT count(*) FROM articles") == [(600,)]
        assert articles_without_original(db_file) == 0
        assert query(db_file, "SELECT finish_reason, exit_code FROM crawl_runs WHERE id = 2") == [
            ("finished", 0)
        ]
