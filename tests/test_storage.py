"""The SQLite archive (textile_news.archive: its writer, readers and migrations)."""

from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
from contextlib import closing
from dataclasses import asdict, replace
from typing import Any

import pytest

from tests.archive_helpers import integrity_check, iter_articles, rejects
from textile_news.analysis import search
from textile_news.archive.captures import iter_captures, write_captures
from textile_news.archive.counts import article_count
from textile_news.archive.db import open_db
from textile_news.archive.errors import ArchiveError, QueryError
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.migrations import migrations
from textile_news.archive.read import ARTICLE_COLUMNS, duplicates_of, get_article
from textile_news.archive.write import BatchResult, content_hash, write_batch
from textile_news.items import Article, NextArticle, RelatedLink

SITE = "http://www.sjfzxm.com/global/en"
FETCHED = "2026-03-01T10:00:00+00:00"
REFETCHED = "2026-03-02T11:30:00+00:00"


def article(**changes: Any) -> dict[str, Any]:
    """An article dict as the pipelines hand it to the store."""
    base = Article(
        url=f"{SITE}/576380.html",
        site="sjfzxm_com",
        title="Fumin Fashion City: Capital Of Southern Style Clothing",
        published_at="2020-09-09T23:17:00+08:00",
        source="World Clothing, Shoes & Hats Net",
        author="Feng Lei",
        tags=["Humen Clothing", "Fumin Fashion City"],
        category="Fashion Trends",
        views=87,
        language="en",
        body="Fumin fashion city opens its autumn season.\n\nBuyers watch the live broadcast.",
        summary="Fumin fashion city opens its autumn season.",
        related=[
            RelatedLink(
                url=f"{SITE}/576118.html",
                title="Association News",
                category="Chamber of Commerce",
                published_at="2020-09-01T14:06:00+08:00",
            ),
            RelatedLink(url=f"{SITE}/576006.html", title="Autumn Knitwear Trends"),
        ],
        next=NextArticle(
            url=f"{SITE}/576352.html",
            title="Shengze Textile Market",
            summary="Busy trading ahead of the peak season.",
        ),
        fetched_at=FETCHED,
    )
    return asdict(replace(base, **changes))


def row(db, url: str = f"{SITE}/576380.html") -> dict[str, Any]:
    return next(db.query("SELECT * FROM articles WHERE url = ?", [url]))


def links(db, article_id: int) -> list[tuple]:
    return db.execute(
        "SELECT kind, position, url, title, category, published_at, summary "
        "FROM related_links WHERE article_id = ? ORDER BY kind, position",
        [article_id],
    ).fetchall()


def titles(results: list[dict[str, Any]]) -> list[str]:
    return [r["title"] for r in results]


# --- opening -----------------------------------------------------------------


def test_open_db_creates_tables_and_search_index(db):
    assert {"articles", "related_links", "rejects", "articles_search"} <= set(db.table_names())
    assert "articles_fts" not in db.table_names()  # m006 replaced it (tests/test_search.py)


def test_open_db_uses_wal(db):
    assert db.journal_mode == "wal"


def test_open_db_twice_applies_no_migration_again(tmp_path):
    path = tmp_path / "archive.sqlite"
    first = open_db(path)
    applied = [(m.name, m.applied_at) for m in migrations.applied(first)]
    first.close()
    second = open_db(path)
    try:
        assert [(m.name, m.applied_at) for m in migrations.applied(second)] == applied
        assert [name for name, _ in applied] == [m.name for m in migrations._migrations]
        assert migrations.pending(second) == []
    finally:
        second.close()


def test_open_db_without_create_on_missing_file_raises(tmp_path):
    path = tmp_path / "missing.sqlite"
    with pytest.raises(ArchiveError) as info:
        open_db(path, create=False)
    assert str(info.value).startswith(f"no archive at {path}: ")
    assert "\n" not in str(info.value)
    assert not path.exists()


