"""The textile-news command: output and exit codes of every command."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from contextlib import closing
from dataclasses import asdict

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, ROOT, query, run, untimed
from textile_news.archive.db import open_db
from textile_news.archive.read import ARTICLE_COLUMNS
from textile_news.archive.write import write_batch
from textile_news.cli import cli
from textile_news.crawl.runner import site_names
from textile_news.items import Article

REFERENCE_URL = "http://www.sjfzxm.com/global/en/576416.html"
# The demo's replica: 31 English articles and 5 Chinese ones (textile_news/demo/).
DEMO_ARTICLES = 36
CHINESE_URLS = {
    "http://www.sjfzxm.com/news/hangye/20110108/207610.html",
    "http://www.sjfzxm.com/news/difang/20110107/207562.html",
    "http://www.sjfzxm.com/news/difang/20110106/207507.html",
    "http://www.sjfzxm.com/news/hangye/20110105/207466.html",
    "http://www.sjfzxm.com/news/shichang/20110104/207388.html",
}


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    db_file = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    return db_file, run([*CLI, "demo", "--db", str(db_file)])


@pytest.fixture
def demo_db(demo_run):
    db_file, result = demo_run
    assert result.returncode == 0, result.stderr
    return str(db_file)


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["crawl", "demo", "serve-demo", "search", "export"])
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage: cli " + command in result.output or f"Usage: textile-news {command}" in (
        result.output
    )


@pytest.mark.slow
def test_demo_prints_summary_and_next_steps(demo_run):
    db_file, result = demo_run
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r"Serving the replica of sjfzxm\.com \(English and Chinese editions\) at "
        r"http://127\.0\.0\.1:\d+/",
        lines[0],
    )
    assert re.fullmatch(
        r"sjfzxm_com: 44 pages, 36 new, 0 updated, 0 unchanged, 0 rejected, 0 errors in [\d.]+ s",
        lines[1],
    )
    assert lines[2] == f"archive: {db_file} ({DEMO_ARTICLES} articles)"
    assert lines[4] == "Try next:"
    assert lines[5] == f"  python -m textile_news search cotton --db {db_file}"
    assert len(lines) == 8


@pytest.mark.slow
def test_demo_again_is_incremental(demo_db):
    """robots.txt, the English home page and listing 1, and the Chinese listing's first page
    hold only archived articles: nothing more."""
    result = run([*CLI, "demo", "--db", demo_db])
    assert result.returncode == 0, result.stderr
    assert ": 4 pages, 0 new, 0 updated, 0 unchanged, 0 rejected, 0 errors" in result.stdout
    assert f"archive: {demo_db} ({DEMO_ARTICLES} articles)" in result.stdout


@pytest.mark.slow
def test_demo_archives_both_editions(demo_db):
    rows = query(demo_db, "SELECT url, language, site FROM articles WHERE url LIKE '%/news/%'")
    assert {url for url, _, _ in rows} == CHINESE_URLS
    assert {(language, site) for _, language, site in rows} == {("zh", "sjfzxm_com")}
    assert query(demo_db, "SELECT language, count(*) FROM articles GROUP BY 1") == [
        ("en", DEMO_ARTICLES - len(CHINESE_URLS)),
        ("zh", len(CHINESE_URLS)),
    ]


@pytest.mark.slow
def test_demo_chinese_article_row(demo_db):
    columns = "title, published_at, source, author, category, language, tags"
    url = "http://www.sjfzxm.com/news/difang/20110106/207507.html"
    assert query(demo_db, f"SELECT {columns} FROM articles WHERE url = ?", [url]) == [
        (
            "绍兴纺织企业加快转型升级步伐",
            "2011-01-06T09:12:33+08:00",
            "中国纺织报",
            "王丽",
            "地方资讯",
            "zh",
            '["绍兴", "纺织企业", "转型升级"]',
        )
    ]


@pytest.mark.slow
def test_search_finds_a_chinese_word(demo_db):
    """纺织 where it stands alone ("化纤、纺织、印染") and inside words ("纺织服装出口企业")."""
    rows = json.loads(invoke("search", "纺织", "--db", demo_db, "--format", "json").output)
    assert [r["url"] for r in rows] == [
        "http://www.sjfzxm.com/news/difang/20110106/207507.html",
        "http://www.sjfzxm.com/news/hangye/20110105/207466.html",
    ]


@pytest.mark.slow
def test_search_finds_a_chinese_word_inside_a_sentence(demo_db):
    rows = json.loads(invoke("search", "羊绒", "--db", demo_db, "--format", "json").output)
    assert [r["url"] for r in rows] == ["http://www.sjfzxm.com/news/hangye/20110108/207610.html"]


@pytest.mark.slow
def test_search_json(demo_db):
    result = invoke("search", "Taiyuan", "--db", demo_db, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [(r["url"], r["published_at"], r["site"]) for r in rows] == [
        (REFERENCE_URL, "2020-09-09T23:17:00+08:00", "sjfzxm_com")
    ]
    assert rows[0]["title"].startswith("Shanxi Textile Industry")


@pytest.mark.slow
def test_search_is_newest_first_and_limited(demo_db):
    newest = ("--db", demo_db, "--format", "json", "--sort", "newest")
    rows = json.loads(invoke("search", "textile", *newest).output)
    assert len(rows) == 20
    dates = [r["published_at"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    limited = json.loads(invoke("search", "textile", *newest, "--limit", "3").output)
    assert limited == rows[:3]


@pytest.mark.slow
def test_search_is_best_first(demo_db):
    rows = json.loads(invoke("search", "wool", "--db", demo_db, "--format", "json").output)
    assert rows[0]["title"] == "China Wool Association Holds Seminar On Fine Wool Standards"
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


@pytest.mark.slow
def test_search_table_and_csv(demo_db):
    table = invoke("search", "Taiyuan", "--db", demo_db)
    assert table.exit_code == 0
    assert table.output.splitlines()[0] == "1 of 1 article"
    assert table.output.splitlines()[1].startswith("2020-09-09T23:17  sjfzxm_com  Shanxi")
    assert "[Taiyuan]" in table.output
    rows = list(
        csv.DictReader(
            invoke("search", "Taiyuan", "--db", demo_db, "--format", "csv").output.splitlines()
        )
    )
    assert [r["url"] for r in rows] == [REFERENCE_URL]


@pytest.mark.slow
def test_search_with_no_match(demo_db):
    result = invoke("search", "zeppelin", "--db", demo_db, "--format", "json")
    assert (result.exit_code, json.loads(result.output)) == (0, [])


@pytest.mark.slow
@pytest.mark.parametrize("query", ['"unclosed', "(wool", "AND", "cotton NOT", ""])
def test_malformed_search_query_is_a_one_line_error(demo_db, query):
    result = invoke("search", query, "--db", demo_db)
    assert result.exit_code == 2
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1
    assert error_lines[0].startswith("Error: invalid search query")
    assert "Traceback" not in result.output


def test_search_without_archive(tmp_path):
    result = invoke("search", "cotton", "--db", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: no archive at {tmp_path / 'none.sqlite'}: run `textile-news crawl` or `demo` first"
    )
    assert not (tmp_path / "none.sqlite").exists()


def test_search_on_a_file_that_is_not_an_archive(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = invoke("search", "cotton", "--db", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot open archive {bad}:")


def test_another_sqlite_database_is_not_touched(tmp_path):
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    result = invoke("export", "--format", "json", "--db", str(other))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {other} is a SQLite database but not a textile_news archive "
        "(it has tables invoices); choose another --db\n"
    )
    with closing(sqlite3.connect(other)) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("invoices",)]


@pytest.mark.slow
def test_export_csv_opens_in_a_spreadsheet(demo_db, tmp_path):
    out = tmp_path / "a.csv"
    result = invoke("export", "--format", "csv", "--excel", "--db", demo_db, "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == DEMO_ARTICLES
    assert list(rows[0]) == list(ARTICLE_COLUMNS)
    reference = next(r for r in rows if r["url"] == REFERENCE_URL)
    assert json.loads(reference["tags"]) == ["Shanxi Clothing Association"]
    assert reference["body"].count("\n\n") == 6


@pytest.mark.slow
def test_export_json_is_one_array(demo_db):
    result = invoke("export", "--format", "json", "--db", demo_db)
    rows = json.loads(result.output)
    assert len(rows) == DEMO_ARTICLES
    assert rows == sorted(rows, key=lambda r: (r["published_at"], r["id"]))
    reference = next(r for r in rows if r["url"] == REFERENCE_URL)
    assert reference["tags"] == ["Shanxi Clothing Association"]
    assert [link["url"] for link in reference["related"]] == [
        f"http://www.sjfzxm.com/global/en/{i}.html"
        for i in (576190, 576121, 576118, 576109, 576104)
    ]
    assert reference["related"][0]["published_at"] == "2020-09-03T17:48:00+08:00"
    assert reference["next"]["title"] == "Fumin Fashion City: Capital Of Southern Style Clothing"


@pytest.mark.slow
def test_export_jsonl_with_filters(demo_db):
    result = invoke(
        "export",
        "--format",
        "jsonl",
        "--db",
        demo_db,
        "--since",
        "2020-09-09",
        "--until",
        "2020-09-09",
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["published_at"][:10] for r in rows} == {"2020-09-09"}
    assert REFERENCE_URL in {r["url"] for r in rows}
    none = invoke("export", "--format", "jsonl", "--db", demo_db, "--since", "2099")
    assert (none.exit_code, none.stdout) == (0, "")


def test_export_keeps_chinese_text(tmp_path):
    db_file = tmp_path / "zh.sqlite"
    with open_db(db_file) as db:
        article = Article(
            url="http://www.sjfzxm.com/news/difang/20110106/207507.html",
            site="sjfzxm_com",
            title="纺织行业创新联盟筹备会在太原召开",
            published_at="2011-01-06T08:00:00+08:00",
            body="棉花价格上涨。\n\n丝绸出口增长。",
            tags=["山西服装协会"],
        )
        write_batch(db, [asdict(article)], [])
    out = tmp_path / "zh.csv"
    invoke("export", "--format", "csv", "--db", str(db_file), "-o", str(out))
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert (row["title"], json.loads(row["tags"])) == (
        "纺织行业创新联盟筹备会在太原召开",
        ["山西服装协会"],
    )


@pytest.mark.slow
def test_export_to_a_folder_that_does_not_exist(demo_db, tmp_path):
    target = tmp_path / "missing" / "a.csv"
    result = invoke("export", "--format", "csv", "--db", demo_db, "-o", str(target))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {target}: No such file or directory\n"


@pytest.mark.slow
def test_export_leaves_no_partial_file(demo_db, tmp_path):
    target = tmp_path / "a.jsonl"
    invoke("export", "--format", "jsonl", "--db", demo_db, "-o", str(target))
    # the export and its manifest, and no .part file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "a.jsonl.manifest.json"]
    assert len(target.read_text().splitlines()) == DEMO_ARTICLES


@pytest.mark.slow
def test_export_into_a_closed_pipe_is_quiet(demo_db):
    """``textile-news export ... | head``: no BrokenPipeError traceback (click handles EPIPE)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [*CLI, "export", "--format", "jsonl", "--db", demo_db],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (1, "")


