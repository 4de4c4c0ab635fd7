"""The SQLite archive: the only module that names tables or writes SQL."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from textile_news.migrations import migrations

DEFAULT_DB = "data/archive.sqlite"
ARTICLE_COLUMNS = (
    "id",
    "url",
    "site",
    "title",
    "published_at",
    "published_utc",
    "source",
    "author",
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
# What makes a new version of an article; view counts and hints from the linking page don't.
_HASHED = ("title", "published_at", "author", "body")


class ArchiveError(Exception):
    """The archive cannot be opened or used; the message says why, in one line."""


class QueryError(ArchiveError):
    """A full-text query the index cannot parse."""


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: int = 0


def db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The archive path: ``path``, else ``$TEXTILE_NEWS_DB``, else ``data/archive.sqlite``."""
    return Path(path or os.environ.get("TEXTILE_NEWS_DB") or DEFAULT_DB)


def open_db(path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Database:
    """Open (and create or migrate) the archive.

    :param path: the SQLite file; see :func:`db_path` for the default
    :param create: when False, a missing file is an error instead of a new archive
    :raises ArchiveError: the file is missing (with ``create=False``) or is not an archive
    """
    file = db_path(path)
    if not create and not file.exists():
        raise ArchiveError(f"no archive at {file}: run `textile-news crawl` or `demo` first")
    conn: sqlite3.Connection | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(file, timeout=30)
        db = Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA foreign_keys = ON")
        foreign = set(db.table_names()) - {"_sqlite_migrations"}
        if foreign and not migrations.applied(db):
            raise ArchiveError(
                f"{file} is a SQLite database but not a textile_news archive "
                f"(it has tables {', '.join(sorted(foreign)[:5])}); choose another --db"
            )
        if db.journal_mode != "wal":
            db.enable_wal()
        migrations.apply(db)
    except (sqlite3.DatabaseError, OSError, ArchiveError) as exc:
        if conn is not None:
            conn.close()  # else it leaks (and warns on Python 3.13+)
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    return db


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(article: Mapping[str, Any]) -> str:
    """A digest of what makes a version of an article (title, date, author, body)."""
    data = json.dumps([article.get(k) for k in _HASHED], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def _to_utc(value: str | None) -> str | None:
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_batch(
    db: Database, articles: Sequence[Mapping[str, Any]], rejects: Sequence[Mapping[str, Any]]
) -> BatchResult:
    """Store normalised articles and rejects in one transaction.

    A new URL is inserted; a known URL whose content hash changed is updated in place
    (same id); an unchanged one only gets its ``last_seen_at`` moved.

    :param articles: article dicts as the pipelines produce them (``related`` and ``next``
        included); ``fetched_at`` is their time of fetch
    :param rejects: dicts with ``url``, ``site``, ``stage``, ``reason``, ``detail``
    """
    result = BatchResult(rejects=len(rejects))
    links: list[dict[str, Any]] = []
    with db.atomic():
        known = _known(db, [a["url"] for a in articles])
        for article in articles:
            digest = content_hash(article)
            seen_at = article.get("fetched_at") or utc_now()
            row = _article_row(article, digest)
            old = known.get(article["url"])
            if old is None:
                row.update(first_seen_at=seen_at, last_seen_at=seen_at)
                cursor = db.execute(
                    f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()),
                )
                article_id = int(cursor.lastrowid or 0)
                known[article["url"]] = (article_id, digest)
                result.new += 1
            elif old[1] == digest:
                db.execute(
                    "UPDATE articles SET last_seen_at = ?, views = ? WHERE id = ?",
                    [seen_at, row["views"], old[0]],
                )
                result.unchanged += 1
                continue
            else:
                article_id = old[0]
                row["last_seen_at"] = seen_at
                db.execute(
                    f"UPDATE articles SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                    [*row.values(), article_id],
                )
                known[article["url"]] = (article_id, digest)
                db.execute("DELETE FROM related_links WHERE article_id = ?", [article_id])
                # and those of an earlier version in this same batch, not yet inserted
                links = [link for link in links if link["article_id"] != article_id]
                result.updated += 1
            links += _link_rows(article_id, article)
        if links:
            # executemany: sqlite-utils' insert_all spends more time building SQL than
            # SQLite spends inserting these small rows
            db.conn.executemany(
                f"INSERT INTO related_links ({', '.join(_LINK_COLUMNS)}) "
                f"VALUES ({', '.join(':' + c for c in _LINK_COLUMNS)})",
                links,
            )
        if rejects:
            db["rejects"].insert_all(  # type: ignore[union-attr]
                {
                    "url": r["url"],
                    "site": r.get("site"),
                    "stage": r["stage"],
                    "reason": r["reason"],
                    "detail": json.dumps(r.get("detail") or {}, ensure_ascii=False),
                    "rejected_at": r.get("rejected_at") or utc_now(),
                }
                for r in rejects
            )
    return result


def _known(db: Database, urls: Sequence[str]) -> dict[str, tuple[int, str]]:
    if not urls:
        return {}
    marks = ", ".join("?" * len(urls))
    rows = db.execute(
        f"SELECT url, id, content_hash FROM articles WHERE url IN ({marks})", list(urls)
    )
    return {url: (article_id, digest) for url, article_id, digest in rows}


def _article_row(article: Mapping[str, Any], digest: str) -> dict[str, Any]:
    return {
        "url": article["url"],
        "site": article["site"],
        "title": article["title"],
        "published_at": article["published_at"],
        "published_utc": _to_utc(article["published_at"]),
        "source": article.get("source"),
        "author": article.get("author"),
        "tags": json.dumps(list(article.get("tags") or []), ensure_ascii=False),
        "category": article.get("category"),
        "views": article.get("views"),
        "language": article.get("language"),
        "body": article["body"],
        "summary": article.get("summary"),
        "fetched_at": article.get("fetched_at"),
        "content_hash": digest,
    }


_LINK_COLUMNS = (
    "article_id",
    "kind",
    "position",
    "url",
    "title",
    "category",
    "published_at",
    "summary",
)


def _link_rows(article_id: int | None, article: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = [
        {
            "article_id": article_id,
            "kind": "related",
            "position": i,
            "url": link["url"],
            "title": link.get("title"),
            "category": link.get("category"),
            "published_at": link.get("published_at"),
            "summary": None,
        }
        for i, link in enumerate(article.get("related") or [])
    ]
    nxt = article.get("next")
    if nxt:
        rows.append(
            {
                "article_id": article_id,
                "kind": "next",
                "position": 0,
                "url": nxt["url"],
                "title": nxt.get("title"),
                "category": None,
                "published_at": None,
                "summary": nxt.get("summary"),
            }
        )
    return rows


# --- reading ---------------------------------------------------------------


def _row_to_article(row: Mapping[str, Any]) -> dict[str, Any]:
    article = dict(row)
    article["tags"] = json.loads(article["tags"] or "[]")
    return article


def search(
    db: Database, query: str, *, limit: int = 20, site: str | None = None
) -> list[dict[str, Any]]:
    """Full-text search over title and body, newest first.

    :param query: FTS5 syntax: words, ``"phrases"``, ``AND``/``OR``/``NOT``, ``prefix*``
    :param limit: at most this many results
    :param site: only articles of this site slug
    :raises QueryError: the query is not valid FTS5 syntax
    """
    sql = (
        "SELECT a.id, a.url, a.title, a.published_at, a.site, a.source, a.author, "
        "snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH :query" + (" AND a.site = :site" if site else "") + " "
        "ORDER BY a.published_utc DESC, a.id DESC LIMIT :limit"
    )
    try:
        cursor = db.execute(sql, {"query": query, "site": site, "limit": limit})
    except sqlite3.OperationalError as exc:
        raise QueryError(f"invalid search query {query!r}: {exc}") from None
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def iter_articles(
    db: Database,
    *,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    links: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every matching article, oldest first, streamed from a cursor (constant memory).

    :param site: only this site slug
    :param since: ``published_at`` on or after this date (``YYYY-MM-DD``, the article's local time)
    :param until: ``published_at`` on or before this date (inclusive, whole day)
    :param links: add each article's ``related`` and ``next`` links
    """
    where: list[str] = []
    params: list[Any] = []
    if site:
        where.append("site = ?")
        params.append(site)
    if since:
        where.append("published_at >= ?")
        params.append(since)
    if until:
        where.append("substr(published_at, 1, ?) <= ?")
        params.extend([len(until), until])
    sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cursor = db.execute(sql + " ORDER BY published_utc, id", params)
    for row in cursor:
        article = _row_to_article(dict(zip(ARTICLE_COLUMNS, row, strict=True)))
        if links:
            article.update(_links_of(db, article["id"]))
        yield article


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


def article_count(db: Database, site: str | None = None) -> int:
    if site:
        return int(db.execute("SELECT count(*) FROM articles WHERE site = ?", [site]).fetchone()[0])
    return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def get_article(db: Database, url: str) -> dict[str, Any] | None:
    """One article by canonical URL, with its ``related`` and ``next`` links."""
    cursor = db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE url = ?", [url])
    row = cursor.fetchone()
    if row is None:
        return None
    article = _row_to_article(dict(zip(ARTICLE_COLUMNS, row, strict=True)))
    article.update(_links_of(db, article["id"]))
    return article


def rejects(db: Database) -> list[dict[str, Any]]:
    """Every recorded reject, oldest first."""
    return [dict(r) for r in db.query("SELECT * FROM rejects ORDER BY id")]


def integrity_check(db: Database) -> str:
    """``PRAGMA integrity_check``: ``"ok"`` for a sound file."""
    return str(db.execute("PRAGMA integrity_check").fetchone()[0])
