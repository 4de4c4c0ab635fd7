"""Opening the archive: its path, the connection (WAL, busy timeout, foreign keys), the
schema's migrations on open, read-only opening, write transactions, and the errors an
archive that cannot be opened or written raises."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from textile_news.archive import files as archive_files
from textile_news.archive.errors import ArchiveError, WriteRefused
from textile_news.archive.migrations import migrations, unknown

DEFAULT_DB = "data/archive.sqlite"


def db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The archive path: ``path``, else ``$TEXTILE_NEWS_DB``, else ``data/archive.sqlite``."""
    return Path(path or os.environ.get("TEXTILE_NEWS_DB") or DEFAULT_DB)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the archive's write lock when it begins (BEGIN IMMEDIATE).

    Several processes write one archive (a crawl's writer, its run record, parallel jobs,
    reextract). A plain BEGIN starts as a reader; when another connection commits before
    it writes, SQLite cannot upgrade it and fails at once ("database is locked") without
    waiting out the busy timeout. Taking the lock first makes a writer wait its turn.
    """
    if db.conn.in_transaction:  # nested: a savepoint inside the caller's transaction
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def open_db(path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Database:
    """Open (and create or migrate) the archive.

    :param path: the SQLite file; see :func:`db_path` for the default
    :param create: when False, a missing file is an error instead of a new archive
    :raises ArchiveError: the file is missing (with ``create=False``) or is not an archive
    :raises WriteRefused: this process cannot write the file or its folder (read-only,
        immutable), or a newer textile-news wrote it
    """
    file = db_path(path)
    if not create and not file.exists():
        raise ArchiveError(f"no archive at {file}: run `textile-news crawl` or `demo` first")
    if file.exists() and (reason := archive_files.unwritable(file)):
        raise WriteRefused(f"cannot write to archive {file}: {reason}")
    conn: sqlite3.Connection | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(file, timeout=30)
        db = Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA foreign_keys = ON")
        if not migrations.applied(db) and (foreign := _tables(db)):
            raise _not_an_archive(file, foreign)
        if newer := newer_schema(db):
            raise WriteRefused(f"{newer}; upgrade")
        _prepare(db)
    except (sqlite3.DatabaseError, OSError, ArchiveError) as exc:
        if conn is not None:
            conn.close()  # else it leaks (and warns on Python 3.13+)
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    return db


def open_readonly(path: str | os.PathLike[str] | None = None) -> Database:
    """Open an existing archive for reading only: analysts' commands (search, show, stats,
    export) cannot change it, and in WAL mode they never block a crawl that is writing. In
    a folder that cannot be written (a read-only share) it is read as an immutable file
    (:func:`archive_files.read_mode`).

    An archive made by an older version is migrated first, through a short read-write
    connection (the only write such a command makes); one made by a newer version is read
    as it is (see :func:`newer_schema`).

    :raises ArchiveError: no archive at ``path``, not an archive, or one that cannot be
        read here (changes waiting in its ``-wal``, migrations it cannot take)
    """
    file = db_path(path)
    if not file.exists():
        raise ArchiveError(f"no archive at {file}: run `textile-news crawl` or `demo` first")
    db = _connect_readonly(file)
    try:
        applied, pending = migrations.applied(db), migrations.pending(db)
        if (applied and not pending) or unknown(db):  # a newer one is read as it is
            return db
        foreign = _tables(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    db.close()
    if foreign and not applied:
        raise _not_an_archive(file, foreign)
    if reason := archive_files.unwritable(file):
        raise ArchiveError(
            f"archive {file} needs this version's schema (migration {pending[0].name}) "
            f"but cannot be written: {reason}"
        )
    open_db(file, create=False).close()
    return _connect_readonly(file)


def _connect_readonly(file: Path) -> Database:
    # mode=ro or immutable=1: SQLite itself refuses every write on this connection,
    # whatever SQL runs
    try:
        conn = archive_files.connect_readonly(file)
    except archive_files.UnreadableHere as exc:
        raise ArchiveError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    db = Database(conn)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


def _tables(db: Database) -> list[str]:
    return sorted(set(db.table_names()) - {"_sqlite_migrations"})


def _not_an_archive(file: Path, tables: Sequence[str]) -> ArchiveError:
    return ArchiveError(
        f"{file} is a SQLite database but not a textile_news archive "
        f"(it has tables {', '.join(tables[:5])}); choose another --db"
    )


def newer_schema(db: Database) -> str | None:
    """ "archive was written by a newer textile-news (migration X)" when migrations this
    version does not know were applied to ``db``, X the newest; else None. Such an archive
    is not written (:func:`open_db` refuses), and read for what this version knows."""
    newer = unknown(db)
    return f"archive was written by a newer textile-news (migration {newer[-1]})" if newer else None


def _prepare(db: Database, timeout: float = 30.0) -> None:
    """WAL mode and the schema's migrations. Processes that open a new archive at the same
    moment (parallel crawls, a crawl's writer and its run record) race to create it; the
    journal-mode switch and a migration's first write fail at once when another holds the
    lock, without the busy timeout's wait, so the loser waits and tries again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if db.journal_mode != "wal":
                db.enable_wal()
            if migrations.pending(db):
                # under the write lock, which pending() again: another process may have
                # applied them meanwhile (else "table ... already exists")
                with write_transaction(db):
                    migrations.apply(db)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            if db.conn.in_transaction:
                db.conn.rollback()
            time.sleep(0.05)


# A test hook (issue 17, item 2): an ISO time that the archive's clock reads instead of the
# system's, so that a test or benchmark can let days pass between two crawls run minutes
# apart ("no new article for 3x its usual gap"). Timestamps written by the archive
# (first_seen_at, crawl_runs.started_at...) and monitoring's "now" follow it.
NOW_ENV = "TEXTILE_NEWS_NOW"


def now() -> datetime:
    """The archive's clock: the current UTC time, or ``$TEXTILE_NEWS_NOW`` when set."""
    given = os.environ.get(NOW_ENV)
    if not given:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(given)
    except ValueError:
        raise ValueError(f"{NOW_ENV}={given!r} is not an ISO time") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def utc_now() -> str:
    return now().astimezone(UTC).isoformat(timespec="seconds")
