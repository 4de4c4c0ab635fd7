"""Hostile input (issue 13, items 1, 11 and 12): exports that never destroy a file, and
faults that end in one clear line and a non-zero exit, never a traceback.

Each scenario runs the real command (``python -m textile_news ...`` in a subprocess, with a
timeout) and states its exact outcome: the exit code, the one line on stderr, and where an
archive is involved, that it is unchanged and passes ``pragma integrity_check``.
"""

from __future__ import annotations

import hashlib
import os
import re
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
from tests.conftest import CLI, ROOT, run, untimed


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


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_export_over_its_own_archive_is_refused(archive, fmt):
    before = state(archive)
    result = textile_news("export", "--format", fmt, "--db", str(archive), "-o", str(archive))
    assert result.returncode == 2
    assert only_line(result) == f"Error: refusing to write {archive}: it is the archive {archive}"
    assert state(archive) == before == ("ok", before[1])
    assert folder(archive.parent) == ["archive.sqlite"]


@pytest.mark.slow
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


@pytest.mark.slow
def test_an_export_whose_manifest_would_replace_the_archive_is_refused(tmp_path):
    archive = build(tmp_path / "out.csv.manifest.json")  # an archive by an unlucky name
    before = state(archive)
    out = tmp_path / "out.csv"
    result = textile_news("export", "--format", "csv", "--db", str(archive), "-o", str(out))
    assert result.returncode == 2
    assert only_line(result) == f"Error: refusing to write {archive}: it is the archive {archive}"
    assert state(archive) == before
    assert not out.exists()


@pytest.mark.slow
def test_stats_plot_over_the_archive_is_refused(archive):
    pytest.importorskip("matplotlib")
    chart = archive.parent / "chart.png"
    chart.symlink_to(archive)
    before = state(archive)
    result = textile_news("stats", "--db", str(archive), "--plot", str(chart))
    assert result.returncode == 2
    assert only_line(result) == f"Error: refusing to write {chart}: it is the archive {archive}"
    assert state(archive) == before


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- item 11: one line, not a traceback -----------------------------------------


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one ``Error:`` line of a command that failed (a usage error adds click's usage
    lines before it), without a traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr[-3000:]
    assert result.stderr.rstrip("\n").endswith(errors[0])
    return errors[0]


@pytest.mark.slow
def test_a_query_of_600_words_is_searched(archive):
    """The query's words are one flat AND: no recursion per word, none in FTS5's parser."""
    words = " ".join(["cotton", "yarn"] * 300)
    # newest first: bm25 scores a word more for each time the query repeats it
    options = ("--db", str(archive), "--format", "json", "--sort", "newest")
    long = textile_news("search", words, *options)
    short = textile_news("search", "cotton yarn", *options)
    assert (long.returncode, long.stderr) == (0, "")
    assert long.stdout == short.stdout
    assert '"Cotton yarn exports to China rise"' in long.stdout
    exported = textile_news("export", "--format", "jsonl", "--db", str(archive), "--query", words)
    assert (exported.returncode, exported.stderr) == (0, "")
    assert len(exported.stdout.splitlines()) == 1


def test_search_by_python_takes_long_queries(archive):
    from textile_news.analysis import search
    from textile_news.archive.db import open_readonly

    with closing(open_readonly(archive)) as db:
        newest = {"sort": "newest"}
        expected = search.search(db, "cotton OR silk", **newest)
        assert expected
        assert search.search(db, " OR ".join(["cotton", "silk"] * 5000), **newest) == expected
        assert search.search(db, "cotton " + "NOT xyzzy " * 5000, **newest) == search.search(
            db, "cotton", **newest
        )


@pytest.mark.slow
@pytest.mark.parametrize(
    "query", ["(" * 11 + "cotton" + ")" * 11, "title:" * 11 + "cotton", "(title:" * 6 + "x"]
)
def test_a_query_nested_too_deep_is_refused(archive, query):
    result = textile_news("search", query, "--db", str(archive))
    assert result.returncode == 2
    assert error_line(result) == (
        f"Error: invalid search query {query!r}: it nests ( ) and column: more than 10 deep"
    )


