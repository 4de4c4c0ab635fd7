"""The archive writer (textile_news.pipeline.writer): writes in a child process, counts in the
crawl."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
import time
from contextlib import closing
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from tests.test_pipelines import SITE, valid_article
from textile_news.crawl.extensions import crawl_failed
from textile_news.items import Reject
from textile_news.pipeline.writer import ArchiveWriter, Fetched, WriterConfig

HTML = b"<html><head><title>Wool</title></head><body><p>Wool prices rose.</p></body></html>"


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


def config(tmp_path: Path, **changes) -> WriterConfig:
    return WriterConfig(
        db_file=str(tmp_path / "a.sqlite"), warc_folder=str(tmp_path / "warc" / "s"), **changes
    )


def articles(*ids: int) -> list[dict]:
    return [valid_article(url=f"{SITE}/{n}.html").as_dict() for n in ids]


def reject(n: int) -> dict:
    item = Reject(url=f"{SITE}/{n}.html", site="sjfzxm_com", reason="no title", stage="validate")
    return {**asdict(item), "rejected_at": "2026-11-27T12:00:00+00:00", "run_id": None}


def fetched(n: int) -> Fetched:
    url = f"{SITE}/{n}.html"
    return Fetched(
        url=url,
        fetched_url=url + "?utm_source=x",
        site="sjfzxm_com",
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=HTML,
        fetched_at=datetime(2026, 11, 27, 12, 0, n, tzinfo=UTC),
        run_id=7,
    )


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(tmp_path / "a.sqlite")) as conn:
        return conn.execute(sql).fetchall()


def wait_for_articles(tmp_path: Path, count: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if rows(tmp_path, "SELECT count(*) FROM articles") == [(count,)]:
                return
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.02)
    raise AssertionError(f"the writer did not store {count} article(s) within 30 s")


def wait_for_rows(tmp_path: Path, table: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.OperationalError):
            if rows(tmp_path, f"SELECT count(*) FROM {table}") == [(count,)]:
                return
        time.sleep(0.02)
    raise AssertionError(f"the writer did not store {count} {table} row(s) within 30 s")


def warc_uris(tmp_path: Path) -> list[str]:
    (path,) = (tmp_path / "warc" / "s").glob("*.warc.gz")
    with path.open("rb") as file:
        return [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(file)]


@pytest.mark.parametrize("process", [True, False], ids=["process", "inline"])
def test_writer_stores_batches_and_captures_and_counts_them(tmp_path, process):
    collector = stats()
    writer = ArchiveWriter(config(tmp_path), collector, process=process)
    writer.write(articles(1, 2), [])
    for n in (1, 2, 3):
        writer.capture(fetched(n))
    writer.write(articles(3), [reject(9)])
    writer.close()
    assert writer.closed and writer.proc is None
    assert rows(tmp_path, "SELECT url FROM articles ORDER BY id") == [
        (f"{SITE}/{n}.html",) for n in (1, 2, 3)
    ]
    assert rows(tmp_path, "SELECT url, reason FROM rejects") == [(f"{SITE}/9.html", "no title")]
    assert rows(tmp_path, "SELECT url, fetched_url, run_id FROM captures ORDER BY id") == [
        (f"{SITE}/{n}.html", f"{SITE}/{n}.html?utm_source=x", 7) for n in (1, 2, 3)
    ]
    assert warc_uris(tmp_path) == [None] + [f"{SITE}/{n}.html?utm_source=x" for n in (1, 2, 3)]
    got = collector.get_stats()
    assert (got["textile_news/articles/new"], got["textile_news/captures/records"]) == (3, 3)
    assert "textile_news/writer_failures" not in got
    # the writer process reports its CPU time (the benchmark's storage share)
    assert (got.get("textile_news/cpu_us/store", 0) > 0) is process


@pytest.mark.parametrize("process", [True, False], ids=["process", "inline"])
def test_writer_indexes_each_capture_with_its_encodings(tmp_path, process):
    writer = ArchiveWriter(config(tmp_path), stats(), process=process)
    writer.capture(fetched(1))
    writer.capture(fetched(2)._replace(declared_encoding="utf-8", encoding="gb18030"))
    writer.close()
    assert rows(tmp_path, "SELECT declared_encoding, encoding FROM captures ORDER BY id") == [
        (None, None),
        ("utf-8", "gb18030"),
    ]


def test_a_rewritten_article_counts_as_unchanged(tmp_path):
    collector = stats()
    writer = ArchiveWriter(config(tmp_path), collector)
    writer.write(articles(1), [])
    writer.write(articles(1), [])
    writer.close()
    got = collector.get_stats()
    assert (got["textile_news/articles/new"], got["textile_news/articles/unchanged"]) == (1, 1)


def test_a_batch_that_cannot_be_written_is_logged_counted_and_fails_the_crawl(tmp_path, caplog):
    collector = stats()
    writer = ArchiveWriter(config(tmp_path), collector)
    broken = {**articles(2)[0], "title": None}  # NOT NULL in the archive
    writer.write(articles(1), [])
    writer.write([broken], [])
    writer.close()
    assert rows(tmp_path, "SELECT url FROM articles") == [(f"{SITE}/1.html",)]
    assert collector.get_value("textile_news/store_errors") == 1
    (message,) = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert message.startswith(
        f"archive writer: 1 article(s) and 0 reject(s) not written (first: {SITE}/2.html): "
        "IntegrityError"
    )
    finished = {**collector.get_stats(), "finish_reason": "finished", "response_received_count": 2}
    assert crawl_failed(finished) == "1 item(s) could not be written to the archive"


def test_a_dead_writer_is_reported_and_the_crawl_writes_on_inline(tmp_path, caplog):
    """Nothing is lost, nothing counted twice: the crawl did not fail (issue 13, item 2)."""
    collector = stats()
    writer = ArchiveWriter(config(tmp_path), collector)
    writer.write(articles(1), [])
    assert writer.proc is not None
    wait_for_articles(tmp_path, 1)
    writer.proc.kill()
    writer.proc.wait()
    writer.write(articles(2), [])
    writer.close()
    assert writer.inline is not None
    assert rows(tmp_path, "SELECT url FROM articles ORDER BY id") == [
        (f"{SITE}/1.html",),
        (f"{SITE}/2.html",),
    ]
    assert collector.get_value("textile_news/writer_failures") == 1
    assert collector.get_value("textile_news/articles/new") == 2
    assert collector.get_value("textile_news/articles/unchanged", 0) == 0
    (message,) = [r.getMessage() for r in caplog.records]
    assert message.startswith("the archive writer process stopped (exit status -9); ")
    assert message.endswith(
        " unconfirmed message(s) are written again; writing in the crawl's process from now on"
    )
    finished = {**collector.get_stats(), "finish_reason": "finished", "response_received_count": 2}
    assert crawl_failed(finished) is None


def test_what_a_dead_writer_did_not_confirm_is_written_by_the_crawl(tmp_path):
    """Messages sent but not read by a writer that dies are written in the crawl's process:
    the batch and the pages still in the pipe when it was killed."""
    collector = stats()
    writer = ArchiveWriter(config(tmp_path), collector)
    assert writer.proc is not None
    os.kill(writer.proc.pid, signal.SIGSTOP)  # it reads nothing more
    for n in (1, 2, 3):
        writer.capture(fetched(n))
    writer.write(articles(1, 2, 3), [reject(9)])  # sends the captures, then the batch
    assert len(writer.unconfirmed) == 2
    writer.proc.kill()
    writer.close()
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(3,)]
    assert rows(tmp_path, "SELECT count(*) FROM rejects") == [(1,)]
    assert rows(tmp_path, "SELECT url, run_id FROM captures ORDER BY id") == [
        (f"{SITE}/{n}.html", 7) for n in (1, 2, 3)
    ]
    got = collector.get_stats()
    assert (got["textile_news/articles/new"], got["textile_news/captures/records"]) == (3, 3)


@pytest.mark.parametrize("kind", ["batch", "captures"])
def test_a_commit_whose_confirmation_was_lost_is_not_written_or_counted_twice(tmp_path, kind):
    """The writer dies between a commit and its report: the report it sent just before the
    commit says what the archive then holds, and the crawl writes the messages again only
    if the archive does not hold them."""
    collector = stats()
    writer = ArchiveWriter(config(tmp_path, batch_size=1), collector)
    assert writer.proc is not None and writer.conn_in is not None
    if kind == "batch":
        writer.write(articles(1, 2), [reject(9)])
        wait_for_articles(tmp_path, 2)
    else:
        writer.capture(fetched(1))
        writer.write([], [])  # sends the capture, indexed at once (batch_size 1)
        wait_for_rows(tmp_path, "captures", 1)
    writer.proc.kill()
    writer.proc.wait()
    reports = []
    with contextlib.suppress(EOFError):
        while writer.conn_in.poll():
            reports.append(writer.conn_in.recv())
    (prepared,) = [r for r in reports if r is not None and r.prepared is not None]
    writer._apply(prepared)  # as if the confirmation that followed it was lost
    assert writer.unconfirmed
    writer.close()
    assert not writer.unconfirmed
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(2 if kind == "batch" else 0,)]
    assert rows(tmp_path, "SELECT count(*) FROM rejects") == [(1 if kind == "batch" else 0,)]
    assert rows(tmp_path, "SELECT count(*) FROM captures") == [(0 if kind == "batch" else 1,)]
    got = collector.get_stats()
    if kind == "batch":
        assert got["textile_news/articles/new"] == 2
        assert got["textile_news/articles/unchanged"] == 0
    else:
        assert got["textile_news/captures/records"] == 1


def test_a_writer_whose_crawl_died_writes_what_it_was_sent_and_exits(tmp_path):
    writer = ArchiveWriter(config(tmp_path), stats())
    writer.capture(fetched(1))
    writer.write(articles(1, 2), [])  # sends the capture before the batch
    assert writer.proc is not None and writer.conn_out is not None
    writer.conn_out.close()  # as when the crawl's process is killed
    assert writer.proc.wait(timeout=30) == 0
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(2,)]
    assert rows(tmp_path, "SELECT count(*) FROM captures") == [(1,)]


def test_the_writer_outlives_a_ctrl_c_meant_for_the_crawl(tmp_path):
    writer = ArchiveWriter(config(tmp_path), stats())
    writer.write(articles(1), [])
    assert writer.proc is not None
    wait_for_articles(tmp_path, 1)  # past its start-up: it ignores SIGINT from then on
    os.kill(writer.proc.pid, signal.SIGINT)
    writer.write(articles(2), [])
    writer.close()
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(2,)]


def test_a_writer_that_cannot_open_the_archive_counts_every_batch(tmp_path, caplog):
    (tmp_path / "a.sqlite").write_text("not a database, " * 100)
    collector = stats()
    writer = ArchiveWriter(config(tmp_path), collector)
    writer.write(articles(1, 2), [])
    writer.close()
    assert collector.get_value("textile_news/store_errors") == 2
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors[0].startswith(f"archive writer: cannot open {tmp_path / 'a.sqlite'}")


def test_two_writers_share_one_archive_without_losing_a_batch(tmp_path):
    """Parallel crawls (`crawl --jobs`) write one archive from several processes: each
    batch reads the archive, then writes; a writer must wait its turn, never fail with
    "database is locked" (db.write_transaction)."""
    collectors = [stats(), stats()]
    writers = [ArchiveWriter(config(tmp_path), c) for c in collectors]
    for batch in range(20):
        for n, writer in enumerate(writers):
            first = 100_000 * (n + 1) + batch * 50
            writer.write(articles(*range(first, first + 50)), [])
    for writer in writers:
        writer.close()
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(2000, 2000)]
    for collector in collectors:
        assert collector.get_value("textile_news/articles/new") == 1000
        assert collector.get_value("textile_news/store_errors") is None


def test_the_writer_process_runs_at_the_configured_niceness(tmp_path):
    """Its batches are background work: the crawl and a local server get the cores first."""
    writer = ArchiveWriter(config(tmp_path, nice=7), stats())
    writer.write(articles(1), [])
    wait_for_articles(tmp_path, 1)
    assert writer.proc is not None
    niceness = os.getpriority(os.PRIO_PROCESS, writer.proc.pid)
    writer.close()
    assert niceness == os.getpriority(os.PRIO_PROCESS, 0) + 7
