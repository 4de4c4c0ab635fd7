"""Originals belong to their archive (issue 17, item 7): a folder of WARC files named after
each archive, ``copy-archive`` that takes both along, and a ``reextract`` that names the
originals it cannot find."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import CLI, ROOT, count_rows, query, run, scrapy_args
from textile_news.demo.server import generated_site, serving

pytestmark = pytest.mark.slow

# what the demo crawl stores: every article of the bundled replica, each captured once
ARTICLES = CAPTURES = 36
UNCHANGED = f"reextract: {ARTICLES} pages, 0 updated, {ARTICLES} unchanged, 0 rejected"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder, two archives each made by a real demo crawl: one.sqlite, two.sqlite."""
    here = tmp_path_factory.mktemp("shared")
    for name in ("one", "two"):
        result = run([*CLI, "demo", "--db", str(here / f"{name}.sqlite")])
        assert result.returncode == 0, result.stderr[-2000:]
    return here


def warc_names(db_file: Path) -> list[str]:
    return [name for (name,) in query(db_file, "SELECT DISTINCT warc_file FROM captures")]


def copy_archive(src: Path, dst: Path):
    return run([*CLI, "copy-archive", str(src), str(dst)])


def reextract(db_file: Path):
    return run([*CLI, "reextract", "--db", str(db_file)])


def test_two_archives_in_one_folder_keep_their_originals_apart(folder):
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == [
        ".locks",
        "one.warc",
        "two.warc",
    ]
    for name in ("one", "two"):
        (warc,) = (folder / f"{name}.warc" / "sjfzxm_com").glob("*.warc.gz")
        # relative to the archive's folder, as before issue 17: old rows ("warc/...") too
        assert warc_names(folder / f"{name}.sqlite") == [f"{name}.warc/sjfzxm_com/{warc.name}"]
        assert query(folder / f"{name}.sqlite", "SELECT count(*) FROM captures") == [(CAPTURES,)]


def test_copy_archive_takes_the_originals_and_reextract_reads_them(folder, tmp_path):
    src, dst = folder / "one.sqlite", tmp_path / "elsewhere" / "copy.sqlite"
    (warc,) = (folder / "one.warc" / "sjfzxm_com").glob("*.warc.gz")
    size = warc.stat().st_size
    result = copy_archive(src, dst)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        rf"copy-archive: {ARTICLES} articles, {CAPTURES} captures, 1 WARC file "
        rf"\({size} bytes\), archive \d+ bytes -> {re.escape(str(dst))} "
        rf"\(originals in {re.escape(str(dst.parent / 'copy.warc'))}\)\n",
        result.stdout,
    )
    copied = dst.parent / "copy.warc" / "sjfzxm_com" / warc.name
    assert copied.read_bytes() == warc.read_bytes()
    assert warc_names(dst) == [f"copy.warc/sjfzxm_com/{warc.name}"]
    assert query(dst, "SELECT count(*) FROM articles") == [(ARTICLES,)]
    assert warc_names(src) == [f"one.warc/sjfzxm_com/{warc.name}"]  # the source is untouched

    # the copy needs nothing of the source's any more
    (folder / "one.warc").rename(tmp_path / "away")
    try:
        result = reextract(dst)
    finally:
        (tmp_path / "away").rename(folder / "one.warc")
    assert (result.returncode, result.stdout) == (0, UNCHANGED + "\n"), result.stderr


def test_reextract_names_the_missing_originals_and_where_it_looked(folder, tmp_path):
    # the archive alone, as `sqlite3 one.sqlite .backup` copies it: its originals stay behind
    moved = tmp_path / "moved" / "one.sqlite"
    moved.parent.mkdir()
    source, copy = sqlite3.connect(folder / "one.sqlite"), sqlite3.connect(moved)
    with closing(source), closing(copy):
        source.backup(copy)
    (name,) = warc_names(moved)
    result = reextract(moved)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"reextract: 0 pages, 0 updated, 0 unchanged, 0 rejected, {CAPTURES} unreadable",
        f"missing: 1 WARC file ({CAPTURES} captures), looked for in {moved.parent}:",
        f"  {name} ({CAPTURES} captures)",
    ]
    assert result.stderr == (
        f"Error: {CAPTURES} stored originals could not be read: their WARC files are missing "
        "(an archive copied without them? `textile-news copy-archive` copies both)\n"
    )


