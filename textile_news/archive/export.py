"""Exports built by SQLite: each matching article as one JSON object, one CSV line or its
values, a batch at a time, on reader processes when the export is large."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from textile_news.archive import parallel_reads, published
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import query_errors

EXPORT_CACHE_KB = 32768  # SQLite's page cache while reading all articles in date order
# Reader processes that build a large export's lines, and the batches that make one large
# (below it, starting the processes costs more than they save)
EXPORT_READERS = 2
PARALLEL_EXPORT_BATCHES = 20


# Exports built by SQLite itself: one JSON object or CSV line per article, as bytes, so that
# a million articles leave in about a minute (issue 5): no Python object per field, no
# decoding and re-encoding of the text. (Twice as fast again in the order of the file, by
# id: in date order, each article and its links are a page read of their own.)
_JSON_LISTS = ("tags", "terms")
_JSON = (*_JSON_LISTS, "related", "next")
_RELATED = (
    "(SELECT json_group_array(json_object('url', l.url, 'title', l.title, "
    "'category', l.category, 'published_at', l.published_at)) FROM "
    "(SELECT url, title, category, published_at FROM related_links "
    "WHERE article_id = a.id AND kind = 'related' ORDER BY position) AS l)"
)
_NEXT = (
    "(SELECT json_object('url', url, 'title', title, 'summary', summary) "
    "FROM related_links WHERE article_id = a.id AND kind = 'next')"
)


def export_lines(
    db: Database,
    filters: ArticleFilter,
    fields: Sequence[str],
    fmt: str,
    *,
    batch_size: int = 1000,
    readers: int = EXPORT_READERS,
) -> Iterator[list[tuple[Any, ...]]]:
    """The matching articles, oldest first, a batch at a time, each as ``fmt`` says:

    - ``json``: ``(line, published_at, published_utc)``, the line the article's
      ``fields`` as one JSON object (``json.dumps`` of it, without spaces), in UTF-8;
    - ``csv``: the same with one CSV line (what csv.writer writes, without line end);
    - ``columns``: ``(*values, published_at, published_utc)``, the values of ``fields``,
      lists and links as JSON in UTF-8.

    :param fields: :data:`ARTICLE_COLUMNS`, ``terms``, ``related`` (a list of links),
        ``next`` (a link or null); a column the archive lacks is null (``terms``: [])
    :param readers: processes that build the batches of a large export (at least
        :data:`PARALLEL_EXPORT_BATCHES` batches, of an archive in a file); 1: one query
        in this process (what suits a caller whose own work per row is the larger part)
    :raises QueryError: ``filters.query`` is not a valid search query
    """
    present = set(db["articles"].columns_dict)
    values = [f"{_export_value(field, present)} AS v{i}" for i, field in enumerate(fields)]
    if fmt == "json":
        # json(): the inner query's JSON values are text to the outer one
        pairs = [
            f"'{f}', " + (f"json(v{i})" if f in _JSON else f"v{i}") for i, f in enumerate(fields)
        ]
        line = f"CAST(json_object({', '.join(pairs)}) AS BLOB)"
    elif fmt == "csv":
        cells = " || ',' || ".join(_csv_cell(f"v{i}") for i in range(len(fields)))
        if len(fields) == 1:  # as csv.writer: a line of one empty cell is "", not empty
            cells = f"coalesce(nullif({cells}, ''), '\"\"')"
        line = f"CAST({cells} AS BLOB)"
    else:
        line = ", ".join(
            f"CAST(v{i} AS BLOB)" if f in _JSON else f"v{i}" for i, f in enumerate(fields)
        )
    where, params = filters.where("a")
    columns = ", ".join([*values, "a.published_at", "a.published_utc"])
    # OFFSET 0: SQLite then does not merge the inner query into the outer one, which would
    # compute a value (a subquery of links) once for each time the line names it
    order = f"ORDER BY {published.order()}, a.id LIMIT -1 OFFSET 0"
    db.execute(f"PRAGMA cache_size = -{EXPORT_CACHE_KB}")
    file = parallel_reads.database_file(db.conn)
    if readers < 2 or file is None:
        sql = (
            f"SELECT {line}, published_at, published_utc FROM ("
            f"SELECT {columns} FROM articles AS a WHERE {where} {order})"
        )
        with query_errors(filters):
            cursor = db.execute(sql, params)
        while batch := cursor.fetchmany(batch_size):
            yield batch
        return
    # The order first (the ids, from an index), then each batch's lines, its ids' rows
    # sorted again: the order of the one query above. The batches of a large export are
    # built by reader processes, on both cores; a row is read as it is when its batch is.
    with query_errors(filters):
        cursor = db.execute(
            f"SELECT a.id FROM articles AS a WHERE {where} ORDER BY {published.order()}, a.id",
            params,
        )
    batches = []
    while ids := cursor.fetchmany(batch_size):
        batches.append((json.dumps([i for (i,) in ids]),))
    sql = (
        f"SELECT {line}, published_at, published_utc FROM (SELECT {columns} "
        f"FROM json_each(?) AS batch CROSS JOIN articles AS a ON a.id = batch.value {order})"
    )
    if len(batches) < PARALLEL_EXPORT_BATCHES:
        for ids_json in batches:
            yield db.execute(sql, ids_json).fetchall()
        return
    yield from parallel_reads.read_in_order(
        file, sql, batches, readers=readers, cache_kb=EXPORT_CACHE_KB
    )


def _export_value(field: str, present: set[str]) -> str:
    """The SQL of a field's value; JSON text for lists and links."""
    if field == "related":
        return _RELATED
    if field == "next":
        return _NEXT
    if field not in present:
        return "'[]'" if field in _JSON_LISTS else "NULL"
    if field in _JSON_LISTS:
        return f"coalesce(a.{field}, '[]')"
    return f"a.{field}"


def _csv_cell(value: str) -> str:
    """A value as csv.writer writes it (QUOTE_MINIMAL): quoted when it has a quote, a
    comma or a line break, its quotes doubled; null is empty."""
    return (
        f"(CASE WHEN {value} IS NULL THEN '' "
        f"WHEN instr({value}, '\"') THEN '\"' || replace({value}, '\"', '\"\"') || '\"' "
        f"WHEN instr({value}, ',') OR instr({value}, char(10)) OR instr({value}, char(13)) "
        f"THEN '\"' || {value} || '\"' ELSE {value} END)"
    )
