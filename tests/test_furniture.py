"""A generic site's furniture, learnt from the archive (issue 15, item 5): the lines its pages
repeat word for word leave its bodies once they are on 5 of its articles and a quarter of them."""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from tests.conftest import CLI, ROOT, query, run, untimed
from textile_news.archive import fts, furniture
from textile_news.archive.db import open_db
from textile_news.archive.migrations import migrations
from textile_news.archive.write import content_hash, write_batch
from textile_news.cli import cli
from textile_news.demo.server import StaticSite, serving
from textile_news.items import Article

SITE = "generic:weavers.example"
CONTACT = "Press contact: Anna Berg, press@weavers.example, +32 2 555 01 23"
MEMBERS = "Members can download the full report from the members' area."
STORIES = [
    "Belgian weavers report a rise in orders for technical fabrics.",
    "The federation elected a new board at its spring assembly.",
    "Flax growers expect a smaller harvest after a dry summer.",
    "A new training centre for textile machinery opens in Kortrijk.",
    "Exports of home textiles to the United States fell by 4 percent.",
    "The recycling pilot sorted 1,200 tonnes of used clothing.",
    "Energy prices remain the first worry of the spinning mills.",
]


def story(n: int, *lines: str, site: str = SITE) -> dict:
    """Article ``n`` of the site: its own paragraphs, then ``lines`` (the template's)."""
    own = [STORIES[n % len(STORIES)], f"Story {n} gives the figures of its own report."]
    return asdict(
        Article(
            url=f"https://weavers.example/news/{n}.html",
            site=site,
            title=f"Weavers news {n}",
            published_at=f"2026-03-{n + 1:02d}",
            language="en",
            body="\n\n".join([*own, *lines]),
            fetched_at="2026-03-20T10:00:00+00:00",
        )
    )


def learns(site: str) -> bool:
    return site == SITE


@pytest.fixture
def db(tmp_path):
    with closing(open_db(tmp_path / "a.sqlite")) as db:
        yield db


