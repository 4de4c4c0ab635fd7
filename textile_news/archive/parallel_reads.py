"""One query run for many parameter sets by reader processes, each with its own read-only
connection, the results handed back in the order of the parameter sets.

An export of a large archive spends most of its time in SQLite, building each article's
line (export.export_lines); threads cannot share that work (each row crosses the GIL,
and SQLite's allocator takes a global lock), processes can: two readers keep both cores
busy while this process writes what they read. No SQL of its own: the caller's.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

from textile_news.archive import files as archive_files

# results read ahead of the one handed back, per reader: enough to keep both busy, few
# enough to keep memory flat
_AHEAD = 2
_conn: sqlite3.Connection | None = None


def read_in_order(
    file: Path,
    sql: str,
    params: Sequence[Sequence[Any]],
    *,
    readers: int = 2,
    cache_kb: int = 32768,
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``sql`` for each of ``params``, in that order, a list per set, read by
    ``readers`` processes from the SQLite database ``file`` (read-only).

    An error in a reader is raised here; leaving the loop early stops the readers.
    """
    # fork: the readers need nothing of this process but the function, and spawn would
    # import the caller's main module again (a script without a __main__ guard would run
    # twice); where there is no fork, one process reads alone
    if "fork" not in multiprocessing.get_all_start_methods():
        with closing(_connect(file, cache_kb)) as conn:
            for values in params:
                yield conn.execute(sql, values).fetchall()
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        readers, mp_context=context, initializer=_open, initargs=(str(file), cache_kb)
    ) as pool:
        pending: deque[Future[list[tuple[Any, ...]]]] = deque()
        queued = iter(params)
        try:
            for values in queued:
                pending.append(pool.submit(_rows, sql, values))
                if len(pending) >= readers * _AHEAD:
                    break
            while pending:
                rows = pending.popleft().result()
                for values in queued:
                    pending.append(pool.submit(_rows, sql, values))
                    break
                yield rows
        finally:
            for future in pending:
                future.cancel()


def _open(file: str, cache_kb: int) -> None:
    global _conn
    _conn = _connect(Path(file), cache_kb)


def _connect(file: Path, cache_kb: int) -> sqlite3.Connection:
    conn = archive_files.connect_readonly(file)  # mode=ro, or immutable on a read-only share
    conn.execute(f"PRAGMA cache_size = -{cache_kb}")
    return conn


def _rows(sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    assert _conn is not None
    return _conn.execute(sql, values).fetchall()


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file of the connection's main database; None for one in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
