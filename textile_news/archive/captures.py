"""The captures index: one row per stored original page (a WARC record beside the
archive; textile_news/crawl/captures.py writes the records)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from textile_news.archive.db import write_transaction

CAPTURE_COLUMNS = (
    "id",
    "url",
    "fetched_url",
    "site",
    "fetched_at",
    "status",
    "warc_file",
    "warc_offset",
    "warc_length",
    "body_bytes",
    "run_id",
    "declared_encoding",
    "encoding",
)


def write_captures(
    db: Database,
    rows: Sequence[Mapping[str, Any]],
    *,
    run_id: int | None = None,
    before_commit: Callable[[], None] | None = None,
) -> int:
    """Index stored originals (WARC records) in ``captures``, in one transaction.

    :param rows: dicts with ``url`` (canonical), ``fetched_url``, ``site``, ``fetched_at``,
        ``status``, ``warc_file`` (relative to the archive's folder), ``warc_offset``,
        ``warc_length`` (compressed bytes), ``body_bytes``, and optionally ``run_id``,
        ``declared_encoding`` and ``encoding``
    :param run_id: the crawl run of the rows that name none
    :param before_commit: called once the rows are written, before the commit
    :returns: the number of rows written
    """
    columns = CAPTURE_COLUMNS[1:]
    values = [{c: row.get(c) for c in columns} for row in rows]
    for value in values:
        value["run_id"] = value["run_id"] or run_id
    if values:
        with write_transaction(db):
            db.conn.executemany(
                f"INSERT INTO captures ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + c for c in columns)})",
                values,
            )
            if before_commit is not None:
                before_commit()
    return len(values)


def iter_captures(
    db: Database, sites: Sequence[str] | None = None, *, page_size: int = 500
) -> Iterator[dict[str, Any]]:
    """The latest capture of each URL, in the order they were stored.

    Read a page of rows at a time (constant memory, and no cursor left open while the
    caller writes to the same connection).

    :param sites: only captures of these site slugs (default: every site)
    """
    sql = (
        f"SELECT {', '.join(CAPTURE_COLUMNS)} FROM captures c WHERE id > ? "
        "AND id = (SELECT max(id) FROM captures WHERE url = c.url)"
    )
    if sites is not None:
        sql += f" AND site IN ({', '.join('?' * len(sites))})"
    sql += " ORDER BY id LIMIT ?"
    last = 0
    while True:
        rows = db.execute(sql, [last, *(sites or ()), page_size]).fetchall()
        for row in rows:
            yield dict(zip(CAPTURE_COLUMNS, row, strict=True))
        if len(rows) < page_size:
            return
        last = rows[-1][0]


def capture_sites(db: Database) -> list[str]:
    """Every site with stored originals."""
    return [site for (site,) in db.execute("SELECT DISTINCT site FROM captures ORDER BY site")]


def capture_totals(db: Database) -> dict[str, int]:
    """All captures: ``records``, ``urls``, ``warc_bytes`` (compressed records) and
    ``body_bytes`` (payloads), for the benchmark of stored originals."""
    row = db.execute(
        "SELECT count(*), count(DISTINCT url), coalesce(sum(warc_length), 0), "
        "coalesce(sum(body_bytes), 0) FROM captures"
    ).fetchone()
    return dict(zip(("records", "urls", "warc_bytes", "body_bytes"), row, strict=True))
