"""Analysts' commands open the archive read-only and never block a crawl (issue 5, item 7)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, ROOT, count_rows, query
from textile_news.archive.db import open_db, open_readonly
from textile_news.archive.migrations import migrations
from textile_news.archive.write import write_batch
from textile_news.cli import cli
from textile_news.demo.server import generated_site, serving

WOOL = {
    "url": "http://example.com/wool.html",
    "site": "example_com",
    "title": "Wool prices rise",
    "published_at": "2024-03-05T10:00:00+08:00",
    "body": "Australian wool prices rose at the auction in March.",
    "language": "en",
    "tags": ["Wool"],
}


def _archive(path: Path) -> Path:
    with closing(open_db(path)) as db:
        write_batch(db, [WOOL], [])
    return path


def _digest(path: Path) -> str:
    """The archive's content: the main file and its write-ahead log."""
    wal = path.with_name(path.name + "-wal")
    data = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(data).hexdigest()


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_read_only_archive_refuses_writes(tmp_path):
    with closing(open_readonly(_archive(tmp_path / "a.sqlite"))) as db:
        assert db.execute("SELECT title FROM articles").fetchall() == [("Wool prices rise",)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM articles")


@pytest.mark.parametrize(
    "args",
    [
        ["search", "wool"],
        ["show", "1"],
        ["show", "1", "--history", "--format", "json"],
        ["export", "--format", "jsonl"],
        ["sites"],
        ["runs"],
    ],
)
def test_analyst_commands_leave_the_archive_unchanged(tmp_path, args):
    db_file = _archive(tmp_path / "a.sqlite")
    before = _digest(db_file)
    result = invoke(*args, "--db", str(db_file))
    assert result.exit_code == 0, result.output
    assert _digest(db_file) == before


def test_user_input_is_a_parameter_not_sql(tmp_path):
    db_file = _archive(tmp_path / "a.sqlite")
    result = invoke("search", "wool", "--site", "x' OR 1=1 --", "--db", str(db_file))
    assert result.exit_code == 2  # a site the archive does not hold (issue 16, item 2)
    assert 'Error: --site "x\' OR 1=1 --" is not in the archive' in result.output
    assert "Wool prices rise" not in result.output
    result = invoke("show", "1; DROP TABLE articles", "--db", str(db_file))
    assert result.exit_code == 1
    assert query(db_file, "SELECT count(*) FROM articles") == [(1,)]


def test_search_does_not_wait_for_a_writer_holding_the_lock(tmp_path):
    """WAL: a reader sees the last committed state while a write transaction is open."""
    db_file = _archive(tmp_path / "a.sqlite")
    with closing(sqlite3.connect(db_file)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE articles SET title = 'Not yet committed'")
        started = time.monotonic()
        result = invoke("search", "wool", "--db", str(db_file))
        waited = time.monotonic() - started
        writer.rollback()
    assert result.exit_code == 0, result.output
    assert "Wool prices rise" in result.output
    assert waited < 5  # the busy timeout is 30 s: it did not wait for the lock


@pytest.mark.slow
def test_search_while_a_crawl_is_writing(tmp_path):
    db_file = tmp_path / "a.sqlite"
    with serving(generated_site(600)) as url:
        crawl = subprocess.Popen(
            [*CLI, "crawl", "sjfzxm_com", "--start-url", url + "global/en/", "--db", str(db_file)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            searched: list[int] = []
            deadline = time.monotonic() + 120
            while crawl.poll() is None and time.monotonic() < deadline:
                if count_rows(db_file, "articles"):
                    result = invoke("search", "cotton", "--db", str(db_file), "--format", "json")
                    assert result.exit_code == 0, result.output
                    searched.append(count_rows(db_file, "articles"))
                time.sleep(0.05)
            out, err = crawl.communicate(timeout=120)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    assert crawl.returncode == 0, err[-2000:]
    assert out.startswith("sjfzxm_com: ")
    assert searched, "the crawl ended before any search ran"
    assert min(searched) < 600  # at least one search ran while articles were still coming
    assert query(db_file, "SELECT count(*) FROM articles") == [(600,)]


def test_an_older_archive_is_migrated_then_read(tmp_path):
    db_file = tmp_path / "old.sqlite"
    last = [m.name for m in migrations._migrations][-1]
    with closing(sqlite3.connect(db_file)) as conn:
        from sqlite_utils import Database

        migrations.apply(Database(conn), stop_before=last)
    with closing(open_readonly(db_file)) as db:
        assert not migrations.pending(db)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (None, "no archive at"),
        ("CREATE TABLE people (name TEXT)", "is a SQLite database but not a textile_news archive"),
        ("garbage", "cannot open archive"),
    ],
)
def test_read_only_open_errors(tmp_path, setup, message):
    db_file = tmp_path / "x.sqlite"
    if setup == "garbage":
        db_file.write_bytes(b"this is not a database file at all" * 100)
    elif setup:
        with closing(sqlite3.connect(db_file)) as conn:
            conn.execute(setup)
    result = invoke("search", "wool", "--db", str(db_file))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
