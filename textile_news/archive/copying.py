"""Copying an archive with its stored originals: ``textile-news copy-archive SRC DST``.

The SQLite file is copied through SQLite's backup API, in one step, from a read-only
connection: one consistent snapshot, taken beside a crawl that keeps writing (WAL). The WARC
files its captures name follow into DST's own folder of originals (``<stem>.warc/``), and
the copy's ``captures.warc_file`` is rewritten to name them there (issue 17, item 7).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from textile_news.archive.files import connect_readonly, originals_folder, real_path

_CHUNK = 1 << 20


class CopyRefused(Exception):
    """The copy would overwrite something, or has nothing to copy; the message says which."""


@dataclass
class CopyResult:
    articles: int = 0
    captures: int = 0
    files: int = 0  # WARC files copied
    warc_bytes: int = 0
    archive_bytes: int = 0
    originals: Path = Path()  # DST's folder of originals
    missing: list[Path] = field(default_factory=list)  # WARC files SRC names but lacks

    def summary(self, dst: str | os.PathLike[str]) -> str:
        """``copy-archive: 7 articles, 11 captures, 1 WARC file (40213 bytes) -> DST``."""
        files = f"{self.files} WARC file{'' if self.files == 1 else 's'}"
        return (
            f"copy-archive: {self.articles} articles, {self.captures} captures, {files} "
            f"({self.warc_bytes} bytes), archive {self.archive_bytes} bytes -> {dst} "
            f"(originals in {self.originals})"
        )


def copy_archive(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> CopyResult:
    """Copy the archive ``src`` and the WARC files its captures name to ``dst``.

    Each WARC file is copied up to the end of the last record the snapshot indexes: a crawl
    still writing appends records whose rows are not in the copy, and may be halfway through
    one (a cut gzip member, which would fail every reader at the file's end).

    :raises CopyRefused: ``dst`` or its folder of originals exists, or ``src`` is missing
    :raises sqlite3.DatabaseError: ``src`` cannot be read (not an archive, damaged)
    """
    source, target = real_path(src), Path(os.path.abspath(dst))
    if not source.is_file():
        raise CopyRefused(f"no archive at {src}")
    if target.exists() or target.is_symlink():
        raise CopyRefused(f"{dst} exists; copy-archive never overwrites an archive")
    originals = originals_folder(target)
    if originals.exists():
        raise CopyRefused(f"{originals} exists; copy-archive never mixes originals")
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.copying-{os.getpid()}")
    result = CopyResult(originals=originals)
    try:
        with closing(connect_readonly(source)) as reading, closing(sqlite3.connect(part)) as copy:
            reading.backup(copy)
            files = _rewrite_warc_files(copy, originals.name)
            result.articles = copy.execute("SELECT count(*) FROM articles").fetchone()[0]
            result.captures = copy.execute("SELECT count(*) FROM captures").fetchone()[0]
        for old, (new, end) in files.items():
            if (size := _copy_prefix(source.parent / old, target.parent / new, end)) is None:
                result.missing.append(source.parent / old)
                continue
            result.files += 1
            result.warc_bytes += size
        result.archive_bytes = part.stat().st_size
        os.rename(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        shutil.rmtree(originals, ignore_errors=True)
        raise
    return result


def _rewrite_warc_files(copy: sqlite3.Connection, folder: str) -> dict[str, tuple[str, int | None]]:
    """Point the copy's captures at ``folder``; returns each old ``warc_file`` with its new
    name and the end of its last indexed record (None: a row without a length, copy all)."""
    rows = copy.execute(
        "SELECT warc_file, max(warc_offset + warc_length), count(*) - count(warc_length) "
        "FROM captures GROUP BY warc_file ORDER BY warc_file"
    ).fetchall()
    files: dict[str, tuple[str, int | None]] = {}
    taken: set[str] = set()
    for old, end, unsized in rows:
        parts = PurePosixPath(old).parts
        # ``warc/<site>/<file>`` (before issue 17) or ``<stem>.warc/<site>/<file>``
        new = PurePosixPath(folder, *parts[1:]).as_posix()
        if new in taken or len(parts) < 2:
            new = PurePosixPath(folder, *parts).as_posix()
        taken.add(new)
        files[old] = (new, None if unsized else end)
    with copy:
        copy.executemany(
            "UPDATE captures SET warc_file = ? WHERE warc_file = ?",
            [(new, old) for old, (new, _) in files.items()],
        )
    return files


def _copy_prefix(src: Path, dst: Path, end: int | None) -> int | None:
    """Copy the first ``end`` bytes of ``src`` (all when None); None when it is missing."""
    try:
        reading = src.open("rb")
    except FileNotFoundError:
        return None
    dst.parent.mkdir(parents=True, exist_ok=True)
    copied = 0
    with reading, dst.open("xb") as writing:
        while end is None or copied < end:
            chunk = reading.read(_CHUNK if end is None else min(_CHUNK, end - copied))
            if not chunk:
                break
            writing.write(chunk)
            copied += len(chunk)
    shutil.copystat(src, dst)
    return copied