def test_copy_archive_never_overwrites(folder, tmp_path):
    dst = tmp_path / "copy.sqlite"
    dst.write_bytes(b"precious")
    result = copy_archive(folder / "one.sqlite", dst)
    assert result.returncode == 2
    assert result.stderr == f"Error: {dst} exists; copy-archive never overwrites an archive\n"
    assert dst.read_bytes() == b"precious"
    assert not (tmp_path / "copy.warc").exists()

    other = tmp_path / "other.sqlite"
    (tmp_path / "other.warc").mkdir()
    result = copy_archive(folder / "one.sqlite", other)
    assert result.returncode == 2
    warcs = tmp_path / "other.warc"
    assert result.stderr == f"Error: {warcs} exists; copy-archive never mixes originals\n"
    assert not other.exists()
    assert sorted(tmp_path.iterdir()) == [dst, warcs]


def test_copy_archive_of_a_missing_archive_is_one_line(tmp_path):
    result = copy_archive(tmp_path / "none.sqlite", tmp_path / "copy.sqlite")
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: no archive at {tmp_path}/none.sqlite\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_old_warc_folder_is_read_and_copied_and_a_record_being_written_is_left_out(
    folder, tmp_path
):
    # an archive of before issue 17: its originals in warc/, its rows naming "warc/..."
    old = tmp_path / "old" / "archive.sqlite"
    assert copy_archive(folder / "one.sqlite", old).returncode == 0
    (old.parent / "archive.warc").rename(old.parent / "warc")
    with closing(sqlite3.connect(old)) as conn, conn:
        conn.execute("UPDATE captures SET warc_file = replace(warc_file, 'archive.warc/', 'warc/')")
    (name,) = warc_names(old)
    assert name.startswith("warc/sjfzxm_com/")
    result = reextract(old)
    assert (result.returncode, result.stdout) == (0, UNCHANGED + "\n"), result.stderr

    # a crawl halfway through its next record: bytes that no capture row indexes yet
    whole = (old.parent / name).read_bytes()
    with (old.parent / name).open("ab") as warc:
        warc.write(b"\x1f\x8b\x08\x00 half a gzip member")
    new = tmp_path / "new" / "fresh.sqlite"
    result = copy_archive(old, new)
    assert result.returncode == 0, result.stderr
    assert f"1 WARC file ({len(whole)} bytes)" in result.stdout
    (copied,) = warc_names(new)
    assert copied == "fresh.warc/" + name.removeprefix("warc/")
    assert (new.parent / copied).read_bytes() == whole
    result = reextract(new)
    assert (result.returncode, result.stdout) == (0, UNCHANGED + "\n"), result.stderr


def test_copy_archive_while_a_crawl_writes_is_consistent(tmp_path):
    """A snapshot taken mid-crawl (WAL): every capture it indexes is copied whole, and the
    crawl goes on writing records the copy neither indexes nor holds."""
    db_file, dst = tmp_path / "live.sqlite", tmp_path / "copy" / "copy.sqlite"
    with serving(generated_site(400)) as url:
        args = [*scrapy_args(url + "global/en/", db_file), "-s", "TEXTILE_NEWS_BATCH_SIZE=5"]
        with subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as crawl:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and count_rows(db_file, "captures") < 50:
                time.sleep(0.05)
            copied = copy_archive(db_file, dst)
            assert crawl.wait(timeout=120) == 0
    assert copied.returncode == 0, copied.stderr
    (name,) = warc_names(dst)
    ((captures, end),) = query(dst, "SELECT count(*), max(warc_offset + warc_length) FROM captures")
    assert 50 <= captures < count_rows(db_file, "captures") == 400
    assert (dst.parent / name).stat().st_size == end
    source = tmp_path / "live.warc" / name.removeprefix("copy.warc/")
    assert (dst.parent / name).read_bytes() == source.read_bytes()[:end]
    result = reextract(dst)
    assert result.returncode == 0, result.stderr
    # articles whose captures the snapshot indexes but whose batch it missed come back new
    assert re.fullmatch(
        rf"reextract: {captures} pages, (\d+ new, )?0 updated, \d+ unchanged, 0 rejected\n",
        result.stdout,
    )
