"""An archive's files on disk: its real path, what lies beside it, reading it where it
cannot be written, and whether this process may write it.

No SQL of the archive's and no Scrapy: storage, the writer process, locks and parallel
readers all use it, and the writer process starts light.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Final

SHARED: Final = "mode=ro"  # a reader beside the archive's writers (WAL), seeing their commits
IMMUTABLE: Final = "immutable=1"  # a reader of a file nobody can change, in a read-only place
_WAL_HEADER = 32  # bytes of a -wal file before its first frame


class UnreadableHere(Exception):
    """The archive cannot be read in this place; the message says why, in one line."""


def real_path(db_file: str | os.PathLike[str]) -> Path:
    """The archive's file with every symlink and ``..`` resolved, as the OS opens it.

    Everything kept beside an archive (locks, job state, stored originals) is placed by this
    path, not by the one typed: through a symlink, two crawls of a site took two different
    locks and ran at once, and wrote their originals next to the link (issue 13, item 7).
    """
    return Path(os.path.realpath(db_file))


def beside(db_file: str | os.PathLike[str], *parts: str) -> Path:
    """``parts`` in the folder of the archive's real file: ``beside(db, "warc")``."""
    return real_path(db_file).parent.joinpath(*parts)


def originals_folder(db_file: str | os.PathLike[str]) -> Path:
    """The folder of an archive's stored originals, named after it, beside its real file:
    ``archive.sqlite`` -> ``archive.warc/``.

    Named after the archive, not a fixed ``warc/``: two archives in one folder shared one
    folder of originals, and a copied archive left its originals behind (issue 17, item 7).
    """
    file = real_path(db_file)
    return file.with_name(f"{file.stem}.warc")


def read_mode(db_file: str | os.PathLike[str]) -> str:
    """How a reader opens the archive: :data:`SHARED` (``mode=ro``) where it can, else,
    in a folder this process cannot write (a read-only share or mount), :data:`IMMUTABLE`.

    In WAL mode even a ``mode=ro`` reader needs the ``-shm`` file, and creates it (and the
    ``-wal``) when missing, which a read-only folder refuses ("unable to open database
    file", issue 13, item 9). ``immutable=1`` reads the main file alone, without locks: right
    when no writer can be at work (a writer keeps a ``-shm``, and with one there ``mode=ro``
    succeeds) and nothing waits in a ``-wal`` -- those pages would be missed, so that case is
    refused with :class:`UnreadableHere`.
    """
    conn, mode = _open(db_file, timeout=30)
    conn.close()
    return mode


def connect_readonly(db_file: str | os.PathLike[str], timeout: float = 30) -> sqlite3.Connection:
    """A connection that cannot change the archive, opened as :func:`read_mode` says."""
    return _open(db_file, timeout)[0]


def _open(db_file: str | os.PathLike[str], timeout: float) -> tuple[sqlite3.Connection, str]:
    file = real_path(db_file)
    conn = sqlite3.connect(f"{file.as_uri()}?{SHARED}", uri=True, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # where it fails
        return conn, SHARED
    except sqlite3.OperationalError:
        conn.close()
        if os.access(file.parent, os.W_OK):
            raise  # not the place: the caller reports SQLite's reason
    except BaseException:
        conn.close()
        raise
    wal = file.with_name(file.name + "-wal")
    if wal.exists() and wal.stat().st_size > _WAL_HEADER:
        raise UnreadableHere(
            f"cannot read archive {db_file} here: {wal.name} holds changes not yet in the "
            "archive, and its folder is read-only; open it once where it can be written"
        )
    return sqlite3.connect(f"{file.as_uri()}?{IMMUTABLE}", uri=True, timeout=timeout), IMMUTABLE


def unwritable(db_file: str | os.PathLike[str]) -> str | None:
    """Why this process cannot write the existing archive ``db_file``, or None.

    SQLite asked to write a file it may only read opens it read-only without a word, and the
    crawl fails at its first write, after its first requests (issue 13, item 11). This opens
    it for writing as SQLite would, and checks the folder its ``-wal`` and the crawl's files
    go in.
    """
    file = real_path(db_file)
    try:
        os.close(os.open(file, os.O_RDWR))
    except OSError as exc:
        if exc.errno == errno.EPERM:  # what chattr +i (or +a) answers, even to root
            return f"{exc.strerror} (an immutable file? see lsattr)"
        return exc.strerror or str(exc)
    if not os.access(file.parent, os.W_OK | os.X_OK):
        return f"its folder {file.parent} is read-only"
    return None
