"""Hostile input (issue 13, items 1, 11 and 12): exports that never destroy a file, and
faults that end in one clear line and a non-zero exit, never a traceback.

Each scenario runs the real command (``python -m textile_news ...`` in a subprocess, with a
timeout) and states its exact outcome: the exit code, the one line on stderr, and where an
archive is involved, that it is unchanged and passes ``pragma integrity_check``.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from bench import archive_gen
from tests.analyst_archive import build
from tests.conftest import CLI, ROOT, run


def textile_news(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return run([*CLI, *args], **kwargs)


def only_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command printed (nothing on stdout), without a traceback."""
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    return lines[0]


def state(db_file: Path) -> tuple[str, str]:
    """(integrity_check, a digest of every table's rows): equal before and after means the
    archive is unchanged; "ok" that it is sound."""
    with closing(sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        digest = hashlib.sha256()
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " ORDER BY name"
        ).fetchall()
        for (table,) in tables:
            for row in sorted(map(repr, conn.execute(f"SELECT * FROM [{table}]"))):
                digest.update(row.encode())
    return check, digest.hexdigest()


def folder(path: Path) -> list[str]:
    """The files in ``path``, but SQLite's own (-wal, -shm: a reader may leave them)."""
    return sorted(p.name for p in path.iterdir() if not p.name.endswith(("-wal", "-shm")))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The analysts' small archive (8 articles), in a folder of its own."""
    return build(tmp_path / "archive.sqlite")


@pytest.fixture(scope="module")
def large_archive(tmp_path_factory) -> Path:
    """4,000 generated articles: an export of them takes long enough to be killed midway."""
    return archive_gen.build(4000, tmp_path_factory.mktemp("large") / "large.sqlite", quiet=True)


# --- item 1: exports that never destroy ---------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_export_over_its_own_archive_is_refused(archive, fmt):
    before = state(archive)
    result = textile_news("export", "--format", fmt, "--db", str(archive), "-o", str(archive))
    assert result.returncode == 2
    assert only_line(result) == f"Error: refusing to write {archive}: it is the archive {archive}"
    assert state(archive) == before == ("ok", before[1])
    assert folder(archive.parent) == ["archive.sqlite"]


@pytest.mark.parametrize(
    ("target", "what"),
    [
        ("archive.sqlite-wal", "the write-ahead log of the archive {archive}"),
        ("archive.sqlite-shm", "the shared-memory index of the archive {archive}"),
        ("link.csv", "the archive {archive}"),  # a symlink to the archive
        ("hard.csv", "the archive {archive}"),  # a hard link to it
        ("other.sqlite", None),  # any SQLite database
        ("mine.toml", "the taxonomy file {taxonomy}"),
    ],
)
def test_export_over_what_it_must_keep_is_refused(archive, target, what):
    folder_ = archive.parent
    (folder_ / "link.csv").symlink_to(archive)
    os.link(archive, folder_ / "hard.csv")
    with closing(sqlite3.connect(folder_ / "other.sqlite")) as other:
        other.execute("CREATE TABLE kept (x)")
    taxonomy = folder_ / "mine.toml"
    taxonomy.write_text("# my vocabulary\n")
    with closing(sqlite3.connect(archive)) as conn:  # the WAL files exist while it is open
        conn.execute("SELECT count(*) FROM articles").fetchone()
        before = state(archive)
        out = folder_ / target
        result = textile_news(
            *("export", "--format", "csv", "--db", str(archive), "-o", str(out)),
            env={"TEXTILE_NEWS_TAXONOMY": str(taxonomy)},
        )
    assert result.returncode == 2
    reason = (
        "it is a SQLite database; choose another file"
        if what is None
        else "it is " + what.format(archive=archive, taxonomy=taxonomy)
    )
    assert only_line(result) == f"Error: refusing to write {out}: {reason}"
    assert state(archive) == before == ("ok", before[1])
    assert taxonomy.read_text() == "# my vocabulary\n"
    with closing(sqlite3.connect(folder_ / "other.sqlite")) as other:
        assert other.execute("SELECT name FROM sqlite_master").fetchall() == [("kept",)]
    assert not [name for name in folder(folder_) if name.endswith((".part", ".manifest.json"))]


def test_an_export_whose_manifest_would_replace_the_archive_is_refused(tmp_path):
    archive = build(tmp_path / "out.csv.manifest.json")  # an archive by an unlucky name
    before = state(archive)
    out = tmp_path / "out.csv"
    result = textile_news("export", "--format", "csv", "--db", str(archive), "-o", str(out))
    assert result.returncode == 2
    assert only_line(result) == f"Error: refusing to write {archive}: it is the archive {archive}"
    assert state(archive) == before
    assert not out.exists()