@pytest.mark.slow
def test_nesting_within_the_limit_is_searched(archive):
    query = "(" * 10 + "cotton" + ")" * 10
    result = textile_news("search", query, "--db", str(archive), "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        result.stdout
        == textile_news("search", "cotton", "--db", str(archive), "--format", "json").stdout
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "name", "limits"),
    [
        (["search", "cotton", "--limit"], "--limit", "1<=x<=1000000"),
        (["runs", "--limit"], "--limit", "1<=x<=1000000"),
        (["stats", "--width"], "--width", "40<=x<=1000"),
    ],
)
def test_a_number_too_large_is_refused(archive, args, name, limits):
    huge = "100000000000000000000"
    result = textile_news(*args, huge, "--db", str(archive))
    assert result.returncode == 2
    assert error_line(result) == (
        f"Error: Invalid value for '{name}': {huge} is not in the range {limits}."
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("CONCURRENT_REQUESTS=abc", "CONCURRENT_REQUESTS takes a whole number such as 16"),
        ("CONCURRENT_REQUESTS=1.5", "CONCURRENT_REQUESTS takes a whole number such as 16"),
        ("DOWNLOAD_TIMEOUT=soon", "DOWNLOAD_TIMEOUT takes a number such as 30"),
        ("ROBOTSTXT_OBEY=maybe", "ROBOTSTXT_OBEY takes True or False (or 1 or 0)"),
        ("DOWNLOADER_MIDDLEWARES=[1]", "DOWNLOADER_MIDDLEWARES takes a JSON object"),
        ("TEXTILE_NEWS_FLUSH_SECONDS=x", "TEXTILE_NEWS_FLUSH_SECONDS takes a number such as 2.0"),
        (
            "TEXTILE_NEWS_ZERO_NEW_RUNS=5",
            "TEXTILE_NEWS_ZERO_NEW_RUNS is no longer read; the 'no new article' check now counts"
            " the site's usual gap: TEXTILE_NEWS_SILENCE_FACTOR (3) and a site's publishes_every",
        ),
    ],
)
def test_a_setting_of_the_wrong_type_is_refused_before_the_crawl(tmp_path, setting, message):
    db_file = tmp_path / "archive.sqlite"
    result = textile_news(
        *("crawl", "sjfzxm_com", "--start-url", "http://127.0.0.1:9/", "--db", str(db_file)),
        *("-s", setting),
    )
    assert result.returncode == 2
    assert error_line(result) == f"Error: -s {setting}: {message}"
    assert not db_file.exists()  # refused before anything began


def test_settings_of_the_right_type_are_taken(tmp_path):
    from textile_news.crawl import setting_values
    from textile_news.crawl.runner import project_settings

    setting_values.check(
        {
            "CONCURRENT_REQUESTS": "4",
            "DOWNLOAD_DELAY": "0.5",  # a whole number by default, read as a float
            "ROBOTSTXT_OBEY": "false",
            "RETRY_HTTP_CODES": "500,503",
            "DOWNLOADER_MIDDLEWARES": '{"a.B": 1}',
            "LOG_LEVEL": "DEBUG",
            "SOMETHING_OF_MINE": "anything",
        },
        project_settings(),
    )


