"""Issue 13, items 7-10 and 11 (immutable archive): the archive's locks, places and schema,
against real processes.

- a symlinked archive: one lock (the second crawl exits 75), its files beside the real file;
- generic crawls: one lock per host, the same through the CLI and ``scrapy crawl``;
- a read-only bind mount: every read-only command works; changes waiting in a ``-wal``
  there, or migrations it cannot take, are one line;
- an archive of a newer textile-news: not written (exit 2), read with a warning;
- an immutable or read-only archive: a crawl refuses it before its first request.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.conftest import CLI, ROOT, query, untimed
from textile_news.archive import parallel_reads
from textile_news.archive.migrations import migrations
from textile_news.demo.server import Reply, generated_site, serving

# every test here runs crawls or the CLI in subprocesses
pytestmark = pytest.mark.slow

_ARTICLE = re.compile(r"/global/en/\d+\.html")
ENV = {k: v for k, v in os.environ.items() if k != "TEXTILE_NEWS_DB"} | {"PYTHONPATH": str(ROOT)}
# root ignores file and folder permissions: without these capabilities, it does not
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


class GatedSite:
    """A generated site whose article pages wait until the test opens the gate: a crawl
    holds its lock, mid-run, for as long as the test needs (less than DOWNLOAD_TIMEOUT)."""

    def __init__(self, count: int) -> None:
        self.site = generated_site(count)
        self.reached = threading.Event()
        self.gate = threading.Event()
        self.requests = 0

    def get(self, path: str) -> Reply | None:
        self.requests += 1
        if _ARTICLE.fullmatch(path):
            self.reached.set()
            self.gate.wait(20)
        return self.site.get(path)


@contextmanager
def serving_on(site: GatedSite) -> Iterator[str]:
    """``serving`` that opens the gate before it shuts down."""
    with serving(site) as url:
        try:
            yield url
        finally:
            site.gate.set()


@contextmanager
def running(args: list[str], log: Path) -> Iterator[subprocess.Popen[str]]:
    """A crawl in the background, its output in ``log`` (a pipe could fill and stall it)."""
    with log.open("w") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=out, stderr=out, text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)


def cli_crawl(site: str, url: str, db: str | Path) -> list[str]:
    return [*CLI, "crawl", site, "--start-url", url, "--db", str(db)]


def scrapy_crawl(site: str, url: str, db: str | Path) -> list[str]:
    args = [sys.executable, "-m", "scrapy", "crawl", site, "-a", f"start_url={url}"]
    return [*args, "-s", f"TEXTILE_NEWS_DB={db}"]


def refused(site: str, stderr: str) -> bool:
    """The one line of a crawl that found another one of ``site`` running."""
    return bool(
        re.fullmatch(
            rf"Error: {re.escape(site)}: a crawl is already running \(pid \d+, started "
            r"[\d\-T:+]+\); not starting another\n",
            untimed(stderr),
        )
    )


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


# --- item 7: a symlinked archive -----------------------------------------------------------


def test_a_symlinked_archive_has_one_lock_and_its_files_beside_the_real_file(tmp_path):
    real = tmp_path / "real" / "a.sqlite"
    real.parent.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "archive.sqlite"
    link.symlink_to(real)
    # the link's path spelled otherwise, relative to where the crawls run
    spelled = os.path.relpath(elsewhere, ROOT) + "/../elsewhere/archive.sqlite"
    site = GatedSite(40)
    with serving_on(site) as url:
        start = url + "global/en/"
        with running(cli_crawl("sjfzxm_com", start, link), tmp_path / "first.log") as first:
            assert site.reached.wait(60), (tmp_path / "first.log").read_text()
            by_real = run(cli_crawl("sjfzxm_com", start, real))
            by_spelling = run(cli_crawl("sjfzxm_com", start, spelled))
            assert first.poll() is None  # both were refused while it ran
            site.gate.set()
            assert first.wait(120) == 0, (tmp_path / "first.log").read_text()
    for second in (by_real, by_spelling):
        assert second.returncode == 75, second.stderr
        assert refused("sjfzxm_com", second.stderr), second.stderr
        assert second.stdout == ""
    assert ", 40 new," in (tmp_path / "first.log").read_text()
    assert query(real, "SELECT count(*), count(DISTINCT url) FROM articles") == [(40, 40)]
    assert query(real, "SELECT count(*) FROM crawl_runs") == [(1,)]
    # the originals, the lock and the job state beside the real file, nothing by the link
    assert listing(elsewhere) == {"archive.sqlite"}
    warcs = list((real.parent / "a.warc" / "sjfzxm_com").glob("*.warc.gz"))
    assert len(warcs) == 1
    files = query(real, "SELECT DISTINCT warc_file FROM captures")
    assert files == [(warcs[0].relative_to(real.parent).as_posix(),)]
    assert query(real, "SELECT count(*) FROM captures") == [(40,)]
    assert (real.parent / ".locks" / "a.sqlite.sjfzxm_com.lock").is_file()
    assert query(real, "PRAGMA integrity_check") == [("ok",)]


# --- item 8: a lock per generic host ---------------------------------------------------------

RUNNERS = {"cli": cli_crawl, "scrapy": scrapy_crawl}


@pytest.mark.parametrize("first_by", RUNNERS)
@pytest.mark.parametrize("second_by", RUNNERS)
def test_generic_crawls_of_two_hosts_run_at_once(tmp_path, first_by, second_by):
    db_file = tmp_path / "a.sqlite"
    one, other = GatedSite(20), GatedSite(20)
    other.gate.set()
    # another host, the same address: "localhost" is crawled as fast as 127.0.0.1
    with serving_on(one) as url, serving_on(other) as other_url:
        first_args = RUNNERS[first_by]("generic", url + "global/en/", db_file)
        other_url = other_url.replace("127.0.0.1", "localhost")
        with running(first_args, tmp_path / "first.log") as first:
            assert one.reached.wait(60), (tmp_path / "first.log").read_text()
            second = run(RUNNERS[second_by]("generic", other_url + "global/en/", db_file))
            assert first.poll() is None  # the second ran to its end while the first ran
            one.gate.set()
            assert first.wait(120) == 0, (tmp_path / "first.log").read_text()
    assert second.returncode == 0, second.stderr[-3000:]
    assert query(db_file, "SELECT site, count(*) FROM articles GROUP BY site ORDER BY site") == [
        ("generic:127.0.0.1", 20),
        ("generic:localhost", 20),
    ]
    assert query(db_file, "SELECT sites, finish_reason FROM crawl_runs ORDER BY sites") == [
        ("generic:127.0.0.1", "finished"),
        ("generic:localhost", "finished"),
    ]


@pytest.mark.parametrize("first_by", RUNNERS)
@pytest.mark.parametrize("second_by", RUNNERS)
def test_generic_crawls_of_one_host_exclude_each_other(tmp_path, first_by, second_by):
    db_file = tmp_path / "a.sqlite"
    site = GatedSite(20)
    with serving_on(site) as url:
        start = url + "global/en/"
        with running(RUNNERS[first_by]("generic", start, db_file), tmp_path / "first.log") as first:
            assert site.reached.wait(60), (tmp_path / "first.log").read_text()
            second = run(RUNNERS[second_by]("generic", start, db_file))
            assert first.poll() is None
            site.gate.set()
            assert first.wait(120) == 0, (tmp_path / "first.log").read_text()
    runs = query(db_file, "SELECT sites, finish_reason, pages FROM crawl_runs ORDER BY id")
    if second_by == "cli":
        assert second.returncode == 75, second.stderr[-3000:]
        assert refused("generic:127.0.0.1", second.stderr), second.stderr
        assert runs == [("generic:127.0.0.1", "finished", 22)]
    else:  # scrapy's own command exits 0; its run says why it stopped at once
        assert second.returncode == 0, second.stderr[-3000:]
        assert re.search(
            r"\[textile_news\.crawl\.locks\] ERROR: generic:127\.0\.0\.1: "
            r"a crawl is already running "
            r"\(pid \d+, started [^)]+\); not starting another\n",
            second.stderr,
        ), second.stderr[-3000:]
        assert sorted(runs) == [
            ("generic:127.0.0.1", "finished", 22),
            ("generic:127.0.0.1", "locked", 0),
        ]
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(20, 20)]


# --- item 9: a read-only place -----------------------------------------------------------------

COMMANDS = [
    ["search", "cotton"],
    ["show", "1"],
    ["stats"],
    ["export", "--format", "jsonl"],
    ["runs"],
    ["sites"],
    ["terms"],
]


@contextmanager
def read_only_mount(source: Path, target: Path) -> Iterator[Path]:
    """``source`` seen read-only at ``target`` (a bind mount); skips where mounting is not
    possible."""
    target.mkdir(exist_ok=True)
    bound = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount: {bound.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], check=True)
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)


def crawled_archive(folder: Path, articles: int = 30) -> Path:
    """A real crawl's archive, closed: no -wal or -shm left beside it."""
    db_file = folder / "a.sqlite"
    with serving(generated_site(articles)) as url:
        crawl = run(cli_crawl("sjfzxm_com", url + "global/en/", db_file))
    assert crawl.returncode == 0, crawl.stderr
    assert not {"a.sqlite-wal", "a.sqlite-shm"} & set(os.listdir(folder))
    return db_file