@pytest.mark.slow
def test_export_rejects_a_bad_date(demo_db):
    result = invoke("export", "--format", "csv", "--db", demo_db, "--since", "last tuesday")
    assert result.exit_code == 2
    assert "'last tuesday' is not a date; use one of: 2020, 2020-09, 2020-9-1" in result.output


def test_crawl_unknown_site():
    result = invoke("crawl", "nosuch_com")
    assert result.exit_code == 2
    known = ", ".join(site_names())  # every spider, sjfzxm_com among them
    assert "sjfzxm_com" in known
    assert f"unknown site 'nosuch_com'; known sites: {known}" in result.output


def test_crawl_start_url_must_be_http():
    result = invoke("crawl", "sjfzxm_com", "--start-url", "ftp://example.com/")
    assert result.exit_code == 2
    assert "is not an http(s) URL" in result.output


@pytest.mark.slow
def test_crawl_of_the_test_site(sjfzxm_site, tmp_path):
    db_file = tmp_path / "a.sqlite"
    result = run(
        [
            *CLI,
            "crawl",
            "sjfzxm_com",
            "--start-url",
            sjfzxm_site + "global/en/",
            "--db",
            str(db_file),
        ]
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"sjfzxm_com: 17 pages, 7 new, 0 updated, 0 unchanged, 3 rejected, 2 errors in [\d.]+ s\n"
        r"  finding: sjfzxm_com: 12% of 17 fetches failed \(limit 10%\)\n"
        rf"archive: {re.escape(str(db_file))} \(7 articles\)\n",
        untimed(result.stdout),
    )