def test_stats_plot_over_the_archive_is_refused(archive):
    pytest.importorskip("matplotlib")
    chart = archive.parent / "chart.png"
    chart.symlink_to(archive)
    before = state(archive)
    result = textile_news("stats", "--db", str(archive), "--plot", str(chart))
    assert result.returncode == 2
    assert only_line(result) == f"Error: refusing to write {chart}: it is the archive {archive}"
    assert state(archive) == before


def test_an_export_never_writes_over_a_file_beside_its_target(archive):
    """The temporary file has a name no file has: not ``a.csv.part``, which may be yours."""
    mine = archive.parent / "a.csv.part"
    mine.write_text("my notes\n")
    out = archive.parent / "a.csv"
    result = textile_news("export", "--format", "csv", "--db", str(archive), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert mine.read_text() == "my notes\n"
    written = ["a.csv", "a.csv.manifest.json"]
    assert folder(archive.parent) == [*written, "a.csv.part", "archive.sqlite"]


def test_an_export_into_a_pipe_is_written_in_place(archive):
    fifo = archive.parent / "pipe"
    os.mkfifo(fifo)
    export = subprocess.Popen(
        [*CLI, "export", "--format", "jsonl", "--db", str(archive), "-o", str(fifo)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # read as the export writes; a thread: the open waits for the export's
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    _, stderr = export.communicate(timeout=60)
    reader.join(timeout=10)
    assert (export.returncode, stderr) == (0, f"exported 8 articles to {fifo}\n")
    assert got, "nothing was written into the pipe"
    lines = got[0].splitlines()
    assert len(lines) == 8
    assert fifo.is_fifo()
    assert folder(archive.parent) == ["archive.sqlite", "pipe"]  # no manifest, no temporary


def _limit_file_size(limit: int):
    def limit_it() -> None:
        # past the limit a write fails with EFBIG (the signal would kill the process)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_it


# about half of each export of the large archive: the export fails past its middle
HALVES = [("csv", 6 << 20), ("json", 8 << 20), ("jsonl", 8 << 20), ("parquet", 1 << 19)]


@pytest.mark.parametrize(("fmt", "limit"), HALVES)
def test_a_failed_export_leaves_the_old_file_and_no_temporary(large_archive, tmp_path, fmt, limit):
    """A write that fails (``ulimit -f``: a disk that is full for this process) ends in one
    line and exit 1; the previous export and its manifest stay as they were."""
    out = tmp_path / f"a.{fmt}"
    manifest = tmp_path / f"a.{fmt}.manifest.json"
    out.write_bytes(b"the previous export\n")
    manifest.write_bytes(b"its manifest\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*CLI, "export", "--format", fmt, "--db", str(large_archive), "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size(limit),
        check=False,
    )
    assert result.returncode == 1
    assert only_line(result) == f"Error: cannot write {out}: File too large"
    assert out.read_bytes() == b"the previous export\n"
    assert manifest.read_bytes() == b"its manifest\n"
    assert folder(tmp_path) == [out.name, manifest.name]


def test_a_killed_export_leaves_the_old_file(large_archive, tmp_path):
    out = tmp_path / "a.json"
    manifest = tmp_path / "a.json.manifest.json"
    out.write_bytes(b"the previous export\n")
    manifest.write_bytes(b"its manifest\n")
    before = state(large_archive)
    export = subprocess.Popen(
        [*CLI, "export", "--format", "json", "--db", str(large_archive), "-o", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        written = 0
        while written < 1 << 20 and time.monotonic() < deadline and export.poll() is None:
            written = sum(p.stat().st_size for p in tmp_path.glob("a.json.*.part"))
            time.sleep(0.002)
        assert written >= 1 << 20, "the export was not seen writing"
        export.send_signal(signal.SIGKILL)
        assert export.wait(timeout=30) == -signal.SIGKILL
    finally:
        if export.poll() is None:
            export.kill()
            export.wait()
    assert out.read_bytes() == b"the previous export\n"
    assert manifest.read_bytes() == b"its manifest\n"
    # what the kill left is under a name of its own, never the target's
    [partial] = [name for name in folder(tmp_path) if name not in (out.name, manifest.name)]
    assert partial.startswith("a.json.") and partial.endswith(".part")
    assert state(large_archive) == before == ("ok", before[1])
