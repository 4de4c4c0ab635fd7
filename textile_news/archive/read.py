"""Reading articles: one with its links and terms (show), its versions, its copies, what
the incremental crawl asks of a URL, and the archive's tables and columns."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from textile_news.archive import published
from textile_news.archive.errors import QueryError
from textile_news.archive.filters import ArticleFilter
from textile_news.items import ARTICLE_FIELDS
from textile_news.sites import Catalogue, packaged
from textile_news.text.urls import canonical_url

# The columns an article is read with (show, the CSV export's default fields)
ARTICLE_COLUMNS = tuple(f.name for f in ARTICLE_FIELDS if f.row)


def _row_to_article(row: Mapping[str, Any]) -> dict[str, Any]:
    article = dict(row)
    article["tags"] = json.loads(article["tags"] or "[]")
    return article


@contextmanager
def query_errors(filters: ArticleFilter) -> Iterator[None]:
    """An error of the search index on the user's query as a QueryError."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if filters.query is None:
            raise
        raise QueryError(f"invalid search query {filters.query!r}: {exc}") from None


def table_columns(db: Database) -> dict[str, list[str]]:
    """Each table of the archive and its columns (for Datasette's metadata)."""
    return {name: list(db[name].columns_dict) for name in db.table_names()}


def _links_of(db: Database, article_id: int) -> dict[str, Any]:
    rows = db.execute(
        "SELECT kind, url, title, category, published_at, summary FROM related_links "
        "WHERE article_id = ? ORDER BY kind, position",
        [article_id],
    ).fetchall()
    return {
        "related": [
            {"url": u, "title": t, "category": c, "published_at": p}
            for kind, u, t, c, p, _ in rows
            if kind == "related"
        ],
        "next": next(
            (
                {"url": u, "title": t, "summary": s}
                for kind, u, t, _, _, s in rows
                if kind == "next"
            ),
            None,
        ),
    }


def duplicates_of(db: Database, article_id: int) -> list[dict[str, Any]]:
    """The other archived copies of an article's story (its original and the articles
    linked to the same original), earliest published first; empty for a story archived once.

    :param article_id: any copy: the original or one of its duplicates
    """
    found = db.execute("SELECT duplicate_of FROM articles WHERE id = ?", [article_id]).fetchone()
    if found is None:
        return []
    original = found[0] or article_id
    cursor = db.execute(
        "SELECT id, url, site, title, published_at, duplicate_of FROM articles "
        "WHERE (id = ? OR duplicate_of = ?) AND id != ? "
        f"ORDER BY {published.order('')}, id",
        [original, original, article_id],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def get_article(db: Database, url_or_id: str | int) -> dict[str, Any] | None:
    """One article by canonical URL or id, with its taxonomy ``terms`` and its ``related``
    and ``next`` links."""
    column = "id" if str(url_or_id).isdigit() else "url"
    cursor = db.execute(
        f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE {column} = ?", [url_or_id]
    )
    row = cursor.fetchone()
    if row is None:
        return None
    article = _row_to_article(dict(zip(ARTICLE_COLUMNS, row, strict=True)))
    (terms,) = db.execute("SELECT terms FROM articles WHERE id = ?", [article["id"]]).fetchone()
    article["terms"] = json.loads(terms or "[]")  # taxonomy term ids (m007)
    article.update(_links_of(db, article["id"]))
    return article


def find_article(db: Database, given: str, sites: Catalogue | None = None) -> dict[str, Any] | None:
    """One article by id, or by any spelling of its URL that a crawl would have stored under
    the article's: scheme, host case, tracking parameters, fragment, a mirror host (issue 16,
    item 4). :func:`get_article` of the crawl's own canonical form of ``given``.

    :param sites: the catalogue whose hosts and mirrors say where a site files its articles
        (default: the packaged sites)
    """
    found = get_article(db, given)
    if found is not None or given.isdigit():
        return found
    canonical = canonical_spelling(given, sites)
    return None if canonical == given else get_article(db, canonical)


def canonical_spelling(url: str, sites: Catalogue | None = None) -> str:
    """``url`` as a crawl of its site stores it (``text.urls.canonical_url`` with the site's
    host aliases); a URL without a scheme is taken as http."""
    url = url.strip()
    if "://" not in url:
        url = f"http://{url}"
    site = (sites if sites is not None else packaged()).for_url(url)
    return canonical_url(url, site.aliases() if site else None)


def urls_near(db: Database, url: str, limit: int = 3) -> list[str]:
    """Stored URLs with the path and query of ``url`` on another scheme or host, or with a
    trailing slash more or less: what the user may have meant by a URL not archived."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    escaped = (path + query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    patterns = [f"%{escaped}", f"%{escaped}/"] if not query else [f"%{escaped}"]
    near = []
    # a scan of the url column: this runs once, when show finds nothing
    for (stored,) in db.execute(
        "SELECT url FROM articles WHERE url LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\' "
        "ORDER BY url",
        [patterns[0], patterns[-1]],
    ):
        other = urlsplit(stored)
        if stored != url and other.path.rstrip("/") == path and other.query == parts.query:
            near.append(stored)
            if len(near) == limit:
                break
    return near


def article_history(db: Database, url: str) -> list[dict[str, Any]]:
    """Every stored version of an article, oldest first; the last is the current one.

    Each version has ``title``, ``published_at``, ``author``, ``body``, ``fetched_at`` (when
    that version was fetched), ``content_hash``, and ``diff`` (from the version before).
    """
    current = db.execute(
        "SELECT id, title, published_at, author, body, fetched_at, content_hash "
        "FROM articles WHERE url = ?",
        [url],
    ).fetchone()
    if current is None:
        return []
    revisions = db.execute(
        "SELECT old_title, old_published_at, old_author, old_body, old_fetched_at, old_hash, "
        "diff FROM article_revisions WHERE article_id = ? ORDER BY id",
        [current[0]],
    ).fetchall()
    keys = ("title", "published_at", "author", "body", "fetched_at", "content_hash")
    versions = [dict(zip(keys, r[:6], strict=True)) for r in revisions]
    versions.append(dict(zip(keys, current[1:], strict=True)))
    diffs = [None, *(r[6] for r in revisions)]
    for version, diff in zip(versions, diffs, strict=True):
        version["diff"] = diff
    return versions


def archived_status(db: Database, url: str) -> tuple[str | None, str | None, bool]:
    """``(first_seen_at, published, captured)`` of an archived URL, ``(None, None,
    False)`` for a new one; ``published``: its sort key (:func:`published.order`: the UTC
    instant, else the day or naive time); ``captured``: its original is stored (for the
    incremental filter: two indexed lookups)."""
    row = db.execute(
        f"SELECT first_seen_at, {published.order('')}, "
        "EXISTS (SELECT 1 FROM captures WHERE captures.url = articles.url) "
        "FROM articles WHERE url = ?",
        [url],
    ).fetchone()
    return (row[0], row[1], bool(row[2])) if row else (None, None, False)


def archived_before(db: Database, moment: str) -> bool:
    """Whether any article was first stored before ``moment`` (ISO 8601, UTC)."""
    row = db.execute("SELECT 1 FROM articles WHERE first_seen_at < ? LIMIT 1", [moment])
    return row.fetchone() is not None
