"""Watches: saved searches, and the articles that arrived or changed since each last ran
(issue 16, item 7)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlite_utils import Database

from textile_news.archive import published
from textile_news.archive.db import utc_now, write_transaction
from textile_news.archive.errors import ArchiveError
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import query_errors
from textile_news.text.date_bounds import BadDate, bound

# What a watch reports of an article, besides ``change`` and ``arrived_at``
COLUMNS = ("id", "url", "site", "title", "published_at", "language", "author", "summary")


class WatchError(ArchiveError):
    """A watch that does not exist, already exists, or cannot be run by this version."""


@dataclass(frozen=True)
class Mark:
    """How far a watch has read: the newest article and revision rows it has seen."""

    article_id: int
    revision_id: int


@dataclass(frozen=True)
class Watch:
    """A saved search.

    :param filters: the filter options as given (``{"site": "sjfzxm_com"}``), without the
        query; :meth:`article_filter` reads them
    """

    name: str
    query: str
    filters: dict[str, Any]
    created_at: str
    last_run_at: str | None
    seen: Mark

    def article_filter(self) -> ArticleFilter:
        """The filter this watch stands for, built now (relative dates count from today).

        :raises WatchError: it names a filter this version does not know
        """
        known = {f.name for f in fields(ArticleFilter)} - {"query"} | {"include_duplicates"}
        if unknown := sorted(set(self.filters) - known):
            raise WatchError(
                f"watch {self.name!r} has the filter {unknown[0]!r}, which this version "
                "does not know; upgrade textile-news or remove the watch"
            )
        given = dict(self.filters)
        # dates as typed ("7d", "2020-9"): bounded now, so that a relative one moves on
        for name in ("since", "until"):
            if given.get(name):
                try:
                    given[name] = bound(given[name], end=name == "until")
                except BadDate as exc:
                    raise WatchError(f"watch {self.name!r}: --{name}: {exc}") from None
        include = given.pop("include_duplicates", None)
        return ArticleFilter(
            query=self.query, **given, duplicates="include" if include else "exclude"
        )


def add_watch(
    db: Database, name: str, query: str, filters: Mapping[str, Any], *, from_start: bool = False
) -> Watch:
    """Save a watch. Its first run shows what arrives from now on, or with ``from_start``
    every matching article already archived too.

    :param filters: filter option values, the ones not given left out
    :raises WatchError: a watch of this name exists
    """
    given = {k: v for k, v in filters.items() if v is not None}
    with write_transaction(db):
        if get_watch(db, name) is not None:
            raise WatchError(f"watch {name!r} exists; remove it first")
        seen = Mark(0, 0) if from_start else current_mark(db)
        db.execute(
            "INSERT INTO watches (name, query, filters, created_at, seen_article_id, "
            "seen_revision_id) VALUES (?, ?, ?, ?, ?, ?)",
            [name, query, json.dumps(given, ensure_ascii=False), utc_now(), *_ids(seen)],
        )
    found = get_watch(db, name)
    assert found is not None
    return found


def get_watch(db: Database, name: str) -> Watch | None:
    """The watch called ``name``, or None."""
    rows = _select(db, "WHERE name = ?", [name])
    return rows[0] if rows else None


def list_watches(db: Database) -> list[Watch]:
    """Every watch, by name."""
    return _select(db, "ORDER BY name", [])


def remove_watch(db: Database, name: str) -> bool:
    """Delete the watch called ``name``; False when there was none."""
    with write_transaction(db):
        return db.execute("DELETE FROM watches WHERE name = ?", [name]).rowcount > 0


def current_mark(db: Database) -> Mark:
    """The newest article and revision rows in the archive now."""
    row = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM articles), "
        "(SELECT coalesce(max(id), 0) FROM article_revisions)"
    ).fetchone()
    return Mark(row[0], row[1])


def arrivals(db: Database, watch: Watch, upto: Mark) -> list[dict[str, Any]]:
    """The articles matching ``watch`` that arrived after its watermark and up to ``upto``:
    new ones (``change`` "new", ``arrived_at`` their ``first_seen_at``) and older ones
    revised since (``change`` "revised", ``arrived_at`` the latest revision), each once,
    newest publication first.

    :raises QueryError: the watch's query is not valid
    :raises WatchError: see :meth:`Watch.article_filter`
    """
    chosen = watch.article_filter()
    where, params = chosen.where("a")
    after = watch.seen
    # an article both new and revised since is new: the revised branch takes older ones only
    sql = f"""WITH changed (article_id, change, arrived_at) AS (
  SELECT id, 'new', first_seen_at FROM articles WHERE id > ? AND id <= ?
  UNION ALL
  SELECT article_id, 'revised', max(revised_at) FROM article_revisions
    WHERE id > ? AND id <= ? AND article_id <= ? GROUP BY article_id
)
SELECT {", ".join("a." + c for c in COLUMNS)}, c.change, c.arrived_at
FROM changed AS c JOIN articles AS a ON a.id = c.article_id
WHERE {where} ORDER BY {published.order()} DESC, a.id DESC"""
    ids = [after.article_id, upto.article_id, after.revision_id, upto.revision_id]
    with query_errors(chosen):
        cursor = db.execute(sql, [*ids, after.article_id, *params])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def latest(db: Database, watch: Watch, limit: int = 50) -> list[dict[str, Any]]:
    """The ``limit`` matching articles that arrived or changed last, whatever the watermark,
    each with ``updated`` (its latest revision, else ``first_seen_at``), latest first."""
    chosen = watch.article_filter()
    where, params = chosen.where("a")
    sql = f"""SELECT {", ".join("a." + c for c in COLUMNS)}, a.published_utc,
  coalesce((SELECT max(r.revised_at) FROM article_revisions AS r WHERE r.article_id = a.id),
           a.first_seen_at) AS updated
FROM articles AS a WHERE {where} ORDER BY updated DESC, a.id DESC LIMIT ?"""
    with query_errors(chosen):
        cursor = db.execute(sql, [*params, limit])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def advance(db: Database, name: str, upto: Mark) -> None:
    """Record that the watch ``name`` has shown everything up to ``upto``, now."""
    with write_transaction(db):
        db.execute(
            "UPDATE watches SET seen_article_id = ?, seen_revision_id = ?, last_run_at = ? "
            "WHERE name = ?",
            [*_ids(upto), utc_now(), name],
        )


def _ids(mark: Mark) -> list[int]:
    return [mark.article_id, mark.revision_id]


def _select(db: Database, rest: str, params: list[Any]) -> list[Watch]:
    rows = db.execute(
        "SELECT name, query, filters, created_at, last_run_at, seen_article_id, "
        f"seen_revision_id FROM watches {rest}",
        params,
    ).fetchall()
    return [
        Watch(name, query, json.loads(given), created, ran, Mark(article, revision))
        for name, query, given, created, ran, article, revision in rows
    ]
