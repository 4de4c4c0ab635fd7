"""The taxonomy in the archive (textile_news/text/taxonomy.py): its vocabulary, tagging
every article again (retag), and how many articles each term tags."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from textile_news.archive.db import write_transaction
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import query_errors
from textile_news.text import taxonomy


@dataclass
class RetagResult:
    """What :func:`retag` did: ``articles`` tagged, ``changed`` (those whose terms are not
    the ones they had), term rows ``added`` and ``removed``."""

    articles: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0


def retag(
    db: Database, vocabulary: taxonomy.Vocabulary | None = None, *, batch: int = 1000
) -> RetagResult:
    """Tag every archived article again, after the vocabulary changed (or for an archive
    made before the taxonomy): ``article_terms``, ``articles.terms`` and ``terms``.

    A page of ``batch`` articles at a time, each in a transaction of its own: constant
    memory, and a crawl writing to the archive meanwhile waits a moment at most.

    :param vocabulary: the taxonomy; None: :func:`taxonomy.default`
    """
    tagger = vocabulary if vocabulary is not None else taxonomy.default()
    result = RetagResult()
    last = 0
    with write_transaction(db):
        sync_vocabulary(db, tagger)
    while True:
        with write_transaction(db):
            rows = db.execute(
                "SELECT id, title, body, terms FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                [last, batch],
            ).fetchall()
            if not rows:
                break
            old: dict[int, set[str]] = {}
            for article_id, term in db.execute(
                "SELECT article_id, term FROM article_terms WHERE article_id BETWEEN ? AND ?",
                [rows[0][0], rows[-1][0]],
            ):
                old.setdefault(article_id, set()).add(term)
            added, removed, columns = [], [], []
            for article_id, title, body, stored in rows:
                terms = tagger.tag(title, body)
                before = old.get(article_id, set())
                added += [(article_id, t) for t in terms if t not in before]
                removed += [(article_id, t) for t in sorted(before - set(terms))]
                result.changed += set(terms) != before
                if stored != (value := json.dumps(terms)):
                    columns.append((value, article_id))
            db.conn.executemany(
                "DELETE FROM article_terms WHERE article_id = ? AND term = ?", removed
            )
            db.conn.executemany("INSERT INTO article_terms (article_id, term) VALUES (?, ?)", added)
            db.conn.executemany("UPDATE articles SET terms = ? WHERE id = ?", columns)
        result.articles += len(rows)
        result.added += len(added)
        result.removed += len(removed)
        last = rows[-1][0]
    return result


def term_counts(
    db: Database, facet: str | None = None, filters: ArticleFilter | None = None
) -> list[dict[str, Any]]:
    """Each term of the vocabulary that tagged the archive, with the number of articles
    it tags: ``id``, ``facet``, ``label_en``, ``label_zh``, ``articles``; by facet, then
    the most articles first.

    :param facet: only this facet's terms
    :param filters: count only these articles
    :raises QueryError: ``filters.query`` is not a valid search query
    """
    if filters is None:
        counts = "SELECT term, count(*) AS n FROM article_terms GROUP BY term"
        params: list[Any] = []
    else:
        where, params = filters.where("a")
        counts = (
            "SELECT at.term, count(*) AS n FROM article_terms AS at "
            f"JOIN articles AS a ON a.id = at.article_id WHERE {where} GROUP BY at.term"
        )
    sql = (
        "SELECT t.id, t.facet, t.label_en, t.label_zh, coalesce(c.n, 0) AS articles "
        f"FROM terms AS t LEFT JOIN ({counts}) AS c ON c.term = t.id"
        + (" WHERE t.facet = ?" if facet else "")
        + " ORDER BY t.facet, articles DESC, t.id"
    )
    keys = ("id", "facet", "label_en", "label_zh", "articles")
    with query_errors(filters or ArticleFilter()):
        rows = db.execute(sql, [*params, *([facet] if facet else [])]).fetchall()
    return [dict(zip(keys, row, strict=True)) for row in rows]


def term_facets(db: Database) -> list[str]:
    """The facets of the vocabulary that tagged the archive (``fibre``, ``place``...)."""
    return [facet for (facet,) in db.execute("SELECT DISTINCT facet FROM terms ORDER BY facet")]


def sync_vocabulary(db: Database, vocabulary: taxonomy.Vocabulary) -> None:
    """Make ``terms`` list ``vocabulary``, unless it does already (same digest)."""
    row = db.execute("SELECT value FROM taxonomy_meta WHERE key = 'digest'").fetchone()
    if row is not None and row[0] == vocabulary.digest:
        return
    db.execute("DELETE FROM terms")
    db.conn.executemany(
        "INSERT INTO terms (id, facet, label_en, label_zh) VALUES (?, ?, ?, ?)",
        [(t.id, t.facet, t.label_en, t.label_zh) for t in vocabulary],
    )
    db.execute(
        "INSERT INTO taxonomy_meta (key, value) VALUES ('digest', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [vocabulary.digest],
    )
