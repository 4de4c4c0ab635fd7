"""Filters you can trust, and search's totals and pages (issue 16, items 2 and 3): each
example of the issue on the analyst archive plus one copy of its article 1."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import analyst_archive
from textile_news.archive.db import open_db
from textile_news.archive.write import write_batch
from textile_news.cli import cli
from textile_news.text.date_bounds import BadDate, bound

COPY_URL = "http://texindex.com.cn/news/21.html"


@pytest.fixture
def archive(tmp_path: Path) -> str:
    path = analyst_archive.build(tmp_path / "analyst.sqlite")
    # article 1 again on another site, a day later: the writer marks it a copy of 1
    copy = {
        **analyst_archive.ARTICLES[0],
        "url": COPY_URL,
        "site": analyst_archive.TEXINDEX,
        "published_at": "2019-12-31T10:00:00+08:00",
    }
    with closing(open_db(path)) as db:
        write_batch(db, [copy], [])
        assert db.execute("SELECT id, duplicate_of FROM articles WHERE id = 9").fetchone() == (9, 1)
    return str(path)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def error_of(result) -> str:
    [line] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    return line


@pytest.mark.parametrize(
    ("given", "end", "expected"),
    [
        ("2020", False, "2020-01-01"),
        ("2020", True, "2020-12-31"),
        ("2020-9", False, "2020-09-01"),
        ("2020-09", True, "2020-09-30"),
        ("2020-2", True, "2020-02-29"),
        ("2020-9-1", False, "2020-09-01"),
        ("2020-9-1", True, "2020-09-01"),
        ("2020-09-01", False, "2020-09-01"),
        ("2020-09-01T10:00", False, "2020-09-01T10:00:00Z"),
        ("2020-09-01T10:00+08:00", True, "2020-09-01T02:00:00Z"),
        ("2020-09-01 10:00:05-02:00", False, "2020-09-01T12:00:05Z"),
        ("7d", False, "2026-02-22"),
        ("2w", False, "2026-02-15"),
        ("3m", False, "2025-12-01"),
        ("1y", True, "2025-03-01"),
    ],
)
def test_date_bounds(given, end, expected):
    assert bound(given, end=end, today=date(2026, 3, 1)) == expected


def test_a_month_back_from_the_31st_is_the_month_end():
    assert bound("1m", end=False, today=date(2026, 3, 31)) == "2026-02-28"


@pytest.mark.parametrize("given", ["2020-13", "2020-2-30", "last tuesday", "7x", "20200901", ""])
def test_bad_dates(given):
    with pytest.raises(BadDate, match=r"is not a date; use one of: 2020, 2020-09, 2020-9-1"):
        bound(given, end=False)


def test_since_unpadded_day_finds_what_the_padded_one_does(archive):
    # before: --since 2020-9-1 compared "2020-9-1" as text and found nothing, --until all
    padded = invoke(
        "export", "--db", archive, "--format", "csv", "--fields", "id", "--since", "2020-12-01"
    )
    loose = invoke(
        "export", "--db", archive, "--format", "csv", "--fields", "id", "--since", "2020-12-1"
    )
    assert padded.stdout == loose.stdout == "id\n6\n7\n8\n"
    until = invoke(
        "export", "--db", archive, "--format", "csv", "--fields", "id", "--until", "2020-1-20"
    )
    assert until.stdout == "id\n1\n2\n3\n"  # the whole of 20 January
    assert until.stderr == (
        "1 copy left out (of articles archived elsewhere first; "
        "--include-duplicates exports them)\n"
    )


def test_since_a_year_and_until_a_year(archive):
    # before: --since 2020 was refused
    result = invoke(
        "stats",
        "--db",
        archive,
        "--by",
        "year",
        "--since",
        "2020",
        "--until",
        "2020",
        "--format",
        "csv",
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "period,site,articles",
        "2020,fibre2fashion_com,1",
        "2020,sjfzxm_com,3",
        "2020,texindex_com_cn,1",
    ]


def test_since_an_instant_with_an_offset(archive):
    # 2019-12-31T00:00+05:30 is 2019-12-30T18:30Z: article 1 (03:30Z) is before it
    result = invoke(
        "export",
        "--db",
        archive,
        "--format",
        "csv",
        "--fields",
        "id",
        "--include-duplicates",
        "--since",
        "2019-12-31T00:00+05:30",
        "--until",
        "2020-01-15T02:00Z",
    )
    assert result.stdout == "id\n9\n2\n"


def test_since_after_until_is_an_error(archive):
    # before: "No articles match."
    for command in (["search", "cotton"], ["stats"], ["export", "--format", "csv"]):
        result = invoke(*command, "--db", archive, "--since", "2020-09", "--until", "2020-01")
        assert result.exit_code == 2
        assert error_of(result) == (
            "Error: --since 2020-09-01 is after --until 2020-01-31: no article can match"
        )


def test_a_bad_date_names_the_accepted_forms(archive):
    result = invoke("search", "cotton", "--db", archive, "--since", "2020-13")
    assert result.exit_code == 2
    assert error_of(result) == (
        "Error: Invalid value for '--since': '2020-13' is not a date; use one of: 2020, "
        "2020-09, 2020-9-1, 2020-09-01, 2020-09-01T10:00[+08:00], 7d, 2w, 3m, 1y"
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--site", "bogus", "--site 'bogus' is not in the archive; some valid values: "
         "fibre2fashion_com, sjfzxm_com, texindex_com_cn"),
        ("--site", "sjfzxm_con", "--site 'sjfzxm_con' is not in the archive; nearest: sjfzxm_com"),
        ("--language", "fr", "--language 'fr' is not in the archive; some valid values: en, zh"),
        ("--term", "cottn", "--term 'cottn' is not in the archive; nearest: cotton, "
         "better-cotton, organic-cotton, acetate"),
    ],
)  # fmt: skip
def test_an_unknown_value_is_an_error_listing_the_nearest(archive, option, value, message):
    # before: "No articles match." (exit 0)
    for command in (["search", "cotton"], ["stats"], ["export", "--format", "csv"]):
        result = invoke(*command, "--db", archive, option, value)
        assert (result.exit_code, error_of(result)) == (2, f"Error: {message}")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--site", "sjfzxm.com"),
        ("--site", "www.sjfzxm.com"),
        ("--language", "EN"),
        ("--term", "Cotton"),
        ("--term", "棉"),
        ("--term", "Cotton Lint"),  # an English form of the vocabulary's cotton
    ],
)
def test_values_as_an_analyst_types_them(archive, option, value):
    canonical = {"--site": "sjfzxm_com", "--language": "en", "--term": "cotton"}[option]
    as_stored = invoke(
        "export", "--db", archive, "--format", "csv", "--fields", "id", option, canonical
    )
    typed = invoke("export", "--db", archive, "--format", "csv", "--fields", "id", option, value)
    assert typed.exit_code == 0
    assert typed.stdout == as_stored.stdout
    assert len(typed.stdout.splitlines()) > 1


def test_a_form_of_several_terms_is_an_error_naming_them(archive):
    result = invoke("search", "cotton", "--db", archive, "--term", "棉纱")
    assert (result.exit_code, error_of(result)) == (
        2,
        "Error: --term '棉纱' is a form of several terms: cotton, spinning",
    )


def test_term_cotton_as_typed(archive):
    result = invoke(
        "export", "--db", archive, "--format", "csv", "--fields", "id", "--term", "Cotton"
    )
    assert result.stdout == "id\n1\n3\n5\n"


def test_search_says_how_many_of_how_many_and_the_copies_left_out(archive):
    result = invoke("search", "cotton", "--db", archive)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2 of 2 articles (1 copy left out)",
        "2019-12-30T09:00  fibre2fashion_com  Cotton yarn exports to China rise",
        "    http://fibre2fashion.com/news/1.html",
        "    India's [cotton] yarn exports to China rose in December. Spinners expect more orders.",
        "2020-03-10T12:00  fibre2fashion_com  Bangladesh garment exports fall",
        "    http://fibre2fashion.com/news/5.html",
        "    Garment exports from Bangladesh fell in March as [cotton] prices climbed.",
    ]
    every = invoke("search", "cotton", "--db", archive, "--include-duplicates", "--limit", "1")
    assert every.stdout.splitlines()[:2] == [
        "1 of 3 articles",
        "2019-12-31T10:00  texindex_com_cn  Cotton yarn exports to China rise",
    ]


def test_search_pages(archive):
    second = invoke("search", "cotton", "--db", archive, "--limit", "1", "--page", "2")
    assert second.stdout.splitlines()[:2] == [
        "2-2 of 2 articles (1 copy left out)",
        "2020-03-10T12:00  fibre2fashion_com  Bangladesh garment exports fall",
    ]
    past = invoke("search", "cotton", "--db", archive, "--page", "9")
    assert (past.exit_code, past.stdout) == (0, "")
    assert past.stderr == "--page 9 is past the end: 2 articles (1 copy left out), 1 page of 20\n"
    as_json = invoke("search", "cotton", "--db", archive, "--page", "9", "--format", "json")
    assert (as_json.exit_code, as_json.stdout) == (0, "[]\n")


def test_stats_leaves_copies_out_and_says_so(archive):
    result = invoke("stats", "--db", archive, "--by", "year", "--until", "2019", "--format", "csv")
    assert result.stdout.splitlines()[1:] == [
        "2019,fibre2fashion_com,1",
    ]
    assert result.stderr == (
        "1 copy left out (of articles archived elsewhere first; --include-duplicates counts them)\n"
    )
    every = invoke(
        "stats",
        "--db",
        archive,
        "--by",
        "year",
        "--until",
        "2019",
        "--format",
        "csv",
        "--include-duplicates",
    )
    assert every.stdout.splitlines()[1:] == [
        "2019,fibre2fashion_com,1",
        "2019,texindex_com_cn,1",
    ]
    assert every.stderr == ""


def _on_a_terminal(*args: str) -> str:
    """What the CLI writes to a terminal (a pseudo-terminal as its stdout)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    with subprocess.Popen(
        [sys.executable, "-m", "textile_news", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_matches_are_highlighted_on_a_terminal_only(archive):
    shown = _on_a_terminal("search", "cotton", "--db", archive, "--limit", "1")
    assert "India's \x1b[1m\x1b[4mcotton\x1b[0m yarn exports" in shown
    assert "[cotton]" not in shown
    piped = subprocess.run(
        [sys.executable, "-m", "textile_news", "search", "cotton", "--db", archive, "--limit", "1"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "\x1b[" not in piped.stdout
    assert "India's [cotton] yarn exports" in piped.stdout