def bodies(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT url, body FROM articles ORDER BY id").fetchall())


def test_a_line_on_five_pages_is_learnt_and_leaves_every_body_of_the_site(db):
    for n in range(4):
        result = write_batch(db, [story(n, CONTACT)], [], learns_furniture=learns)
        assert result.cleaned == 0
    assert all(CONTACT in body for body in bodies(db).values())  # four pages: not yet

    fifth = write_batch(db, [story(4, CONTACT)], [], learns_furniture=learns)
    assert (fifth.new, fifth.cleaned) == (1, 4)
    assert db.execute("SELECT site, line, pages, site_pages FROM site_furniture").fetchall() == [
        (SITE, CONTACT, 5, 5)
    ]
    stored = bodies(db)
    assert stored["https://weavers.example/news/0.html"] == (
        f"{STORIES[0]}\n\nStory 0 gives the figures of its own report."
    )
    assert not any(CONTACT in body for body in stored.values())
    # not a new version: the page did not change, its extraction did
    assert db.execute("SELECT count(*) FROM article_revisions").fetchone() == (0,)
    # the index and the hashes follow the bodies
    assert db.execute(
        "SELECT count(*) FROM articles_search WHERE articles_search MATCH 'anna'"
    ).fetchone() == (0,)
    assert db.execute(
        "SELECT count(*) FROM articles_search WHERE articles_search MATCH 'harvest'"
    ).fetchone() == (1,)
    row = dict(
        zip(
            ("title", "published_at", "author", "body"),
            db.execute(
                "SELECT title, published_at, author, body FROM articles WHERE url = ?",
                ["https://weavers.example/news/2.html"],
            ).fetchone(),
            strict=True,
        )
    )
    (stored_hash,) = db.execute(
        "SELECT content_hash FROM articles WHERE url = ?", ["https://weavers.example/news/2.html"]
    ).fetchone()
    assert stored_hash == content_hash(row)


def test_a_page_fetched_again_is_unchanged_and_a_new_one_is_stored_without_it(db):
    write_batch(db, [story(n, CONTACT) for n in range(5)], [], learns_furniture=learns)
    again = write_batch(db, [story(1, CONTACT), story(5, CONTACT)], [], learns_furniture=learns)
    assert (again.new, again.updated, again.unchanged, again.cleaned) == (1, 0, 1, 0)
    assert bodies(db)["https://weavers.example/news/5.html"] == (
        f"{STORIES[5]}\n\nStory 5 gives the figures of its own report."
    )
    assert db.execute("SELECT pages FROM site_furniture").fetchall() == [(5,)]
    assert db.execute("SELECT pages FROM furniture_sites").fetchall() == [(6,)]


def test_a_line_on_fewer_than_a_quarter_of_the_pages_is_news_not_furniture(db):
    plain = [story(n) for n in range(20)]
    quoted = [story(n, MEMBERS) for n in range(20, 26)]  # 6 of 26: 23 percent
    write_batch(db, [*plain, *quoted], [], learns_furniture=learns)
    assert db.execute("SELECT count(*) FROM site_furniture").fetchone() == (0,)
    assert sum(MEMBERS in body for body in bodies(db).values()) == 6
    write_batch(db, [story(n, MEMBERS) for n in range(26, 29)], [], learns_furniture=learns)
    # the 27th page is the 7th with it, over a quarter: learnt, and out of all nine
    assert db.execute("SELECT line, pages, site_pages FROM site_furniture").fetchall() == [
        (MEMBERS, 7, 27)
    ]
    assert sum(MEMBERS in body for body in bodies(db).values()) == 0


def test_sites_that_do_not_learn_keep_their_bodies_and_are_not_counted(db):
    other = [story(n, CONTACT, site="sjfzxm_com") for n in range(6)]
    write_batch(db, other, [], learns_furniture=learns)
    write_batch(db, [story(n, CONTACT) for n in range(10, 16)], [])  # learns_furniture None
    assert sum(CONTACT in body for body in bodies(db).values()) == 12
    assert db.execute("SELECT count(*) FROM site_lines").fetchone() == (0,)


def test_a_page_made_only_of_furniture_keeps_its_lines(db):
    write_batch(db, [story(n, CONTACT, MEMBERS) for n in range(5)], [], learns_furniture=learns)
    bare = {**story(9), "body": f"{CONTACT}\n\n{MEMBERS}"}
    write_batch(db, [bare], [], learns_furniture=learns)
    assert bodies(db)[bare["url"]] == f"{CONTACT}\n\n{MEMBERS}"


def test_without_takes_whole_lines_only():
    body = f"{CONTACT}\n\nIn the words of the {CONTACT}\n\nA line of news."
    assert furniture.without(body, frozenset({CONTACT})) == (
        f"In the words of the {CONTACT}\n\nA line of news."
    )


def test_m013_counts_the_articles_archived_before_and_keeps_their_bodies(tmp_path):
    path = tmp_path / "old.sqlite"
    later = [m.name for m in migrations.pending(Database(memory=True))]
    later = later[later.index("m012_watches") + 1 :]
    old = Database(path)
    migrations.apply(old, stop_before=later)
    for n in range(6):
        row = story(n, CONTACT)
        columns = {k: row[k] for k in ("url", "site", "title", "published_at", "body")}
        article_id = old["articles"].insert(columns).last_pk
        fts.index_article(old, article_id, row["title"], row["body"])  # as the code before did
    old.close()
    with closing(open_db(path)) as db:
        assert db.execute(
            "SELECT pages FROM furniture_sites WHERE site = ?", [SITE]
        ).fetchone() == (6,)
        key = furniture.line_key(CONTACT)
        assert db.execute("SELECT pages FROM site_lines WHERE line = ?", [key]).fetchone() == (6,)
        assert sum(CONTACT in body for body in bodies(db).values()) == 6
        # the next article of the site that has the line learns it, for all of them
        result = write_batch(db, [story(6, CONTACT)], [], learns_furniture=learns)
        assert (result.new, result.cleaned) == (1, 6)
        assert sum(CONTACT in body for body in bodies(db).values()) == 0


# --- a crawl of a replica whose template repeats three paragraphs -----------------------

REPLICA = ROOT / "tests" / "site" / "weavers_news"
EXPECTED = json.loads((REPLICA / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def weavers():
    with serving(StaticSite(REPLICA)) as url:
        yield url


def crawl(url: str, db_file: Path, *extra: str):
    args = [*CLI, "crawl", "generic", "--start-url", url + "news/", "--db", str(db_file)]
    return run([*args, *extra])


@pytest.mark.slow
def test_a_crawl_stores_the_stories_without_their_template(weavers, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    first = crawl(weavers, db_file)
    assert first.returncode == 0, first.stderr[-2000:]
    site = "generic:127.0.0.1"
    stored = dict(query(db_file, "SELECT url, body FROM articles WHERE site = ?", [site]))
    assert stored == {weavers + path.lstrip("/"): body for path, _, body in EXPECTED["stories"]}
    assert query(db_file, "SELECT line, pages, site_pages FROM site_furniture") == [
        (line, 5, 5) for line in EXPECTED["furniture"]
    ]
    assert query(db_file, "SELECT count(*) FROM article_revisions") == [(0,)]

    listed = run([*CLI, "furniture", "--db", str(db_file)])
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"{site}:",
        *(f"      5 of 5     {line}" for line in EXPECTED["furniture"]),
    ]

    # the pages again, whole: each is what the archive holds already
    again = crawl(weavers, db_file, "--full")
    assert again.returncode == 0, again.stderr[-2000:]
    assert untimed(again.stdout).splitlines()[0].startswith(f"{site}: ")
    assert "8 unchanged" in again.stdout, again.stdout
    redone = run([*CLI, "reextract", "--db", str(db_file)])
    assert redone.returncode == 0, redone.stderr[-2000:]
    assert "8 unchanged" in redone.stdout, redone.stdout
    assert dict(query(db_file, "SELECT url, body FROM articles")) == stored


@pytest.mark.slow
def test_a_crawl_with_learning_off_keeps_the_template(weavers, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    result = crawl(weavers, db_file, "-s", "TEXTILE_NEWS_SITE_FURNITURE=false")
    assert result.returncode == 0, result.stderr[-2000:]
    bodies = [body for (body,) in query(db_file, "SELECT body FROM articles")]
    assert len(bodies) == 8
    assert all(body.endswith(EXPECTED["furniture"][-1]) for body in bodies)
    assert query(db_file, "SELECT count(*) FROM site_furniture, site_lines") == [(0,)]


def test_the_furniture_command_lists_json_and_refuses_an_unknown_site(tmp_path):
    db_file = tmp_path / "a.sqlite"
    with closing(open_db(db_file)) as db:
        empty = CliRunner().invoke(cli, ["furniture", "--db", str(db_file)])
        assert (empty.exit_code, empty.stdout) == (0, "")
        assert empty.stderr == (
            "No furniture learnt: a line is learnt once it is on 5 of a site's articles "
            "and 25% of them.\n"
        )
        write_batch(db, [story(n, CONTACT) for n in range(5)], [], learns_furniture=learns)
    listed = CliRunner().invoke(cli, ["furniture", "--db", str(db_file), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(r["site"], r["line"], r["pages"], r["site_pages"]) for r in rows] == [
        (SITE, CONTACT, 5, 5)
    ]
    unknown = CliRunner().invoke(cli, ["furniture", "--db", str(db_file), "--site", "bogus"])
    assert unknown.exit_code == 2
    assert "Error: --site 'bogus'" in unknown.stderr and SITE in unknown.stderr
