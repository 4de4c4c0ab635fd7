"""Our Datasette metadata, the SQL function ``textile_match``, and table counts that leave
out the tables SQLite cannot scan.

``textile_match`` lets canned queries search Chinese words of any length:
``articles_search MATCH textile_match(:q)`` translates a query as ``textile-news search``
does (the index holds Han text as bigrams).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Collection, Mapping
from importlib import resources
from typing import Any

from datasette.database import Database, QueryInterrupted

from textile_news.items import ARTICLE_FIELDS
from textile_news.text.date_bounds import BadDate, bound

METADATA = resources.files("textile_news") / "datasette" / "metadata.json"
_PACKAGED_NAME = "archive"  # the key in metadata.json: data/archive.sqlite
_WORD = re.compile(r"[^\W_]+")


def table_counts(database: Database) -> Any:
    """Datasette 0.65's ``Database.table_counts`` without the tables that cannot be
    scanned (issue 13, item 12).

    Datasette counts every table on each load of its index and database pages, hidden ones
    too. ``select count(*)`` of the contentless full-text index (articles_search) fails,
    "table does not support scanning": an ERROR in the log every time, and as one count
    is missing, the index page showed none.
    """

    async def table_counts(limit: int = 10) -> dict[str, int | None]:
        unscannable = set(await database.execute_fn(_unscannable))
        counts: dict[str, int | None] = {}
        for table in await database.table_names():
            if table in unscannable:
                continue
            try:
                sql = f"select count(*) from [{table}]"
                rows = (await database.execute(sql, custom_time_limit=limit)).rows
                counts[table] = rows[0][0]
            except (QueryInterrupted, sqlite3.DatabaseError):
                counts[table] = None  # out of time: as Datasette does
        return counts

    return table_counts


def _unscannable(conn: sqlite3.Connection) -> list[str]:
    """The virtual tables a plain SELECT cannot read (a contentless FTS5 index)."""
    found = []
    virtual = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchall()
    for (name,) in virtual:
        try:
            conn.execute(f"SELECT 1 FROM [{name}] LIMIT 1").fetchall()
        except sqlite3.Error:
            found.append(name)
    return found


def textile_match(query: str | None) -> str | None:
    """The FTS5 expression for a user's query; a malformed one is searched as plain words
    (as Datasette's own search box does), one without any word matches nothing (NULL)."""
    from textile_news.archive import fts
    from textile_news.archive.errors import QueryError

    if not query:
        return None
    try:
        return fts.match_expression(query)
    except QueryError:
        words = _WORD.findall(query)
    try:
        return fts.match_expression(" ".join(f'"{word}"' for word in words))
    except QueryError:
        return None


def textile_date(value: str | None, end: int) -> str | None:
    """A canned query's date parameter as ``--since``/``--until`` read it
    (:func:`textile_news.text.date_bounds.bound`: 2020, 2020-9-1, an ISO time, 7d); None
    for an empty or malformed one."""
    if not value or not value.strip():
        return None
    try:
        return bound(value, end=bool(end))
    except BadDate:
        return None


def metadata(database: str, schema: Mapping[str, Collection[str]]) -> dict[str, Any]:
    """Our metadata for the archive Datasette names ``database`` (its file name's stem).

    What the archive lacks is left out (Datasette fails on a facet or search index it
    cannot find): tables and columns it does not have, the search box without the index.

    :param schema: each table of the archive and its columns (``read.table_columns``)
    """
    packaged = packaged_metadata()
    described = packaged["databases"].pop(_PACKAGED_NAME)
    tables = {}
    for name, table in described["tables"].items():
        if name not in schema:
            continue
        table = copy.deepcopy(table)
        columns = set(schema[name])
        if "columns" in table:
            table["columns"] = {c: text for c, text in table["columns"].items() if c in columns}
        if "facets" in table:
            table["facets"] = [f for f in table["facets"] if _facet_column(f) in columns]
        if table.get("fts_table") and table["fts_table"] not in schema:
            del table["fts_table"], table["fts_pk"]
        tables[name] = table
    packaged["databases"][database] = {**described, "tables": tables}
    return packaged


def packaged_metadata() -> dict[str, Any]:
    """metadata.json with the descriptions of the article columns, which items.py gives
    (``ARTICLE_FIELDS``: the one list of an article's fields)."""
    packaged = json.loads(METADATA.read_text(encoding="utf-8"))
    articles = packaged["databases"][_PACKAGED_NAME]["tables"]["articles"]
    articles["columns"] = {f.name: f.description for f in ARTICLE_FIELDS if f.column}
    return packaged


def _facet_column(facet: str | Mapping[str, str]) -> str:
    return facet if isinstance(facet, str) else next(iter(facet.values()))