@pytest.mark.slow
def test_strict_crawl_exits_3_on_findings(sjfzxm_site, tmp_path):
    db_file = tmp_path / "a.sqlite"
    args = [
        *CLI,
        "crawl",
        "sjfzxm_com",
        "--start-url",
        sjfzxm_site + "global/en/",
        "--db",
        str(db_file),
    ]
    result = run([*args, "--strict"])
    assert result.returncode == 3, result.stderr
    assert "  finding: sjfzxm_com: 12% of 17 fetches failed (limit 10%)" in result.stdout
    assert result.stderr.endswith("Error: --strict: monitoring found problems (listed above)\n")
    with closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("SELECT exit_code, findings FROM crawl_runs").fetchall() == [
            (
                3,
                '[{"check": "error_rate", "message": '
                '"sjfzxm_com: 12% of 17 fetches failed (limit 10%)"}]',
            )
        ]


@pytest.mark.slow
def test_crawl_that_reaches_nothing_fails(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(
        [
            *CLI,
            "crawl",
            "sjfzxm_com",
            "--start-url",
            f"http://127.0.0.1:{port}/global/en/",
            "--db",
            str(tmp_path / "a.sqlite"),
        ]
    )
    assert result.returncode == 1
    assert "Error: crawl failed: sjfzxm_com: no page could be fetched" in result.stderr
    assert ", 0 new," in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "path", "expected"),
    [
        ([], "/global/en/576416.html", b"Shanxi Textile Industry Industry Industry"),
        (["--articles", "100"], "/global/en/list/5.html", b'class="current">5<'),
    ],
)
def test_serve_demo_prints_its_base_url_first(args, path, expected):
    with subprocess.Popen(
        [*CLI, "serve-demo", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            base = proc.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", base)
            with urllib.request.urlopen(base.rstrip("/") + path, timeout=10) as response:
                assert expected in response.read()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.mark.slow
def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "textile_news", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert "Usage: textile-news" in result.stdout
