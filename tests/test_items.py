"""items.py is the one list of an article's fields (issue 14): the archive's columns, the
export types, the fields check-site reports and Datasette's descriptions derive from it."""

from __future__ import annotations

from contextlib import closing
from dataclasses import fields, replace

from textile_news.analysis import export
from textile_news.archive.db import open_db
from textile_news.archive.read import ARTICLE_COLUMNS, table_columns
from textile_news.datasette import meta as datasette_plugin
from textile_news.items import ARTICLE_FIELDS, Article
from textile_news.tools import checksite

# The order exports and Datasette have always listed them in
COLUMNS = (
    "id",
    "url",
    "site",
    "title",
    "published_at",
    "published_utc",
    "date_source",
    "date_precision",
    "zone_source",
    "source",
    "author",
    "editor",
    "tags",
    "category",
    "views",
    "language",
    "body",
    "summary",
    "fetched_at",
    "first_seen_at",
    "last_seen_at",
    "content_hash",
)


def test_article_fields_list_the_columns_then_the_links():
    assert [f.name for f in ARTICLE_FIELDS] == [
        *COLUMNS,
        "simhash",
        "simhash_b0",
        "simhash_b1",
        "simhash_b2",
        "simhash_b3",
        "duplicate_of",
        "terms",
        "related",
        "next",
    ]
    # every field of an Article is in the list once, what the archive adds besides
    names = [f.name for f in ARTICLE_FIELDS]
    assert {f.name for f in fields(Article)} <= set(names) and len(set(names)) == len(names)


def test_the_archive_has_the_columns_items_lists(tmp_path):
    """The migrations say the schema in SQL; items.py says it again: they agree on each
    column's name, declared type and NOT NULL."""
    with closing(open_db(tmp_path / "a.sqlite")) as db:
        info = db.execute("PRAGMA table_info(articles)").fetchall()
        assert set(table_columns(db)["articles"]) == {row[1] for row in info}
    archived = {name: (declared, bool(notnull)) for _, name, declared, notnull, *_ in info}
    listed = {f.name: (f.column, f.not_null) for f in ARTICLE_FIELDS if f.column}
    assert archived == listed


def test_read_columns_and_export_types_derive_from_items():
    assert (*COLUMNS, "duplicate_of") == ARTICLE_COLUMNS
    assert export.DEFAULT_FIELDS["csv"] == ARTICLE_COLUMNS
    assert {
        **{name: "string" for name in COLUMNS},
        "id": "int64",
        "views": "int64",
        "published_utc": "timestamp[ms, tz=UTC]",
        # typed in Parquet, ISO 8601 text in CSV and JSON (issue 16 item 6)
        "fetched_at": "timestamp[ms, tz=UTC]",
        "first_seen_at": "timestamp[ms, tz=UTC]",
        "last_seen_at": "timestamp[ms, tz=UTC]",
        "tags": "list<string>",
        "duplicate_of": "int64",
        "terms": "list<string>",
        "related": "list<struct<url: string, title: string, category: string, "
        "published_at: string>>",
        "next": "struct<url: string, title: string, summary: string>",
    } == export.FIELD_TYPES
    assert (*COLUMNS, "duplicate_of", "terms", "related", "next") == export.FIELDS


def test_check_site_reports_the_fields_a_page_gives():
    assert checksite.FIELDS == (
        "url",
        "title",
        "published_at",
        "date_source",
        "date_precision",
        "zone_source",
        "source",
        "author",
        "editor",
        "tags",
        "category",
        "views",
        "language",
        "body",
        "summary",
        "related",
        "next",
    )


def test_datasette_describes_each_article_column_as_items_does(tmp_path):
    with closing(open_db(tmp_path / "a.sqlite")) as db:
        meta = datasette_plugin.metadata("a", table_columns(db))
    described = meta["databases"]["a"]["tables"]["articles"]["columns"]
    assert described == {f.name: f.description for f in ARTICLE_FIELDS if f.column}
    assert described["source"] == "The original publisher the site names (来源), when it reprints."
    assert list(described) == [f.name for f in ARTICLE_FIELDS if f.column]


def test_a_field_items_describes_anew_reaches_datasette(tmp_path, monkeypatch):
    """Not a copy in metadata.json: a description changed in items is what Datasette shows."""
    changed = tuple(
        replace(f, description="Headline.") if f.name == "title" else f for f in ARTICLE_FIELDS
    )
    monkeypatch.setattr(datasette_plugin, "ARTICLE_FIELDS", changed)
    meta = datasette_plugin.metadata("a", {"articles": ["id", "title"]})
    assert meta["databases"]["a"]["tables"]["articles"]["columns"] == {
        "id": "Article id, stable across updates.",
        "title": "Headline.",
    }
