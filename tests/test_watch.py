"""Watches (issue 16, item 7): saved searches, what arrived since each last ran, Atom feeds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from contextlib import closing

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from tests import analyst_archive
from tests.analyst_archive import F2F, FETCHED, SJFZXM, _article
from tests.conftest import CLI, query, run, untimed
from textile_news.archive.db import open_db
from textile_news.archive.migrations import migrations
from textile_news.archive.write import write_batch
from textile_news.cli import cli

A = "{http://www.w3.org/2005/Atom}"
LATER = "2026-03-02T08:00:00+00:00"
NEW_COTTON = _article(
    9,
    SJFZXM,
    "2021-02-01T09:00:00+08:00",
    "Cotton futures climb in Zhengzhou",
    "Cotton futures climbed in Zhengzhou as spinners restocked.",
    "en",
    fetched_at=LATER,
)
NEW_WOOL = _article(
    10,
    F2F,
    "2021-02-02T09:00:00+05:30",
    "Wool auction opens",
    "The wool auction opened with firm prices.",
    "en",
    fetched_at=LATER,
)


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def archive(tmp_path):
    return str(analyst_archive.build(tmp_path / "analyst.sqlite"))


def arrive(path, *articles):
    with closing(open_db(path)) as db:
        write_batch(db, list(articles), [])


def test_add_list_remove(archive):
    assert invoke("watch", "add", "cotton", "cotton", "--db", archive).output == (
        "watch cotton added\n"
    )
    result = invoke(
        "watch", "add", "f2f-yarn", "yarn", "--site", F2F, "--since", "2019-12", "--db", archive
    )
    assert (result.exit_code, result.output) == (0, "watch f2f-yarn added\n")
    assert invoke("watch", "list", "--db", archive).output == (
        "cotton: cotton  (never run)\nf2f-yarn: yarn --site fibre2fashion_com --since 2019-12  "
        "(never run)\n"
    )
    # the options as given, not an ArticleFilter: read again at each run
    assert query(archive, "SELECT name, query, filters FROM watches ORDER BY name") == [
        ("cotton", "cotton", "{}"),
        ("f2f-yarn", "yarn", '{"site": "fibre2fashion_com", "since": "2019-12"}'),
    ]
    listed = json.loads(invoke("watch", "list", "--db", archive, "--format", "json").output)
    assert [(w["name"], w["filters"], w["last_run_at"]) for w in listed] == [
        ("cotton", {}, None),
        ("f2f-yarn", {"site": F2F, "since": "2019-12"}, None),
    ]
    assert invoke("watch", "remove", "cotton", "--db", archive).output == "watch cotton removed\n"
    assert query(archive, "SELECT name FROM watches") == [("f2f-yarn",)]


def test_a_name_taken_unknown_or_malformed_is_one_line_exit_2(archive):
    invoke("watch", "add", "cotton", "cotton", "--db", archive)
    for args, message in (
        (["add", "cotton", "wool"], "Error: watch 'cotton' exists; remove it first"),
        (["remove", "wool"], f"Error: no watch 'wool' in {archive}"),
        (["run", "wool"], f"Error: no watch 'wool' in {archive}"),
        (
            ["run", "--format", "atom"],
            "Error: --format atom writes one watch's feed: give its NAME",
        ),
    ):
        result = invoke("watch", *args, "--db", archive)
        assert (result.exit_code, result.output) == (2, message + "\n")


@pytest.mark.parametrize("bad", ["(wool", '"unclosed', "AND", ""])
def test_a_malformed_query_is_refused_at_add(archive, bad):
    result = invoke("watch", "add", "bad", bad, "--db", archive)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: invalid search query {bad!r}")
    assert "Traceback" not in result.output
    assert query(archive, "SELECT count(*) FROM watches") == [(0,)]


def test_run_shows_what_arrived_once(archive):
    invoke("watch", "add", "cotton", "cotton", "--db", archive)
    invoke("watch", "add", "wool", "wool", "--site", F2F, "--db", archive)
    # added after the archive's 8 articles: nothing is new yet
    assert invoke("watch", "run", "--db", archive).output == (
        "cotton: nothing new\nwool: nothing new\n"
    )
    arrive(archive, NEW_COTTON, NEW_WOOL)
    assert invoke("watch", "run", "--db", archive).output == (
        "cotton: 1 new\n"
        "  2021-02-01T09:00  sjfzxm_com  Cotton futures climb in Zhengzhou\n"
        "      http://sjfzxm.com/news/9.html\n"
        "wool: 1 new\n"
        "  2021-02-02T09:00  fibre2fashion_com  Wool auction opens\n"
        "      http://fibre2fashion.com/news/10.html\n"
    )
    assert invoke("watch", "run", "--db", archive).output == (
        "cotton: nothing new\nwool: nothing new\n"
    )
    ran = query(archive, "SELECT last_run_at, seen_article_id FROM watches")
    assert [seen for _, seen in ran] == [10, 10] and all(at for at, _ in ran)


def test_a_revised_article_shows_again_and_an_unchanged_one_does_not(archive):
    invoke("watch", "add", "cotton", "cotton", "--db", archive)
    arrive(archive, NEW_COTTON)
    invoke("watch", "run", "--db", archive)
    arrive(archive, NEW_COTTON)  # fetched again, the same: no new version
    assert invoke("watch", "run", "cotton", "--db", archive).output == "cotton: nothing new\n"
    revised = {**analyst_archive.ARTICLES[0], "body": "Cotton yarn exports rose again."}
    arrive(archive, {**revised, "fetched_at": LATER})
    result = invoke("watch", "run", "--db", archive, "--format", "json")
    [row] = json.loads(result.output)
    assert (row["id"], row["change"], row["arrived_at"]) == (1, "revised", LATER)
    assert invoke("watch", "run", "--db", archive).output == "cotton: nothing new\n"


def test_new_and_revised_in_one_run_is_shown_once(archive):
    invoke("watch", "add", "cotton", "cotton", "--db", archive)
    arrive(archive, NEW_COTTON)
    arrive(archive, {**NEW_COTTON, "body": "Cotton futures climbed again.", "fetched_at": LATER})
    assert query(archive, "SELECT count(*) FROM article_revisions") == [(1,)]
    assert invoke("watch", "run", "--db", archive).output == (
        "cotton: 1 new\n"
        "  2021-02-01T09:00  sjfzxm_com  Cotton futures climb in Zhengzhou\n"
        "      http://sjfzxm.com/news/9.html\n"
    )


def test_json_is_one_array_each_article_with_its_watch(archive):
    invoke("watch", "add", "cotton", "cotton", "--from-start", "--db", archive)
    invoke("watch", "add", "zh", "棉花", "--language", "zh", "--from-start", "--db", archive)
    result = invoke("watch", "run", "--db", archive, "--format", "json")
    assert result.exit_code == 0
    common = {"author": None, "summary": None, "change": "new", "arrived_at": FETCHED}
    assert json.loads(result.output) == [
        {
            "watch": "cotton",
            "id": 5,
            "url": "http://fibre2fashion.com/news/5.html",
            "site": F2F,
            "title": "Bangladesh garment exports fall",
            "published_at": "2020-03-10T12:00:00+05:30",
            "language": "en",
            **common,
        },
        {
            "watch": "cotton",
            "id": 1,
            "url": "http://fibre2fashion.com/news/1.html",
            "site": F2F,
            "title": "Cotton yarn exports to China rise",
            "published_at": "2019-12-30T09:00:00+05:30",
            "language": "en",
            **common,
            "author": "Fibre2Fashion News Desk",
        },
        {
            "watch": "zh",
            "id": 3,
            "url": "http://sjfzxm.com/news/3.html",
            "site": SJFZXM,
            "title": "棉花价格上涨",
            "published_at": "2020-01-20T08:00:00+08:00",
            "language": "zh",
            **common,
        },
    ]
    assert json.loads(invoke("watch", "run", "--db", archive, "--format", "json").output) == []


def test_output_to_a_file_moves_the_watch_on_only_once_written(archive, tmp_path):
    invoke("watch", "add", "cotton", "cotton", "--from-start", "--db", archive)
    missing = tmp_path / "no" / "such" / "new.txt"
    result = invoke("watch", "run", "--db", archive, "-o", str(missing))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write {missing}: ")
    assert len(result.output.splitlines()) == 1
    assert query(archive, "SELECT last_run_at, seen_article_id FROM watches") == [(None, 0)]
    out = tmp_path / "new.txt"
    assert invoke("watch", "run", "--db", archive, "-o", str(out)).output == ""
    assert out.read_text().splitlines()[0] == "cotton: 2 new"
    assert query(archive, "SELECT seen_article_id FROM watches") == [(8,)]


def feed_of(archive, tmp_path, name="cotton"):
    out = tmp_path / f"{name}.xml"
    result = invoke("watch", "run", name, "--format", "atom", "-o", str(out), "--db", archive)
    assert (result.exit_code, result.output) == (0, "")
    return ET.parse(out).getroot()


def entries(feed):
    return [
        (e.findtext(A + "id"), e.find(A + "link").get("href"), e.findtext(A + "updated"))
        for e in feed.iter(A + "entry")
    ]


def test_atom_feed_is_valid_with_stable_ids(archive, tmp_path):
    invoke("watch", "add", "cotton", "cotton", "--db", archive)
    first = feed_of(archive, tmp_path)
    assert first.tag == A + "feed"
    # what RFC 4287 requires of a feed and of each entry
    for element in ("id", "title", "updated", "author/" + A + "name"):
        assert first.findtext(A + element)
    assert first.findtext(A + "title") == "textile-news watch cotton: cotton"
    for entry in first.iter(A + "entry"):
        assert all(entry.findtext(A + e) for e in ("id", "title", "updated"))
    # the feed is the watch's latest matches whatever its watermark, and moves nothing
    ids = {
        "http://fibre2fashion.com/news/5.html": "urn:uuid:a8f9448f-c310-5927-a5a8-cad4eca6fb58",
        "http://fibre2fashion.com/news/1.html": "urn:uuid:bd0059b1-7a4d-5198-bc5b-52831983dec5",
    }
    assert entries(first) == [(ids[u], u, "2026-03-01T10:00:00Z") for u in ids]
    assert query(archive, "SELECT last_run_at FROM watches") == [(None,)]
    revised = {**analyst_archive.ARTICLES[0], "body": "Cotton yarn exports rose again."}
    arrive(archive, NEW_COTTON, {**revised, "fetched_at": LATER})
    second = feed_of(archive, tmp_path)
    assert second.findtext(A + "id") == first.findtext(A + "id")
    assert second.findtext(A + "updated") == "2026-03-02T08:00:00Z"
    url1, url5 = "http://fibre2fashion.com/news/1.html", "http://fibre2fashion.com/news/5.html"
    url9 = "http://sjfzxm.com/news/9.html"
    assert entries(second) == [
        ("urn:uuid:7276c652-a6ab-5877-9abe-1c46a5094641", url9, "2026-03-02T08:00:00Z"),
        (ids[url1], url1, "2026-03-02T08:00:00Z"),  # revised: the same entry, updated
        (ids[url5], url5, "2026-03-01T10:00:00Z"),
    ]
    # text still shows both: the feed did not move the watch on
    assert invoke("watch", "run", "--db", archive).output.splitlines()[0] == (
        "cotton: 1 new, 1 revised"
    )


def test_the_migration_keeps_an_older_archive(tmp_path):
    path = tmp_path / "old.sqlite"
    old = Database(path)
    migrations.apply(old, stop_before=["m012_watches"])
    assert "watches" not in old.table_names()
    old.close()
    arrive(path, NEW_COTTON)
    assert query(path, "SELECT count(*), max(id) FROM articles") == [(1, 1)]
    assert invoke("watch", "add", "cotton", "cotton", "--db", str(path)).exit_code == 0
    assert query(path, "SELECT name, seen_article_id, seen_revision_id FROM watches") == [
        ("cotton", 1, 0)
    ]


@pytest.mark.slow
def test_crawl_watch_prints_the_new_matches(sjfzxm_site, tmp_path):
    db_file = tmp_path / "a.sqlite"
    # watches may come first: add creates the archive
    assert invoke("watch", "add", "cotton", "cotton", "--db", str(db_file)).exit_code == 0
    args = [*CLI, "crawl", "sjfzxm_com", "--start-url", sjfzxm_site + "global/en/"]
    result = run([*args, "--db", str(db_file), "--watch"])
    assert result.returncode == 0, result.stderr
    lines = untimed(result.stdout).splitlines()
    watched = lines[lines.index(f"archive: {db_file} (7 articles)") + 1 :]
    found = query(
        db_file,
        "SELECT url FROM articles WHERE id IN (SELECT rowid FROM articles_search "
        "WHERE articles_search MATCH 'cotton') ORDER BY coalesce(published_utc, published_at) "
        "DESC, id DESC",
    )
    assert found and watched[0] == f"cotton: {len(found)} new"
    assert watched[2::2] == [f"      {url}" for (url,) in found]
    again = run([*args, "--db", str(db_file), "--watch"])
    assert again.stdout.splitlines()[-1] == "cotton: nothing new"


@pytest.mark.parametrize("command", ["add", "list", "remove", "run"])
def test_every_watch_command_has_help(command):
    result = invoke("watch", command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli watch {command} ")


def test_run_without_watches(archive):
    result = invoke("watch", "run", "--db", archive)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No watches: add one with `textile-news watch add NAME QUERY`.\n"
    assert invoke("watch", "run", "--db", archive, "--format", "json").output == "[]\n"


def test_crawl_watch_is_refused_with_redis(archive):
    result = invoke("crawl", "sjfzxm_com", "--redis", "redis://127.0.0.1:1/0", "--watch")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: --watch with --redis: run `watch run` where the archive is"
    )


def test_a_relative_date_is_kept_as_typed_and_bounded_at_each_run(archive):
    from textile_news.archive.watches import get_watch
    from textile_news.text.date_bounds import bound

    result = invoke(
        "watch", "add", "recent", "cotton", "--since", "7d", "--include-duplicates", "--db", archive
    )
    assert (result.exit_code, result.output) == (0, "watch recent added\n")
    assert invoke("watch", "list", "--db", archive).output == (
        "recent: cotton --since 7d --include-duplicates  (never run)\n"
    )
    [(filters,)] = query(archive, "SELECT filters FROM watches")
    assert json.loads(filters) == {"since": "7d", "include_duplicates": True}
    with closing(open_db(archive)) as db:
        chosen = get_watch(db, "recent").article_filter()
    assert (chosen.since, chosen.duplicates) == (bound("7d", end=False), "include")
    bad = invoke("watch", "add", "bad", "cotton", "--since", "soon", "--db", archive)
    assert bad.exit_code == 2
