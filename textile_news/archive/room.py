"""What the reading room (Datasette) reads besides an article: how many articles a
filter finds per site, language, month and taxonomy term (its facets); those
articles newest first when there is no search query to rank them by; the terms' labels;
which of a list of URLs are archived."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from textile_news.archive import published
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import query_errors

FACETS = ("site", "language", "month", "term")
_GROUPED = {
    "site": "a.site",
    "language": "a.language",
    "month": "substr(a.published_at, 1, 7)",
}
_LISTED = ("id", "url", "title", "published_at", "site", "source", "author", "language", "summary")


def facet_counts(db: Database, filters: ArticleFilter, facet: str) -> list[tuple[str, int]]:
    """``(value, articles)`` of one facet among the articles that pass ``filters``, the
    most first (a month: newest first); articles without a value are left out.

    :param facet: one of :data:`FACETS`
    :raises QueryError: ``filters.query`` is not a valid search query
    """
    if facet not in FACETS:
        raise ValueError(f"facet must be one of {', '.join(FACETS)}, not {facet!r}")
    where, params = filters.where("a")
    if facet == "term":
        sql = (
            "SELECT t.term, count(*) AS n FROM article_terms t JOIN articles a "
            f"ON a.id = t.article_id WHERE {where} GROUP BY t.term ORDER BY n DESC, t.term"
        )
    else:
        column = _GROUPED[facet]
        order = "value DESC" if facet == "month" else "n DESC, value"
        sql = (
            f"SELECT {column} AS value, count(*) AS n FROM articles a "
            f"WHERE {where} AND coalesce({column}, '') != '' GROUP BY value ORDER BY {order}"
        )
    with query_errors(filters):
        return [(value, int(n)) for value, n in db.execute(sql, params).fetchall()]


def term_labels(db: Database) -> dict[str, tuple[str, str]]:
    """Each taxonomy term's ``(English, Chinese)`` label, by id."""
    if "terms" not in db.table_names():
        return {}
    rows = db.execute("SELECT id, label_en, label_zh FROM terms").fetchall()
    return {term: (en or term, zh or "") for term, en, zh in rows}


def newest(
    db: Database, filters: ArticleFilter, *, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """The articles that pass ``filters``, newest first (:func:`published.order`), a page
    of them: ``limit`` after the first ``offset``.

    :raises QueryError: ``filters.query`` is not a valid search query
    """
    where, params = filters.where("a")
    sql = (
        f"SELECT {', '.join('a.' + c for c in _LISTED)} FROM articles a WHERE {where} "
        f"ORDER BY {published.order('a')} DESC, a.id DESC LIMIT ? OFFSET ?"
    )
    with query_errors(filters):
        rows = db.execute(sql, [*params, limit, offset]).fetchall()
    return [dict(zip(_LISTED, row, strict=True)) for row in rows]


def archived_ids(db: Database, urls: list[str]) -> dict[str, int]:
    """The id of each of ``urls`` that is an archived article's canonical URL."""
    if not urls:
        return {}
    rows = db.execute(
        f"SELECT url, id FROM articles WHERE url IN ({', '.join('?' * len(urls))})", urls
    ).fetchall()
    return {url: int(article_id) for url, article_id in rows}
