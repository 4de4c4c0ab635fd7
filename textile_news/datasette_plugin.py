"""Datasette over the archive: our metadata, and the SQL function ``textile_match``.

Registered as a Datasette plugin (entry point group ``datasette``), so that canned
queries can search Chinese words of any length: ``articles_search MATCH textile_match(:q)``
translates a query as ``textile-news search`` does (the index holds Han text as bigrams).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Collection, Mapping
from importlib import resources
from typing import Any

from datasette import hookimpl

METADATA = resources.files("textile_news") / "datasette" / "metadata.json"
_PACKAGED_NAME = "archive"  # the key in metadata.json: data/archive.sqlite
_WORD = re.compile(r"[^\W_]+")


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("textile_match", 1, textile_match, deterministic=True)


def textile_match(query: str | None) -> str | None:
    """The FTS5 expression for a user's query; a malformed one is searched as plain words
    (as Datasette's own search box does), one without any word matches nothing (NULL)."""
    from textile_news import search, storage

    if not query:
        return None
    try:
        return search.match_expression(query)
    except storage.QueryError:
        words = _WORD.findall(query)
    try:
        return search.match_expression(" ".join(f'"{word}"' for word in words))
    except storage.QueryError:
        return None


def metadata(database: str, schema: Mapping[str, Collection[str]]) -> dict[str, Any]:
    """Our metadata for the archive Datasette names ``database`` (its file name's stem).

    What the archive lacks is left out (Datasette fails on a facet or search index it
    cannot find): tables and columns it does not have, the search box without the index.

    :param schema: each table of the archive and its columns (``storage.table_columns``)
    """
    packaged = json.loads(METADATA.read_text(encoding="utf-8"))
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


def _facet_column(facet: str | Mapping[str, str]) -> str:
    return facet if isinstance(facet, str) else next(iter(facet.values()))
