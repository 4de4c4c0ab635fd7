"""What only the tests ask of the archive: every article as rows, every reject, the
integrity check."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from textile_news.archive import published
from textile_news.archive.export import EXPORT_CACHE_KB
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import ARTICLE_COLUMNS, query_errors


def iter_articles(
    db: Database,
    filters: ArticleFilter | None = None,
    *,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    columns: Sequence[str] | None = None,
    links: bool = False,
    batch_size: int = 1000,
) -> Iterator[dict[str, Any]]:
    """Every matching article, oldest first, streamed from a cursor (constant memory).

    :param filters: which articles; without it, ``site``, ``since`` and ``until`` say
    :param site: only this site slug
    :param since: ``published_at`` on or after this date (``YYYY-MM-DD``, the article's local time)
    :param until: ``published_at`` on or before this date (inclusive, whole day)
    :param columns: the article columns to read (default: :data:`ARTICLE_COLUMNS`); ``terms``,
        the taxonomy's term ids, is an empty list in an archive without them. ``id`` is
        always read.
    :param links: add each article's ``related`` and ``next`` links
    :param batch_size: rows fetched at a time; links are read with one query per batch
    :raises QueryError: ``filters.query`` is not a valid search query
    """
    # every article without filters: the copies too (ArticleFilter() leaves them out)
    filters = filters or ArticleFilter(site=site, since=since, until=until, duplicates="include")
    where, params = filters.where("a")
    present = set(db["articles"].columns_dict)
    wanted = list(dict.fromkeys(["id", *(columns or ARTICLE_COLUMNS)]))
    selected = [c for c in wanted if c in present]
    absent = [c for c in wanted if c not in present]
    sql = (
        f"SELECT {', '.join('a.' + c for c in selected)} FROM articles AS a "
        f"WHERE {where} ORDER BY {published.order()}, a.id"
    )
    # Articles in date order are in no order in the file: with SQLite's 2 MB page cache,
    # each one re-reads the table's inner pages from the OS; 32 MB keeps them
    db.execute(f"PRAGMA cache_size = -{EXPORT_CACHE_KB}")
    with query_errors(filters):
        cursor = db.execute(sql, params)
    while batch := cursor.fetchmany(batch_size):
        articles = [dict(zip(selected, row, strict=True)) for row in batch]
        found = _links_by_article(db, [a["id"] for a in articles]) if links else {}
        for article in articles:
            for name in ("tags", "terms"):
                if name in article:
                    article[name] = json.loads(article[name] or "[]")
            for name in absent:
                article[name] = [] if name == "terms" else None
            if links:
                article.update(found.get(article["id"]) or {"related": [], "next": None})
            yield article


def _links_by_article(db: Database, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The ``related`` and ``next`` links of many articles in one query (not one per row)."""
    found: dict[int, dict[str, Any]] = {}
    rows = db.execute(
        "SELECT article_id, kind, url, title, category, published_at, summary "
        f"FROM related_links WHERE article_id IN ({', '.join('?' * len(ids))}) "
        "ORDER BY article_id, kind, position",
        list(ids),
    )
    for article_id, kind, url, title, category, published_at, summary in rows:
        links = found.setdefault(article_id, {"related": [], "next": None})
        if kind == "related":
            links["related"].append(
                {"url": url, "title": title, "category": category, "published_at": published_at}
            )
        elif kind == "next":
            links["next"] = {"url": url, "title": title, "summary": summary}
    return found


def rejects(db: Database) -> list[dict[str, Any]]:
    """Every recorded reject, oldest first."""
    return [dict(r) for r in db.query("SELECT * FROM rejects ORDER BY id")]


def integrity_check(db: Database) -> str:
    """``PRAGMA integrity_check``: ``"ok"`` for a sound file."""
    return str(db.execute("PRAGMA integrity_check").fetchone()[0])
