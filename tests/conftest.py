"""Shared fixtures: replica sites on 127.0.0.1, crawls in a subprocess, temporary archives."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlite_utils import Database

from textile_news.archive.db import open_db
from textile_news.demo.server import StaticSite, serving

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "site"
CLI = [sys.executable, "-m", "textile_news"]


@pytest.fixture(scope="session")
def sjfzxm_site() -> Iterator[str]:
    """Base URL of the replica sjfzxm.com test site (tests/site/sjfzxm_com)."""
    with serving(StaticSite(SITES / "sjfzxm_com")) as url:
        yield url


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh archive in a temporary file."""
    archive = open_db(tmp_path / "archive.sqlite")
    yield archive
    archive.close()


def run(args: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run a command from the project root with a timeout; never touches data/."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **kwargs.pop("env", {})}
    env.pop("TEXTILE_NEWS_DB", None)
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def scrapy_args(start_url: str, db_file: Path, *extra: str) -> list[str]:
    """The command line of ``scrapy crawl sjfzxm_com`` against a replica site."""
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "sjfzxm_com",
        "-a",
        f"start_url={start_url}",
        "-s",
        f"TEXTILE_NEWS_DB={db_file}",
        *extra,
    ]


def scrapy_crawl(start_url: str, db_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl sjfzxm_com`` against a replica site, into ``db_file``."""
    return run(scrapy_args(start_url, db_file, *extra))


def query(db_file: Path, sql: str, params: tuple | list = ()) -> list[tuple]:
    """Rows of ``sql`` on an archive file, through a connection of its own."""
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute(sql, params).fetchall()


def count_rows(db_file: Path, table: str) -> int:
    """Rows in ``table``; 0 while a crawl has not created it yet (or holds it for a moment)."""
    try:
        return query(db_file, f"SELECT count(*) FROM {table}")[0][0]
    except sqlite3.Error:
        return 0


def untimed(text: str) -> str:
    """``crawl``'s output without the time that starts each line (issue 17, item 3)."""
    return re.sub(r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} ", "", text)