def test_open_db_on_non_sqlite_file_raises_archive_error(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(random.Random(42).randbytes(8192))
    with pytest.raises(ArchiveError) as info:
        open_db(path)
    assert not isinstance(info.value, sqlite3.DatabaseError)
    assert str(info.value) == f"cannot open archive {path}: file is not a database"


def test_open_db_closes_connection_when_it_fails(tmp_path, monkeypatch):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(random.Random(42).randbytes(8192))
    opened = []
    connect = sqlite3.connect

    def recording_connect(*args, **kwargs):
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    with pytest.raises(ArchiveError):
        open_db(path)
    [conn] = opened
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        conn.execute("SELECT 1")


def test_integrity_check_is_ok(db):
    write_batch(db, [article()], [])
    assert integrity_check(db) == "ok"


# --- writing -----------------------------------------------------------------


def test_write_batch_inserts_new_article(db):
    data = article()
    result = write_batch(db, [data], [])
    assert result == BatchResult(new=1)
    stored = row(db)
    assert stored["title"] == data["title"]
    assert stored["published_at"] == "2020-09-09T23:17:00+08:00"
    assert stored["published_utc"] == "2020-09-09T15:17:00Z"
    assert stored["tags"] == '["Humen Clothing", "Fumin Fashion City"]'
    assert stored["body"] == data["body"]
    assert stored["views"] == 87
    assert stored["fetched_at"] == FETCHED
    assert stored["first_seen_at"] == stored["last_seen_at"] == FETCHED
    assert stored["content_hash"] == content_hash(data)
    assert len(stored["content_hash"]) == 64


def test_write_batch_stores_related_and_next_links(db):
    write_batch(db, [article()], [])
    assert links(db, row(db)["id"]) == [
        ("next", 0, f"{SITE}/576352.html", "Shengze Textile Market", None, None,
         "Busy trading ahead of the peak season."),
        ("related", 0, f"{SITE}/576118.html", "Association News", "Chamber of Commerce",
         "2020-09-01T14:06:00+08:00", None),
        ("related", 1, f"{SITE}/576006.html", "Autumn Knitwear Trends", None, None, None),
    ]  # fmt: skip


def test_write_batch_without_links_stores_none(db):
    write_batch(db, [article(related=[], next=None)], [])
    assert links(db, row(db)["id"]) == []


def test_write_batch_same_article_is_unchanged(db):
    write_batch(db, [article()], [])
    first = row(db)
    result = write_batch(db, [article(fetched_at=REFETCHED, views=90)], [])
    assert result == BatchResult(unchanged=1)
    again = row(db)
    assert again["id"] == first["id"]
    assert again["first_seen_at"] == FETCHED
    assert again["last_seen_at"] == REFETCHED
    assert again["views"] == 90
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_write_batch_unchanged_article_does_not_rewrite_body(db):
    write_batch(db, [article()], [])
    db.execute("CREATE TEMP TABLE body_writes (id INTEGER)")
    db.execute(
        "CREATE TEMP TRIGGER log_body AFTER UPDATE OF title, body ON main.articles "
        "BEGIN INSERT INTO body_writes VALUES (new.id); END"
    )
    write_batch(db, [article(fetched_at=REFETCHED, summary="Another teaser.")], [])
    assert db.execute("SELECT count(*) FROM body_writes").fetchone()[0] == 0
    assert row(db)["summary"] == "Fumin fashion city opens its autumn season."
    assert len(links(db, row(db)["id"])) == 3


def test_write_batch_changed_body_updates_in_place(db):
    write_batch(db, [article()], [])
    first = row(db)
    changed = article(
        body="Cashmere weavers report record orders.",
        fetched_at=REFETCHED,
        related=[RelatedLink(url=f"{SITE}/576664.html", title="Shenzhen Designers")],
    )
    result = write_batch(db, [changed], [])
    assert result == BatchResult(updated=1)
    again = row(db)
    assert again["id"] == first["id"]
    assert again["body"] == "Cashmere weavers report record orders."
    assert again["first_seen_at"] == FETCHED
    assert again["last_seen_at"] == REFETCHED
    assert again["content_hash"] == content_hash(changed)
    assert again["content_hash"] != first["content_hash"]
    assert links(db, first["id"]) == [
        ("next", 0, f"{SITE}/576352.html", "Shengze Textile Market", None, None,
         "Busy trading ahead of the peak season."),
        ("related", 0, f"{SITE}/576664.html", "Shenzhen Designers", None, None, None),
    ]  # fmt: skip


def test_write_batch_changed_body_reindexes_fts(db):
    write_batch(db, [article()], [])
    write_batch(db, [article(body="Cashmere weavers report record orders.")], [])
    assert titles(search.search(db, "cashmere")) == [article()["title"]]
    assert search.search(db, "broadcast") == []


def test_write_batch_same_url_twice_in_one_batch(db):
    result = write_batch(db, [article(), article(body="A second version.")], [])
    assert result == BatchResult(new=1, updated=1)
    assert row(db)["body"] == "A second version."
    assert len(links(db, row(db)["id"])) == 3


def test_write_batch_stores_rejects(db):
    reject = {
        "url": f"{SITE}/900001.html",
        "site": "sjfzxm_com",
        "stage": "validate",
        "reason": "no title",
        "detail": {"title": None, "published_at": "2020年01月08日"},
        "rejected_at": FETCHED,
    }
    result = write_batch(db, [], [reject])
    assert result == BatchResult(rejects=1)
    assert rejects(db) == [
        {
            "id": 1,
            "url": f"{SITE}/900001.html",
            "site": "sjfzxm_com",
            "stage": "validate",
            "reason": "no title",
            "detail": '{"title": null, "published_at": "2020年01月08日"}',
            "rejected_at": FETCHED,
            "run_id": None,
        }
    ]


def test_write_batch_reject_without_detail_stores_empty_object(db):
    reject = {"url": f"{SITE}/1.html", "site": "sjfzxm_com", "stage": "fetch", "reason": "HTTP 404"}
    write_batch(db, [], [reject])
    [stored] = rejects(db)
    assert stored["detail"] == "{}"
    assert stored["rejected_at"]


# --- reading -----------------------------------------------------------------


def brief(url: str, title: str, published_at: str, body: str, **changes: Any) -> dict[str, Any]:
    return article(
        url=url, title=title, published_at=published_at, body=body, related=[], next=None, **changes
    )


@pytest.fixture
def three(db):
    """Three articles of two sites, written out of date order."""
    write_batch(
        db,
        [
            brief(f"{SITE}/2.html", "Silk prices rise", "2021-05-01T09:00:00+08:00",
                  "Silk prices rise in Shengze."),
            brief(f"{SITE}/1.html", "Silk fair opens", "2020-01-16T00:00:00+08:00",
                  "The silk fair opens in Suzhou."),
            brief("http://example.com/3.html", "Silk exports", "2022-07-23T00:00:00+08:00",
                  "Silk exports grow.", site="example"),
        ],
        [],
    )  # fmt: skip
    return db


def test_search_newest_first(three):
    assert titles(search.search(three, "silk", sort="newest")) == [
        "Silk exports",
        "Silk prices rise",
        "Silk fair opens",
    ]


def test_search_snippet_marks_matches(three):
    [result] = search.search(three, "Suzhou")
    assert result["snippet"] == "The silk fair opens in [Suzhou]."
    assert result["url"] == f"{SITE}/1.html"


def test_search_filters_by_site(three):
    assert titles(
        search.search(three, "silk", filters=ArticleFilter(site="sjfzxm_com"), sort="newest")
    ) == ["Silk prices rise", "Silk fair opens"]


def test_search_limit(three):
    assert titles(search.search(three, "silk", sort="newest", limit=1)) == ["Silk exports"]


def test_search_without_match_is_empty(three):
    assert search.search(three, "polyester") == []


@pytest.mark.parametrize("query", ['"unclosed', "AND"])
def test_search_malformed_query_raises_query_error(three, query):
    with pytest.raises(QueryError) as info:
        search.search(three, query)
    message = str(info.value)
    assert message.startswith(f"invalid search query {query!r}: ")
    assert "\n" not in message


def test_iter_articles_oldest_first_with_tag_lists(three):
    found = list(iter_articles(three))
    assert [a["title"] for a in found] == ["Silk fair opens", "Silk prices rise", "Silk exports"]
    assert found[0]["tags"] == ["Humen Clothing", "Fumin Fashion City"]
    assert set(found[0]) == set(ARTICLE_COLUMNS)


def test_iter_articles_filters_site(three):
    assert [a["title"] for a in iter_articles(three, site="example")] == ["Silk exports"]


def test_iter_articles_since_is_inclusive(three):
    found = iter_articles(three, since="2021-05-01")
    assert [a["title"] for a in found] == ["Silk prices rise", "Silk exports"]


def test_iter_articles_until_includes_the_whole_day(three):
    found = iter_articles(three, until="2021-05-01")
    assert [a["title"] for a in found] == ["Silk fair opens", "Silk prices rise"]


def test_iter_articles_since_and_until(three):
    found = iter_articles(three, since="2020-01-17", until="2022-07-22")
    assert [a["title"] for a in found] == ["Silk prices rise"]


def test_iter_articles_empty_tags_are_an_empty_list(db):
    write_batch(db, [article(tags=[])], [])
    assert [a["tags"] for a in iter_articles(db)] == [[]]


def test_article_count(three):
    assert article_count(three) == 3
    assert article_count(three, site="sjfzxm_com") == 2


def test_get_article_returns_related_and_next(db):
    write_batch(db, [article()], [])
    found = get_article(db, f"{SITE}/576380.html")
    assert found is not None
    assert found["tags"] == ["Humen Clothing", "Fumin Fashion City"]
    assert found["related"] == [
        {
            "url": f"{SITE}/576118.html",
            "title": "Association News",
            "category": "Chamber of Commerce",
            "published_at": "2020-09-01T14:06:00+08:00",
        },
        {
            "url": f"{SITE}/576006.html",
            "title": "Autumn Knitwear Trends",
            "category": None,
            "published_at": None,
        },
    ]
    assert found["next"] == {
        "url": f"{SITE}/576352.html",
        "title": "Shengze Textile Market",
        "summary": "Busy trading ahead of the peak season.",
    }


def test_get_article_without_next_is_none(db):
    write_batch(db, [article(next=None)], [])
    found = get_article(db, f"{SITE}/576380.html")
    assert found is not None
    assert found["next"] is None
    assert len(found["related"]) == 2


def test_get_article_unknown_url_is_none(db):
    assert get_article(db, f"{SITE}/0.html") is None


def test_tags_are_stored_as_json(db):
    write_batch(db, [article(tags=["丝绸", "Humen"])], [])
    assert json.loads(row(db)["tags"]) == ["丝绸", "Humen"]
    assert row(db)["tags"] == '["丝绸", "Humen"]'


def test_fts_not_reindexed_when_only_seen_at_and_views_change(db):
    write_batch(db, [article()], [])
    before = db.conn.total_changes
    write_batch(db, [article(views=88, fetched_at=REFETCHED)], [])
    assert db.conn.total_changes - before == 1  # the row itself, not the index
    before = db.conn.total_changes
    write_batch(db, [article(body="Cashmere")], [])
    assert db.conn.total_changes - before > 3  # the row, its revision, links and the index


# --- near-duplicates across sites (issue 4, item 7) ----------------------------

WOOL_BODY = (
    "The China Wool Association recently held a seminar on fine wool standards, bringing "
    "together representatives of wool growers, traders, spinners and testing laboratories from "
    "across the country.\n\nParticipants discussed the grading of fibre diameter, the "
    "measurement of staple length and the labelling of blended yarns. The revised standard "
    "will be submitted for approval later this year."
)
WOOL_TITLE = "China Wool Association Holds Seminar On Fine Wool Standards"


def wool(
    url: str, site: str, published_at: str, body: str = WOOL_BODY, **changes: Any
) -> dict[str, Any]:
    return brief(url, WOOL_TITLE, published_at, body, site=site, **changes)


def test_near_duplicate_on_another_site_links_to_the_first(db):
    write_batch(db, [wool(f"{SITE}/1.html", "sjfzxm_com", "2020-08-31T17:03:00+08:00")], [])
    copy = wool(
        "http://www.texindex.com.cn/news/9.html",
        "texindex_com_cn",
        "2020-09-01T09:00:00+08:00",
        body=WOOL_BODY + " Editor: Li.",
    )
    write_batch(db, [copy], [])
    first, second = row(db, f"{SITE}/1.html"), row(db, copy["url"])
    assert first["duplicate_of"] is None
    assert second["duplicate_of"] == first["id"]
    assert second["simhash"] != first["simhash"]
    assert duplicates_of(db, first["id"]) == [
        {
            "id": second["id"],
            "url": copy["url"],
            "site": "texindex_com_cn",
            "title": WOOL_TITLE,
            "published_at": "2020-09-01T09:00:00+08:00",
            "duplicate_of": first["id"],
        }
    ]
    assert [a["id"] for a in duplicates_of(db, second["id"])] == [first["id"]]


def test_near_duplicate_links_to_the_earliest_published_copy(db):
    write_batch(
        db,
        [
            wool("http://a.example/1", "a", "2020-09-02T00:00:00+08:00"),
            wool(
                "http://b.example/1",
                "b",
                "2020-09-01T00:00:00+08:00",
                body=WOOL_BODY + " Editor: Li.",
            ),
            wool("http://c.example/1", "c", "2020-09-03T00:00:00+08:00"),
        ],
        [],
    )
    a, b, c = (row(db, f"http://{x}.example/1") for x in "abc")
    assert (a["duplicate_of"], b["duplicate_of"]) == (None, a["id"])
    assert c["duplicate_of"] == a["id"]  # b is a copy itself: c links to its original
    assert [d["id"] for d in duplicates_of(db, c["id"])] == [b["id"], a["id"]]


def test_same_site_under_another_url_is_a_duplicate(db):
    write_batch(db, [wool(f"{SITE}/1.html", "sjfzxm_com", "2020-08-31T17:03:00+08:00")], [])
    write_batch(db, [wool(f"{SITE}/2.html", "sjfzxm_com", "2020-08-31T17:03:00+08:00")], [])
    assert row(db, f"{SITE}/2.html")["duplicate_of"] == row(db, f"{SITE}/1.html")["id"]


def test_unrelated_article_is_not_a_duplicate(three):
    write_batch(three, [wool(f"{SITE}/1.html", "sjfzxm_com", "2020-08-31T17:03:00+08:00")], [])
    assert [r["duplicate_of"] for r in three.query("SELECT duplicate_of FROM articles")] == [
        None
    ] * 3
    assert duplicates_of(three, row(three, f"{SITE}/1.html")["id"]) == []


def test_duplicate_distance_below_zero_links_nothing(db):
    copies = [wool(f"http://{x}.example/1", x, "2020-09-01T00:00:00+08:00") for x in "ab"]
    write_batch(db, copies, [], duplicate_distance=-1)
    assert row(db, "http://b.example/1")["duplicate_of"] is None


def test_updated_article_gets_a_new_fingerprint_and_keeps_its_link(db):
    write_batch(db, [wool("http://a.example/1", "a", "2020-09-01T00:00:00+08:00")], [])
    write_batch(db, [wool("http://b.example/1", "b", "2020-09-02T00:00:00+08:00")], [])
    before = row(db, "http://b.example/1")
    changed = wool("http://b.example/1", "b", "2020-09-02T00:00:00+08:00", body="Cashmere.")
    write_batch(db, [changed], [])
    after = row(db, "http://b.example/1")
    assert after["simhash"] != before["simhash"]
    assert after["duplicate_of"] == before["duplicate_of"] == row(db, "http://a.example/1")["id"]


def test_duplicate_of_is_exported(db):
    write_batch(db, [wool(f"{SITE}/1.html", "sjfzxm_com", "2020-08-31T17:03:00+08:00")], [])
    [exported] = iter_articles(db)
    assert exported["duplicate_of"] is None
    assert "simhash" not in exported


def test_m004_fingerprints_articles_archived_before(tmp_path):
    from sqlite_utils import Database

    from textile_news.text.fingerprint import bands, simhash

    old = Database(tmp_path / "old.sqlite")
    migrations.apply(old, stop_before="m004_simhash_duplicates")
    old["articles"].insert(
        {"url": "u", "site": "s", "title": WOOL_TITLE, "published_at": "p", "body": WOOL_BODY}
    )
    migrations.apply(old)
    [stored] = old.query("SELECT * FROM articles")
    assert stored["simhash"] == simhash(f"{WOOL_TITLE}\n\n{WOOL_BODY}")
    assert [stored[f"simhash_b{i}"] for i in range(4)] == list(bands(stored["simhash"]))
    assert stored["duplicate_of"] is None
    old.close()


def test_m005_adds_capture_encodings_to_an_existing_archive(tmp_path):
    from sqlite_utils import Database

    old = Database(tmp_path / "old.sqlite")
    migrations.apply(old, stop_before="m005_capture_encodings")
    capture = {
        "url": "http://a/1",
        "fetched_url": "http://a/1",
        "site": "s",
        "fetched_at": "2026-11-27T12:00:00+00:00",
        "status": 200,
        "warc_file": "warc/s/a.warc.gz",
        "warc_offset": 0,
        "warc_length": 10,
        "body_bytes": 20,
    }
    old["captures"].insert(capture)
    old.close()
    db = open_db(tmp_path / "old.sqlite")
    assert "m005_capture_encodings" in [m.name for m in migrations.applied(db)]
    write_captures(
        db, [{**capture, "url": "http://a/2", "declared_encoding": "utf-8", "encoding": "gb18030"}]
    )
    stored = [(c["url"], c["declared_encoding"], c["encoding"]) for c in iter_captures(db)]
    assert stored == [("http://a/1", None, None), ("http://a/2", "utf-8", "gb18030")]
    db.close()


def _open_and_count(path: str) -> int:
    with closing(open_db(path)) as db:
        return article_count(db)


def test_processes_that_create_one_archive_at_once_all_open_it(tmp_path):
    """Parallel crawls and a crawl's writer may be first to open a new archive at the same
    moment: none fails with "database is locked"."""
    path = str(tmp_path / "new.sqlite")
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        assert pool.map(_open_and_count, [path] * 8) == [0] * 8
    with closing(open_db(path)) as db:
        assert integrity_check(db) == "ok"
        assert db.journal_mode == "wal"


def test_m010_adds_the_editor_column_to_an_existing_archive(tmp_path):
    """An archive from before issue 15 gains ``editor`` (NULL for what it holds); a new
    article's editors are stored apart from its authors."""
    from sqlite_utils import Database

    old = Database(tmp_path / "old.sqlite")
    migrations.apply(old, stop_before="m010_editor")
    assert "editor" not in old["articles"].columns_dict
    old["articles"].insert(
        {"url": "u", "site": "s", "title": "t", "published_at": "p", "body": "b", "author": "A"}
    )
    old.close()
    db = open_db(tmp_path / "old.sqlite")
    assert db["articles"].columns_dict["editor"] is str
    assert [(r["author"], r["editor"]) for r in db.query("SELECT * FROM articles")] == [("A", None)]
    write_batch(db, [article(url="https://x.example/2", author="张三", editor="李四; 王五")], [])
    row = get_article(db, "https://x.example/2")
    assert row is not None and (row["author"], row["editor"]) == ("张三", "李四; 王五")
