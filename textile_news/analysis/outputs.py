"""Files the commands write (exports, their manifests, chart images): never over what the
command reads or over any SQLite database, and whole or not at all (issue 13, item 1).

A file is written beside its target under a name of its own and renamed over the target
once complete and on disk, so a failed write (an exception, a full disk, a kill) never
leaves half a file under the target's name; a failure in this process leaves no
temporary file either.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

SQLITE_HEADER = b"SQLite format 3\x00"
# what SQLite keeps beside a database while it is open: overwriting one corrupts the archive
_COMPANIONS = {
    "-wal": "the write-ahead log",
    "-shm": "the shared-memory index",
    "-journal": "the rollback journal",
}


class Refused(Exception):
    """Writing a file would destroy something; the message says what, in one line."""


def check_target(
    target: Path, *, archive: Path | None = None, reading: Iterable[Path] = ()
) -> None:
    """Refuse to write ``target`` over the archive, its -wal, -shm or -journal, a file the
    command reads, the taxonomy files, or any SQLite database; through symlinks and hard
    links too.

    :param archive: the archive the command reads
    :param reading: other files the command reads
    :raises Refused: ``target`` is one of them
    """
    for path, what in _protected(archive, reading):
        if _same_file(target, path):
            raise Refused(f"refusing to write {target}: it is {what}")
    if _is_sqlite(target):
        raise Refused(f"refusing to write {target}: it is a SQLite database; choose another file")


def _protected(archive: Path | None, reading: Iterable[Path]) -> list[tuple[Path, str]]:
    protected = []
    if archive is not None:
        protected.append((archive, f"the archive {archive}"))
        protected += [
            (Path(f"{archive}{suffix}"), f"{what} of the archive {archive}")
            for suffix, what in _COMPANIONS.items()
        ]
    protected += [(path, f"{path}, which this command reads") for path in reading]
    # the vocabularies crawls of the archive read: the packaged one, and the user's own
    own = os.environ.get("TEXTILE_NEWS_TAXONOMY")
    if own:
        protected.append((Path(own), f"the taxonomy file {own}"))
    packaged = Path(str(resources.files("textile_news") / "data" / "taxonomy.toml"))
    protected.append((packaged, f"the packaged taxonomy {packaged}"))
    return protected


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # symlinks followed, hard links found
    except OSError:  # one of them does not exist (yet): the paths, symlinks resolved
        return os.path.realpath(a) == os.path.realpath(b)


def _is_sqlite(path: Path) -> bool:
    try:
        # only a regular file is read: opening a pipe would wait for its writer
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # absent or unreadable: writing it is for open() to judge
        return False


def is_regular(path: Path) -> bool:
    """Whether ``path`` is, or will be, a regular file: not a pipe, a device (/dev/stdout)
    or a socket, which are written in place and have no manifest."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True


class Replacement:
    """A new file for ``target``, written beside it and renamed over it by :meth:`commit`;
    leaving the ``with`` block without a commit removes it, and ``target`` is untouched.

    A pipe or a device is written in place: it cannot hold half a file.

    :raises OSError: the file cannot be created
    """

    def __init__(self, target: Path) -> None:
        # through a symlink, as writing over it would: the file it names is replaced
        self.target = Path(os.path.realpath(target)) if target.is_symlink() else target
        self.committed = False
        self.in_place = not is_regular(self.target)
        if self.in_place:
            self.path = self.target
            self.file: BinaryIO = self.target.open("wb")
            return
        while True:  # a name no other file has: never over a file of the user's
            self.path = self.target.with_name(f"{self.target.name}.{secrets.token_hex(4)}.part")
            try:
                # O_EXCL: created here or not at all; 0o666 less the umask, as open() does
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue
        try:
            if self.target.exists():  # replacing a file keeps its permissions, as writing would
                os.fchmod(fd, stat.S_IMODE(self.target.stat().st_mode))
            self.file = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self.path.unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        """Put the file in ``target``'s place, its bytes on disk first: a crash after the
        rename cannot leave an empty or partial file under the target's name."""
        self.file.flush()
        if not self.in_place:
            os.fsync(self.file.fileno())
        self.file.close()
        if not self.in_place:
            os.replace(self.path, self.target)
            _sync_folder(self.target.parent)
        self.committed = True

    def discard(self) -> None:
        self.file.close()
        if not self.in_place and not self.committed:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self.committed:
            self.discard()


def _sync_folder(folder: Path) -> None:
    # the rename itself on disk; not every system can open a folder for this
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