@pytest.fixture
def damaged_archive(large_archive, tmp_path) -> Path:
    """A copy of the large archive with a page of its articles table overwritten, in the
    middle: an export stops halfway through."""
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(large_archive.read_bytes())  # checkpointed: no -wal to copy
    with closing(sqlite3.connect(damaged)) as conn:
        try:
            leaves = [
                page
                for (page,) in conn.execute(
                    "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' "
                    "ORDER BY pageno"
                )
            ]
        except sqlite3.OperationalError:  # an SQLite without dbstat: the table's root page
            leaves = [
                conn.execute(
                    "SELECT rootpage FROM sqlite_master WHERE name = 'articles'"
                ).fetchone()[0]
            ]
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    with damaged.open("r+b") as f:
        f.seek((leaves[len(leaves) // 2] - 1) * page_size)
        f.write(b"\xff" * page_size)
    return damaged


def damaged(db_file: Path) -> str:
    return (
        f"Error: the archive {db_file} is damaged (database disk image is malformed): check it "
        f"with `sqlite3 {db_file} 'PRAGMA integrity_check'`, save what can be read with "
        f"`sqlite3 {db_file} .recover | sqlite3 recovered.sqlite`"
    )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_export_of_a_damaged_archive_fails_in_one_line(damaged_archive, fmt):
    before = damaged_archive.read_bytes()
    out = damaged_archive.parent / f"a.{fmt}"
    out.write_bytes(b"the previous export\n")
    result = textile_news("export", "--format", fmt, "--db", str(damaged_archive), "-o", str(out))
    assert result.returncode == 1
    assert only_line(result) == damaged(damaged_archive)
    assert out.read_bytes() == b"the previous export\n"
    assert folder(damaged_archive.parent) == [out.name, damaged_archive.name]
    assert damaged_archive.read_bytes() == before  # read, never written


@pytest.mark.slow
def test_an_export_to_stdout_of_a_damaged_archive_ends_in_one_line(damaged_archive):
    result = textile_news("export", "--format", "jsonl", "--db", str(damaged_archive))
    assert result.returncode == 1
    assert 0 < len(result.stdout.splitlines()) < 4000  # what came before the damaged page
    assert result.stderr == damaged(damaged_archive) + "\n"


@pytest.mark.slow
def test_retag_of_a_damaged_archive_fails_in_one_line(damaged_archive):
    result = textile_news("retag", "--db", str(damaged_archive))
    assert result.returncode == 1
    assert only_line(result) == damaged(damaged_archive)


@pytest.fixture
def closed_port():
    """A port of 127.0.0.1 that refuses connections: bound, so no one else takes it, and
    not listening."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.mark.slow
def test_a_crawl_of_a_closed_port_logs_one_line_per_failed_request(tmp_path, closed_port):
    """Three requests fail (robots.txt and the two start pages): three lines, and one more
    that says the crawl goes on without robots.txt; no traceback (there were 71 lines)."""
    url = f"http://127.0.0.1:{closed_port}/"
    db_file = tmp_path / "archive.sqlite"
    result = textile_news("crawl", "sjfzxm_com", "--start-url", url, "--db", str(db_file))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    *logged, last = result.stderr.splitlines()
    assert untimed(last) == "Error: crawl failed: sjfzxm_com: no page could be fetched"
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} \[", line) for line in logged)
    refused = "Connection was refused by other side: 111: Connection refused."
    retry = "[scrapy.downloadermiddlewares.retry] ERROR: Gave up retrying"
    # robots.txt: one line, the robots middleware's (issue 17, item 3)
    assert sorted(line[25:] for line in logged) == sorted(
        [
            "[scrapy.downloadermiddlewares.robotstxt] ERROR: Cannot fetch robots.txt for "
            f"<GET {url}global/en/> ({refused}): crawling as if it allowed everything",
            f"{retry} <GET {url}global/en/> (failed 3 times): {refused}",
            f"{retry} <GET {url}news/> (failed 3 times): {refused}",
        ]
    )


@pytest.mark.slow
def test_a_crawl_with_v_keeps_the_tracebacks(tmp_path, closed_port):
    url = f"http://127.0.0.1:{closed_port}/"
    db_file = tmp_path / "archive.sqlite"
    result = textile_news("crawl", "sjfzxm_com", "--start-url", url, "--db", str(db_file), "-v")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert untimed(result.stderr).splitlines()[-1] == (
        "Error: crawl failed: sjfzxm_com: no page could be fetched"
    )


@pytest.mark.slow
def test_a_crawl_of_the_hostile_site_logs_one_line_per_failed_request(tmp_path):
    """At the default level, each of the six URLs that fail on the network or the server
    after their retries is one line; the warnings are one line each; no traceback."""
    from tests.hostile import hostile_site

    db_file = tmp_path / "archive.sqlite"
    with hostile_site() as site:
        result = textile_news(
            *("crawl", "sjfzxm_com", "--start-url", site.url + "global/en/", "--db", str(db_file)),
            *("-s", "DOWNLOAD_TIMEOUT=1", "-s", "DOWNLOAD_MAXSIZE=262144"),
            *("-s", "REDIRECT_MAX_TIMES=5"),
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(
        re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} \[[\w.]+\] (WARNING|ERROR): ", line)
        for line in lines
    )
    gave_up = sorted(re.findall(r"Gave up retrying <GET [^>]+/(\d+)\.html>", result.stderr))
    assert gave_up == ["910001", "910002", "910003", "910004", "910005", "910008"]
    assert len(lines) <= 12


# --- a NUL in a query (Python and Datasette) ------------------------------------


def test_a_nul_in_a_query_parts_words_as_in_the_index(archive):
    from tests.archive_helpers import iter_articles
    from textile_news.analysis import search
    from textile_news.archive.db import open_readonly
    from textile_news.archive.errors import QueryError
    from textile_news.archive.filters import ArticleFilter
    from textile_news.datasette.meta import textile_match

    with closing(open_readonly(archive)) as db:
        found = search.search(db, "cotton\0yarn")
        assert [r["title"] for r in found] == ["Cotton yarn exports to China rise"]
        assert found == search.search(db, '"cotton yarn"')
        assert search.search(db, "cotton\0") == search.search(db, "cotton")
        with pytest.raises(QueryError, match="it has no word to search for"):
            search.search(db, "\0")
        rows = list(iter_articles(db, ArticleFilter(query="yarn\0exports")))
        assert [r["title"] for r in rows] == ["Cotton yarn exports to China rise"]
    assert textile_match("cotton\0yarn") == '"cotton yarn"'


def datasette_get(archive: Path, *urls: str) -> list:
    import asyncio

    from datasette.app import Datasette

    from textile_news.archive.db import open_readonly
    from textile_news.archive.read import table_columns
    from textile_news.datasette import meta as datasette_plugin

    with closing(open_readonly(archive)) as db:
        metadata = datasette_plugin.metadata(archive.stem, table_columns(db))

    async def fetch() -> list:
        ds = Datasette([str(archive)], metadata=metadata)
        await ds.invoke_startup()
        return [await ds.client.get(url) for url in urls]

    return asyncio.run(fetch())


@pytest.mark.slow
def test_a_nul_in_datasettes_q_searches(archive, capfd):
    pytest.importorskip("datasette")
    [response] = datasette_get(
        archive, "/archive/search.json?q=cotton%00yarn&site=&since=&until=&_shape=objects"
    )
    assert response.status_code == 200, response.text
    assert [r["title"] for r in response.json()["rows"]] == ["Cotton yarn exports to China rise"]
    assert "ERROR" not in capfd.readouterr().err


# --- item 12: Datasette's index without the index's tables ---------------------


INTERNAL = {
    "_sqlite_migrations",
    "taxonomy_meta",
    "articles_search",
    "articles_search_data",
    "articles_search_idx",
    "articles_search_config",
    "site_lines",  # issue 15, item 5: hashes and counts that site_furniture is learnt from
    "furniture_sites",
}


@pytest.mark.slow
def test_datasettes_pages_log_no_error_and_hide_the_internal_tables(archive, capfd):
    pytest.importorskip("datasette")
    index, database, html = datasette_get(archive, "/.json", "/archive.json", "/archive")
    assert "ERROR" not in capfd.readouterr().err
    assert index.status_code == database.status_code == html.status_code == 200
    shown = index.json()["archive"]
    assert shown["show_table_row_counts"]  # a failed count made the index page drop them all
    truncated = {t["name"]: t["count"] for t in shown["tables_and_views_truncated"]}
    assert truncated["articles"] == 8
    assert not INTERNAL & set(truncated)
    tables = {t["name"]: t for t in database.json()["tables"]}
    visible = {name for name, t in tables.items() if not t["hidden"]}
    assert visible == {
        "articles",
        "related_links",
        "article_revisions",
        "crawl_runs",
        "rejects",
        "captures",
        "article_terms",
        "terms",
        "watches",  # issue 16, item 7: the analyst's saved searches are theirs to see
        "site_furniture",  # issue 15, item 5: the lines left out of a site's bodies
    }
    assert {name for name, t in tables.items() if t["hidden"]} <= INTERNAL
    assert tables["articles"]["count"] == 8
    for name in INTERNAL:
        assert f'href="/archive/{name}"' not in html.text.split("hidden tables")[0]
