"""Reader processes: one query for many parameter sets, results in order
(textile_news.archive.parallel_reads), and the exports that use them."""

from __future__ import annotations

import multiprocessing
import sqlite3
from contextlib import closing

import pytest

from tests.test_export import archive  # noqa: F401  (the fixture)
from textile_news.archive import parallel_reads
from textile_news.archive.db import open_readonly
from textile_news.archive.export import export_lines
from textile_news.archive.filters import ArticleFilter


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "n.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE n (v INTEGER)")
        conn.executemany("INSERT INTO n VALUES (?)", [(v,) for v in range(100)])
        conn.commit()
    return path


def test_results_come_in_the_order_of_the_parameter_sets(db_file):
    params = [(k,) for k in range(40)]
    results = list(parallel_reads.read_in_order(db_file, "SELECT v * 2 FROM n WHERE v = ?", params))
    assert results == [[(2 * k,)] for k in range(40)]
    assert multiprocessing.active_children() == []


def test_an_error_in_a_reader_is_raised_in_order(db_file):
    params = [("[1]",)] * 7 + [("{not json",)] + [("[2]",)] * 10
    got = []
    with pytest.raises(sqlite3.OperationalError, match="malformed JSON"):
        for rows in parallel_reads.read_in_order(db_file, "SELECT json_extract(?, '$[0]')", params):
            got.append(rows)
    assert got == [[(1,)]] * 7
    assert multiprocessing.active_children() == []


def test_leaving_early_stops_the_readers(db_file):
    reads = parallel_reads.read_in_order(db_file, "SELECT ?", [(k,) for k in range(1000)])
    assert [next(reads) for _ in range(3)] == [[(0,)], [(1,)], [(2,)]]
    reads.close()
    assert multiprocessing.active_children() == []


def test_the_file_of_a_connection(db_file):
    with closing(sqlite3.connect(db_file)) as conn:
        assert parallel_reads.database_file(conn) == db_file
    with closing(sqlite3.connect(":memory:")) as conn:
        assert parallel_reads.database_file(conn) is None


@pytest.mark.parametrize("fmt", ["csv", "json", "columns"])
@pytest.mark.parametrize(
    "filters", [ArticleFilter(), ArticleFilter(site="sjfzxm_com"), ArticleFilter(query="cotton")]
)
def test_an_export_read_by_processes_is_the_export_read_by_one_query(
    archive,  # noqa: F811
    monkeypatch,
    fmt,
    filters,
):
    monkeypatch.setattr(
        "textile_news.archive.export.PARALLEL_EXPORT_BATCHES", 1
    )  # the test archive is small
    fields = ["id", "title", "published_at", "tags", "terms", "related", "next"]
    with closing(open_readonly(archive)) as db:
        one = list(export_lines(db, filters, fields, fmt, batch_size=2, readers=1))
        several = list(export_lines(db, filters, fields, fmt, batch_size=2, readers=2))
    rows = [row for batch in one for row in batch]
    assert rows and [row for batch in several for row in batch] == rows
    assert all(len(batch) <= 2 for batch in several)