@pytest.fixture(scope="module")
def share(tmp_path_factory) -> Iterator[tuple[Path, Path]]:
    """(the archive on a read-only mount, a copy of it in a writable folder)."""
    source = tmp_path_factory.mktemp("share")
    crawled_archive(source)
    copy = tmp_path_factory.mktemp("copy") / "a.sqlite"
    shutil.copy(source / "a.sqlite", copy)
    before = listing(source)
    with read_only_mount(source, tmp_path_factory.mktemp("mount")) as mounted:
        yield mounted / "a.sqlite", copy
    assert listing(source) == before  # no -wal, no -shm: nothing was written
    assert query(source / "a.sqlite", "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_read_only_commands_on_a_read_only_mount(share, args):
    mounted, copy = share
    there = run([*CLI, *args, "--db", str(mounted)])
    here = run([*CLI, *args, "--db", str(copy)])
    assert (there.returncode, there.stderr) == (0, ""), there.stderr
    assert here.returncode == 0, here.stderr
    assert there.stdout == here.stdout  # what the archive holds, not an empty answer
    assert len(there.stdout.splitlines()) >= 2


def test_export_by_reader_processes_on_a_read_only_mount(share):
    mounted, _ = share
    batches = parallel_reads.read_in_order(
        mounted, "SELECT count(*) FROM articles WHERE id > ?", [[0], [10]], readers=2
    )
    assert list(batches) == [[(30,)], [(20,)]]


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_datasette_serves_an_archive_on_a_read_only_mount(share, tmp_path):
    mounted, copy = share
    port = free_port()
    served = f"http://127.0.0.1:{port}/a/articles.json?_shape=array&_col=title&_size=max"
    args = [*CLI, "datasette", "--db", str(mounted), "--port", str(port)]
    with running(args, tmp_path / "datasette.log") as datasette:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(served, timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                assert datasette.poll() is None, (tmp_path / "datasette.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "datasette.log").read_text()
                time.sleep(0.2)
        datasette.terminate()
    titles = sorted(row["title"] for row in json.loads(body))
    assert titles == sorted(t for (t,) in query(copy, "SELECT title FROM articles"))
    assert len(titles) == 30


WOOL = {
    "url": "http://www.sjfzxm.com/global/en/999999.html",
    "site": "sjfzxm_com",
    "title": "Merino wool prices rise at the March auction",
    "published_at": "2024-03-05T10:00:00+08:00",
    "body": "Australian merino wool prices rose at the auction in March.",
    "language": "en",
}


def killed_while_writing(db_file: Path) -> None:
    """A writer that committed one more article and died: the article only in the -wal."""
    code = (
        "import json, os; from textile_news.archive.db import open_db; "
        "from textile_news.archive.write import write_batch; "
        f"db = open_db({str(db_file)!r}); "
        f"write_batch(db, [json.loads({json.dumps(WOOL)!r})], []); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, check=True)
    assert (db_file.parent / "a.sqlite-wal").stat().st_size > 32


@pytest.mark.parametrize("args", [*COMMANDS, ["datasette"]], ids=lambda a: a[0])
def test_changes_waiting_in_the_wal_of_a_read_only_mount_are_one_line(tmp_path, args):
    source = tmp_path / "source"
    source.mkdir()
    db_file = crawled_archive(source, articles=5)
    killed_while_writing(db_file)
    (source / "a.sqlite-shm").unlink()  # copied without it: SQLite cannot read the -wal
    with read_only_mount(source, tmp_path / "mount") as mounted:
        result = run([*CLI, *args, "--db", str(mounted / "a.sqlite")])
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: cannot read archive {mounted / 'a.sqlite'} here: a.sqlite-wal holds changes "
        "not yet in the archive, and its folder is read-only; open it once where it can be "
        "written\n"
    )
    assert result.stdout == ""


def test_changes_in_the_wal_of_a_read_only_mount_are_read_beside_its_shm(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    db_file = crawled_archive(source, articles=5)
    killed_while_writing(db_file)
    with read_only_mount(source, tmp_path / "mount") as mounted:
        result = run([*CLI, "search", "merino", "--db", str(mounted / "a.sqlite")])
    assert (result.returncode, result.stderr) == (0, "")
    assert "Merino wool prices rise at the March auction" in result.stdout


def test_an_older_archive_on_a_read_only_mount_is_one_line(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    last = [m.name for m in migrations.pending(Database(memory=True))][-1]
    with closing(sqlite3.connect(source / "old.sqlite")) as conn:
        migrations.apply(Database(conn), stop_before=last)
    with read_only_mount(source, tmp_path / "mount") as mounted:
        result = run([*CLI, "search", "cotton", "--db", str(mounted / "old.sqlite")])
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: archive {mounted / 'old.sqlite'} needs this version's schema (migration "
        f"{last}) but cannot be written: Read-only file system\n"
    )


def dac_dropped() -> bool:
    """Whether ``setpriv`` takes root's permission override away here: a file without
    write permission is then not writable."""
    if not shutil.which("setpriv"):
        return False
    with tempfile.NamedTemporaryFile() as file:
        os.chmod(file.name, 0o444)
        probe = subprocess.run([*NO_DAC, "test", "-w", file.name], capture_output=True)
    return probe.returncode == 1


@pytest.mark.skipif(not dac_dropped(), reason="setpriv cannot drop root's CAP_DAC_OVERRIDE here")
def test_read_only_commands_in_a_folder_the_user_cannot_write(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    db_file = crawled_archive(folder, articles=5)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db_file, copy)
    before = listing(folder)
    folder.chmod(0o555)
    try:
        result = run([*NO_DAC, *CLI, "search", "cotton", "--db", str(db_file)])
    finally:
        folder.chmod(0o755)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == run([*CLI, "search", "cotton", "--db", str(copy)]).stdout
    assert len(result.stdout.splitlines()) >= 2
    assert listing(folder) == before


# --- item 10: an archive of a newer textile-news -----------------------------------------------

FUTURE = "m099_from_the_future"


def from_the_future(db_file: Path) -> None:
    with closing(sqlite3.connect(db_file)) as conn, conn:
        conn.execute("ALTER TABLE articles ADD COLUMN sentiment REAL")
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('textile_news', ?, '2031-01-01 00:00:00+00:00')",
            [FUTURE],
        )


def archive_bytes(db_file: Path) -> bytes:
    wal = db_file.with_name(db_file.name + "-wal")
    return db_file.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.parametrize(
    "args",
    [["crawl", "sjfzxm_com", "--start-url", "URL"], ["retag"], ["reextract"]],
    ids=lambda a: a[0],
)
def test_an_archive_of_a_newer_version_is_not_written(tmp_path, args):
    db_file = crawled_archive(tmp_path, articles=5)
    from_the_future(db_file)
    before = archive_bytes(db_file)
    site = GatedSite(5)
    site.gate.set()
    with serving_on(site) as url:
        result = run([*CLI, *[url if a == "URL" else a for a in args], "--db", str(db_file)])
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: archive was written by a newer textile-news (migration {FUTURE}); upgrade\n"
    )
    assert site.requests == 0
    assert archive_bytes(db_file) == before


def test_an_archive_of_a_newer_version_is_read_with_a_warning(tmp_path):
    db_file = crawled_archive(tmp_path, articles=5)
    from_the_future(db_file)
    before = archive_bytes(db_file)
    result = run([*CLI, "export", "--format", "jsonl", "--db", str(db_file)])
    assert result.returncode == 0
    assert result.stderr == (
        f"warning: archive was written by a newer textile-news (migration {FUTURE}); "
        "reading only what this version knows\n"
    )
    assert len(result.stdout.splitlines()) == 5
    assert archive_bytes(db_file) == before


# --- item 11: an archive a crawl cannot write --------------------------------------------------


@contextmanager
def immutable(file: Path) -> Iterator[None]:
    made = subprocess.run(["chattr", "+i", str(file)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i does not work here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(file)], check=True)


def crawl_refused(db_file: Path, *prefix: str) -> tuple[subprocess.CompletedProcess[str], int]:
    site = GatedSite(5)
    site.gate.set()
    with serving_on(site) as url:
        result = run([*prefix, *cli_crawl("sjfzxm_com", url + "global/en/", db_file)])
    return result, site.requests


def test_a_crawl_into_an_immutable_archive_is_refused_before_its_first_request(tmp_path):
    db_file = crawled_archive(tmp_path, articles=5)
    before = listing(tmp_path)
    with immutable(db_file):
        result, requests = crawl_refused(db_file)
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: cannot write to archive {db_file}: Operation not permitted "
        "(an immutable file? see lsattr)\n"
    )
    assert requests == 0
    assert listing(tmp_path) == before
    assert query(db_file, "SELECT count(*) FROM articles") == [(5,)]


@pytest.mark.skipif(not dac_dropped(), reason="setpriv cannot drop root's CAP_DAC_OVERRIDE here")
def test_a_crawl_into_an_archive_read_only_by_permission_is_refused(tmp_path):
    db_file = crawled_archive(tmp_path, articles=5)
    db_file.chmod(0o444)
    result, requests = crawl_refused(db_file, *NO_DAC)
    assert result.returncode == 2
    assert result.stderr == f"Error: cannot write to archive {db_file}: Permission denied\n"
    assert requests == 0


# --- plain `scrapy crawl` refuses such archives the same way ------------------------------------
# (after Scrapy's own INFO lines of its start: the error is the last line, no traceback)


def scrapy_refused(db_file: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    site = GatedSite(5)
    site.gate.set()
    with serving_on(site) as url:
        result = run(scrapy_crawl("sjfzxm_com", url + "global/en/", db_file))
    return result, site.requests


def test_scrapy_crawl_into_an_immutable_archive_is_refused_in_one_line(tmp_path):
    db_file = crawled_archive(tmp_path, articles=5)
    before = listing(tmp_path)
    with immutable(db_file):
        result, requests = scrapy_refused(db_file)
    assert (result.returncode, requests) == (2, 0)
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot write to archive {db_file}: Operation not permitted "
        "(an immutable file? see lsattr)"
    )
    assert listing(tmp_path) == before


def test_scrapy_crawl_into_an_archive_of_a_newer_version_is_refused_in_one_line(tmp_path):
    db_file = crawled_archive(tmp_path, articles=5)
    from_the_future(db_file)
    before = archive_bytes(db_file)
    result, requests = scrapy_refused(db_file)
    assert (result.returncode, requests) == (2, 0)
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: archive was written by a newer textile-news (migration {FUTURE}); upgrade"
    )
    assert archive_bytes(db_file) == before
