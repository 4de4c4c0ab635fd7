"""Stored originals: WARC files and the captures index after a real crawl, and reextract."""

from __future__ import annotations

import gzip
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, SITES, scrapy_args, scrapy_crawl
from textile_news.archive.captures import iter_captures, write_captures
from textile_news.archive.db import open_db
from textile_news.cli import cli
from textile_news.crawl.captures import read_response, response_record
from textile_news.crawl.runner import site_names
from textile_news.demo.server import StaticSite, generated_site, serving
from textile_news.pages import sjfzxm_com
from textile_news.tools.reextract import ReextractResult, reextract

SITE = "http://www.sjfzxm.com/global/en/"
GOOD_IDS = (576416, 576380, 576190, 576121, 576118, 576109, 576104)
# Article pages that answered 200 but are no article: no title, a bad date, a PDF.
# 900404 and 900500 answered with errors: no capture.
BAD_IDS = (900001, 900002, 900003)
# Every fetch of an article page that answered 200: the good and bad pages, and 576416 a
# second time through list/2.html's link with ?utm_source=newsletter (another request, the
# same canonical URL).
FETCHED_PATHS = sorted(
    [f"global/en/{i}.html" for i in (*GOOD_IDS, *BAD_IDS)]
    + ["global/en/576416.html?utm_source=newsletter"]
)
REFERENCE_TITLE = (
    "Shanxi Textile Industry Industry Industry Innovation Alliance Preparatory Meeting "
    "Held In Taiyuan"
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The test site crawled once into a fresh archive by a server of its own, which is
    stopped afterwards: (archive path, base URL the crawl fetched from, crawl result)."""
    db_file = tmp_path_factory.mktemp("captures") / "archive.sqlite"
    with serving(StaticSite(SITES / "sjfzxm_com")) as url:
        result = scrapy_crawl(url + "global/en/", db_file)
    assert result.returncode == 0, result.stderr[-2000:]
    return db_file, url, result


@pytest.fixture
def archive_copy(crawled, tmp_path):
    """A copy of the crawled archive and its WARC files, in another folder."""
    db_file, _, _ = crawled
    copy = tmp_path / "copy" / "archive.sqlite"
    copy.parent.mkdir()
    with closing(sqlite3.connect(db_file)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    shutil.copytree(db_file.parent / "archive.warc", copy.parent / "archive.warc")
    return copy


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access: {args[1:]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def query(db_file, sql, params=()):
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute(sql, params).fetchall()


def warc_files(db_file: Path) -> list[Path]:
    return sorted((db_file.parent / f"{db_file.stem}.warc").rglob("*.warc.gz"))


def records(path: Path) -> list[dict]:
    """Every record of a WARC file, digests checked, with its offset and length."""
    found = []
    with path.open("rb") as file:
        it = ArchiveIterator(file, check_digests="raise")
        for record in it:
            body = record.content_stream().read()
            found.append(
                {
                    "type": record.rec_type,
                    "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "date": record.rec_headers.get_header("WARC-Date"),
                    "status": record.http_headers.get_statuscode() if record.http_headers else None,
                    "content_type": record.http_headers.get_header("Content-Type")
                    if record.http_headers
                    else None,
                    "body": body,
                    "digests_passed": record.digest_checker.passed,
                    "offset": it.get_record_offset(),
                    "length": it.get_record_length(),
                }
            )
    return found


@pytest.mark.slow
def test_one_gzipped_warc_file_per_crawl_of_a_site(crawled):
    db_file, _, _ = crawled
    files = warc_files(db_file)
    assert [f.parent.name for f in files] == ["sjfzxm_com"]
    assert re.fullmatch(r"\d{8}T\d{6}Z-\d+\.warc\.gz", files[0].name)
    assert files[0].read_bytes()[:2] == b"\x1f\x8b"


@pytest.mark.slow
def test_warc_holds_a_response_record_per_article_fetch(crawled):
    db_file, url, result = crawled
    found = records(warc_files(db_file)[0])
    assert [r["type"] for r in found] == ["warcinfo"] + ["response"] * 11
    responses = found[1:]
    assert sorted(r["uri"] for r in responses) == [url + p for p in FETCHED_PATHS]
    assert {r["status"] for r in responses} == {"200"}
    assert all(r["digests_passed"] for r in responses)
    assert "'textile_news/captures/records': 11" in result.stderr


@pytest.mark.slow
def test_records_keep_the_body_as_served(crawled):
    db_file, url, _ = crawled
    by_uri = {r["uri"]: r for r in records(warc_files(db_file)[0])}
    page = SITES / "sjfzxm_com" / "global" / "en"
    reference = by_uri[url + "global/en/576416.html"]
    assert reference["body"] == (page / "576416.html").read_bytes()
    assert reference["content_type"].startswith("text/html")
    pdf = by_uri[url + "global/en/900003.html"]
    assert pdf["body"] == (page / "900003.html").read_bytes()
    assert pdf["content_type"] == "application/pdf"


@pytest.mark.slow
def test_captures_index_every_record(crawled):
    db_file, url, _ = crawled
    (warc,) = warc_files(db_file)
    rows = query(
        db_file,
        "SELECT url, fetched_url, site, status, warc_file, warc_offset, warc_length, "
        "body_bytes, fetched_at FROM captures ORDER BY id",
    )
    assert sorted(r[1] for r in rows) == [url + p for p in FETCHED_PATHS]
    assert {r[0] for r in rows} == {SITE + f"{i}.html" for i in (*GOOD_IDS, *BAD_IDS)}
    assert {(r[2], r[3], r[4]) for r in rows} == {
        ("sjfzxm_com", 200, f"archive.warc/sjfzxm_com/{warc.name}")
    }
    by_offset = {r["offset"]: r for r in records(warc)}
    for _, fetched_url, _, _, warc_file, offset, length, body_bytes, fetched_at in rows:
        record = by_offset[offset]
        assert (record["uri"], record["length"]) == (fetched_url, length)
        assert record["date"] == fetched_at.replace("+00:00", "Z")
        response = read_response(db_file.parent / warc_file, offset, length)
        assert (response.url, response.status, len(response.body)) == (
            fetched_url,
            200,
            body_bytes,
        )
    # the records follow one another: warcinfo, then each indexed record
    assert sum(r[6] for r in rows) + by_offset[0]["length"] == warc.stat().st_size


@pytest.mark.slow
def test_capture_can_be_disabled(sjfzxm_site, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = scrapy_crawl(sjfzxm_site + "global/en/", db_file, "-s", "TEXTILE_NEWS_CAPTURE=False")
    assert result.returncode == 0, result.stderr[-2000:]
    assert query(db_file, "SELECT count(*) FROM articles") == [(7,)]
    assert query(db_file, "SELECT count(*) FROM captures") == [(0,)]
    assert not (tmp_path / "archive.warc").exists()


@pytest.mark.slow
def test_reextract_with_an_unchanged_extractor_changes_nothing(archive_copy, no_network):
    before = query(archive_copy, "SELECT * FROM articles ORDER BY id")
    result = CliRunner().invoke(cli, ["reextract", "--db", str(archive_copy)])
    assert (result.exit_code, result.output) == (
        0,
        "reextract: 10 pages, 0 updated, 7 unchanged, 3 rejected\n",
    )
    after = query(archive_copy, "SELECT * FROM articles ORDER BY id")
    # only last_seen_at may move (to the capture's time, within the second of the crawl)
    columns = [c[1] for c in query(archive_copy, "PRAGMA table_info(articles)")]
    seen = columns.index("last_seen_at")
    assert [r[:seen] + r[seen + 1 :] for r in after] == [r[:seen] + r[seen + 1 :] for r in before]
    assert query(archive_copy, "SELECT count(*) FROM article_revisions") == [(0,)]


@pytest.mark.slow
def test_reextract_applies_a_changed_page_object(archive_copy, monkeypatch, no_network):
    title = sjfzxm_com.ArticlePage.title
    monkeypatch.setattr(
        sjfzxm_com.ArticlePage, "title", lambda self: t.upper() if (t := title(self)) else t
    )
    rejects_before = query(archive_copy, "SELECT count(*) FROM rejects")[0][0]
    with closing(open_db(archive_copy, create=False)) as db:
        result = reextract(db, archive_copy.parent, ["sjfzxm_com"], batch_size=4)
    assert result == ReextractResult(pages=10, new=0, updated=7, unchanged=0, rejected=3)
    titles = dict(query(archive_copy, "SELECT url, title FROM articles"))
    assert len(titles) == 7
    assert titles[SITE + "576416.html"] == REFERENCE_TITLE.upper()
    assert all(t == t.upper() for t in titles.values())
    # each article's fetched_at is its latest capture's
    assert query(
        archive_copy,
        "SELECT count(*) FROM articles a WHERE fetched_at = "
        "(SELECT fetched_at FROM captures WHERE url = a.url ORDER BY id DESC LIMIT 1)",
    ) == [(7,)]
    new_rejects = query(
        archive_copy, "SELECT url, stage, reason FROM rejects WHERE id > ?", [rejects_before]
    )
    assert sorted(new_rejects) == [
        (SITE + "900001.html", "validate", "no title"),
        (SITE + "900002.html", "validate", "unparseable publication date '2020/13/45 25:99:00'"),
        (SITE + "900003.html", "extract", "not an HTML page (application/pdf)"),
    ]


@pytest.mark.slow
def test_reextract_of_one_site_and_unknown_site(archive_copy, no_network):
    runner = CliRunner()
    ok = runner.invoke(cli, ["reextract", "sjfzxm_com", "--db", str(archive_copy)])
    assert (ok.exit_code, ok.output) == (
        0,
        "reextract: 10 pages, 0 updated, 7 unchanged, 3 rejected\n",
    )
    unknown = runner.invoke(cli, ["reextract", "nope_com", "--db", str(archive_copy)])
    assert unknown.exit_code == 2
    assert unknown.output.splitlines()[-1] == (
        "Error: unknown site 'nope_com'; known sites: " + ", ".join(site_names())
    )


def test_reextract_without_an_archive_is_a_one_line_error(tmp_path):
    missing = tmp_path / "none.sqlite"
    result = CliRunner().invoke(cli, ["reextract", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no archive at {missing}: run `textile-news crawl` or `demo` first\n"
    )
    assert not missing.exists()


@pytest.mark.slow
def test_reextract_reports_lost_originals(archive_copy, no_network):
    (warc,) = warc_files(archive_copy)
    warc.unlink()
    result = CliRunner().invoke(cli, ["reextract", "--db", str(archive_copy)])
    assert result.exit_code == 1
    # which files, and where they were looked for (issue 17, item 7)
    assert result.output.splitlines() == [
        "reextract: 0 pages, 0 updated, 0 unchanged, 0 rejected, 10 unreadable",
        f"missing: 1 WARC file (10 captures), looked for in {archive_copy.parent}:",
        f"  archive.warc/sjfzxm_com/{warc.name} (10 captures)",
        "Error: 10 stored originals could not be read: their WARC files are missing "
        "(an archive copied without them? `textile-news copy-archive` copies both)",
    ]


@pytest.mark.slow
def test_reextract_reports_damaged_originals(archive_copy, no_network):
    (warc,) = warc_files(archive_copy)
    warc.write_bytes(b"not a WARC file")
    result = CliRunner().invoke(cli, ["reextract", "--db", str(archive_copy)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "reextract: 0 pages, 0 updated, 0 unchanged, 0 rejected, 10 unreadable"
    assert lines[1].startswith(
        "Error: 10 stored originals could not be read (0 in missing files), e.g. no response "
        f"record at {warc}:"
    )
    assert len(lines) == 2


def test_write_and_iter_captures_keep_the_latest_per_url(db):
    def row(url, fetched_at, offset, **extra):
        return {
            "url": url,
            "fetched_url": url + "?x",
            "site": "s",
            "fetched_at": fetched_at,
            "status": 200,
            "warc_file": "warc/s/a.warc.gz",
            "warc_offset": offset,
            "warc_length": 10,
            "body_bytes": 20,
            **extra,
        }

    assert write_captures(db, []) == 0
    written = write_captures(
        db, [row("http://a/1", "t1", 0), row("http://a/2", "t1", 10, site="t")], run_id=5
    )
    assert written == 2
    write_captures(db, [row("http://a/1", "t2", 20, run_id=6)])
    latest = list(iter_captures(db, page_size=1))
    assert [
        (c["id"], c["url"], c["fetched_at"], c["warc_offset"], c["run_id"]) for c in latest
    ] == [
        (2, "http://a/2", "t1", 10, 5),
        (3, "http://a/1", "t2", 20, 6),
    ]
    assert [c["id"] for c in iter_captures(db, ["s"])] == [3]
    assert list(iter_captures(db, [])) == []


def test_response_record_round_trip(tmp_path):
    body = "<html><body>布料</body></html>".encode()
    record = response_record(
        "http://example.com/a.html",
        200,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
        ],
        body,
        warc_date="2026-01-02T03:04:05Z",
        protocol="HTTP/1.0",
        ip_address="127.0.0.1",
    )
    path = tmp_path / "one.warc.gz"
    path.write_bytes(b"\0" * 7 + record)
    response = read_response(path, 7, len(record))
    assert (response.url, response.status, response.body) == (
        "http://example.com/a.html",
        200,
        body,
    )
    assert response.text == "<html><body>布料</body></html>"
    assert response.headers.getlist("Set-Cookie") == [b"a=1", b"b=2"]
    with path.open("rb") as file:
        file.seek(7)
        (only,) = list(ArchiveIterator(file))
        assert only.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        assert only.http_headers.statusline == "200 OK"


def test_a_compressed_body_is_kept_compressed_and_read_back_decoded(tmp_path):
    html = b"<html><head><title>t</title></head><body><p>wool</p></body></html>"
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    compressed = gzip.compress(html)
    record = response_record(
        "http://example.com/b.html", 200, headers, compressed, warc_date="2026-01-02T03:04:05Z"
    )
    path = tmp_path / "b.warc.gz"
    path.write_bytes(record)
    with path.open("rb") as file:
        stored = [
            (r.http_headers.get_header("Content-Encoding"), r.raw_stream.read())
            for r in ArchiveIterator(file)
        ]
    assert stored == [("gzip", compressed)]
    response = read_response(path, 0)
    assert (response.body, response.headers.get("Content-Encoding")) == (html, None)
    assert type(response).__name__ == "HtmlResponse"


@pytest.mark.slow
def test_a_killed_crawl_leaves_whole_records_and_an_index_of_written_ones(tmp_path):
    """SIGKILL during a crawl: the WARC file reads to its end, and every captures row
    points at a whole record."""
    db_file = tmp_path / "killed.sqlite"
    with serving(generated_site(400)) as url:
        args = [*scrapy_args(url + "global/en/", db_file), "-s", "TEXTILE_NEWS_BATCH_SIZE=5"]
        with subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as proc:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and indexed(db_file) < 50:
                time.sleep(0.05)
            writers = children(proc.pid)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            # the archive writer writes what it was sent, then exits
            wait_gone(writers)
    (warc,) = warc_files(db_file)
    found = records(warc)
    assert found[0]["type"] == "warcinfo"
    assert {r["type"] for r in found[1:]} == {"response"}
    rows = query(db_file, "SELECT warc_offset, warc_length, fetched_url FROM captures")
    assert 50 <= len(rows) <= len(found) - 1 < 400
    by_offset = {r["offset"]: (r["length"], r["uri"]) for r in found}
    assert all(by_offset[offset] == (length, u) for offset, length, u in rows)


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def running(pid: int) -> bool:
    """Alive and not a zombie (whose parent, here init, has not reaped it yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_gone(pids: list[int], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while any(running(pid) for pid in pids):
        assert time.monotonic() < deadline, f"processes {pids} still running"
        time.sleep(0.05)


def indexed(db_file) -> int:
    try:
        return query(db_file, "SELECT count(*) FROM captures")[0][0]
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0
