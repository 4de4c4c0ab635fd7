"""The SQLite archive: the only module that names tables or writes SQL."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from textile_news import fingerprint
from textile_news.migrations import migrations

DEFAULT_DB = "data/archive.sqlite"
# SimHash fingerprints at most this many bits apart are copies of one story (the setting
# TEXTILE_NEWS_DUPLICATE_DISTANCE); up to 3, the band look-up finds every such copy
DUPLICATE_DISTANCE = 3
ARTICLE_COLUMNS = (
    "id",
    "url",
    "site",
    "title",
    "published_at",
    "published_utc",
    "date_source",
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
    "duplicate_of",
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


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the archive's write lock when it begins (BEGIN IMMEDIATE).

    Several processes write one archive (a crawl's writer, its run record, parallel jobs,
    reextract). A plain BEGIN starts as a reader; when another connection commits before
    it writes, SQLite cannot upgrade it and fails at once ("database is locked") without
    waiting out the busy timeout. Taking the lock first makes a writer wait its turn.
    """
    if db.conn.in_transaction:  # nested: a savepoint inside the caller's transaction
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


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
        _prepare(db)
    except (sqlite3.DatabaseError, OSError, ArchiveError) as exc:
        if conn is not None:
            conn.close()  # else it leaks (and warns on Python 3.13+)
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    return db


def open_readonly(path: str | os.PathLike[str] | None = None) -> Database:
    """Open an existing archive for reading only: analysts' commands (search, show, stats,
    export) cannot change it, and in WAL mode they never block a crawl that is writing.

    An archive made by an older version is migrated first, through a short read-write
    connection (the only write such a command makes).

    :raises ArchiveError: no archive at ``path``, or not an archive
    """
    file = db_path(path)
    if not file.exists():
        raise ArchiveError(f"no archive at {file}: run `textile-news crawl` or `demo` first")
    db = _connect_readonly(file)
    try:
        pending = migrations.pending(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    if pending or not migrations.applied(db):
        db.close()
        open_db(file, create=False).close()  # refuses a file that is not an archive
        db = _connect_readonly(file)
    return db


def _connect_readonly(file: Path) -> Database:
    # mode=ro: SQLite itself refuses every write on this connection, whatever SQL runs
    conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    db = Database(conn)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


def _prepare(db: Database, timeout: float = 30.0) -> None:
    """WAL mode and the schema's migrations. Processes that open a new archive at the same
    moment (parallel crawls, a crawl's writer and its run record) race to create it; the
    journal-mode switch and a migration's first write fail at once when another holds the
    lock, without the busy timeout's wait, so the loser waits and tries again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if db.journal_mode != "wal":
                db.enable_wal()
            migrations.apply(db)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            if db.conn.in_transaction:
                db.conn.rollback()
            time.sleep(0.05)


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
    db: Database,
    articles: Sequence[Mapping[str, Any]],
    rejects: Sequence[Mapping[str, Any]],
    *,
    duplicate_distance: int = DUPLICATE_DISTANCE,
) -> BatchResult:
    """Store normalised articles and rejects in one transaction.

    A new URL is inserted; a known URL whose content hash changed is updated in place
    (same id); an unchanged one only gets its ``last_seen_at`` moved. A new article whose
    SimHash is within ``duplicate_distance`` bits of an archived one (another site, or a
    mirror under another URL) gets ``duplicate_of``: the id of the earliest published copy.

    :param articles: article dicts as the pipelines produce them (``related`` and ``next``
        included); ``fetched_at`` is their time of fetch
    :param rejects: dicts with ``url``, ``site``, ``stage``, ``reason``, ``detail``
    :param duplicate_distance: the Hamming distance under which two fingerprints are one
        story; negative: no fingerprint and no linking
    """
    result = BatchResult(rejects=len(rejects))
    links: list[dict[str, Any]] = []
    with write_transaction(db):
        known = _known(db, [a["url"] for a in articles])
        for article in articles:
            digest = content_hash(article)
            seen_at = article.get("fetched_at") or utc_now()
            row = _article_row(article, digest)
            old = known.get(article["url"])
            if old is None:
                original = None
                if duplicate_distance >= 0:
                    row = _with_fingerprint(row)
                    original = _find_original(db, row["simhash"], row["url"], duplicate_distance)
                article_id = _insert_article(db, {**row, "duplicate_of": original}, seen_at)
                result.new += 1
            elif old[1] == digest:
                # max(): re-extraction replays older fetches; they don't move last_seen_at back
                db.execute(
                    "UPDATE articles SET last_seen_at = max(last_seen_at, ?), "
                    "views = coalesce(?, views) WHERE id = ?",
                    [seen_at, row["views"], old[0]],
                )
                result.unchanged += 1
                continue
            else:
                article_id = old[0]
                if duplicate_distance >= 0:
                    row = _with_fingerprint(row)
                _update_article(db, article_id, row, seen_at)
                # links of an earlier version in this same batch are not inserted yet
                links = [link for link in links if link["article_id"] != article_id]
                result.updated += 1
            known[article["url"]] = (article_id, digest)
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
                    "run_id": r.get("run_id"),
                }
                for r in rejects
            )
    return result


def _insert_article(db: Database, row: dict[str, Any], seen_at: str) -> int:
    row = {**row, "first_seen_at": seen_at, "last_seen_at": seen_at}
    cursor = db.execute(
        f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    return int(cursor.lastrowid or 0)


def _find_original(db: Database, value: int, url: str, max_distance: int) -> int | None:
    """The id of the earliest published article within ``max_distance`` bits of ``value``
    (the original it points to, when that one is a copy itself), or None.

    Candidates share at least one 16-bit band with ``value``: an indexed look-up per band,
    a few rows on a large archive, instead of a scan (issue 4, item 7).
    """
    if max_distance < 0 or value == 0:  # 0: a text without a word or character
        return None
    bands = fingerprint.bands(value)
    rows = db.execute(
        "SELECT id, simhash, duplicate_of FROM articles WHERE ("
        + " OR ".join(f"simhash_b{i} = ?" for i in range(len(bands)))
        + ") AND url != ? ORDER BY published_utc IS NULL, published_utc, id",
        [*bands, url],
    )
    for article_id, other, duplicate_of in rows:
        if other is not None and fingerprint.distance(value, other) <= max_distance:
            return int(duplicate_of or article_id)
    return None


def _update_article(db: Database, article_id: int, row: dict[str, Any], seen_at: str) -> None:
    """Replace an article's content, keeping its previous version in article_revisions."""
    old = db.execute(
        "SELECT title, body, published_at, author, fetched_at, content_hash "
        "FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    title, body, published_at, author, fetched_at, old_hash = old
    db.execute(
        "INSERT INTO article_revisions (article_id, revised_at, old_fetched_at, old_title, "
        "old_published_at, old_author, old_body, old_hash, new_hash, diff) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article_id,
            seen_at,
            fetched_at,
            title,
            published_at,
            author,
            body,
            old_hash,
            row["content_hash"],
            _diff(title, body, row["title"], row["body"]),
        ],
    )
    # category and summary may come from the page that linked the article (a listing): a
    # version seen without such hints (re-extraction, an id walk) keeps the earlier ones
    keep = {"category", "summary"}
    db.execute(
        "UPDATE articles SET "
        + ", ".join(f"{k} = coalesce(?, {k})" if k in keep else f"{k} = ?" for k in row)
        + ", last_seen_at = max(last_seen_at, ?) WHERE id = ?",
        [*row.values(), seen_at, article_id],
    )
    db.execute("DELETE FROM related_links WHERE article_id = ?", [article_id])


def _diff(old_title: str, old_body: str, new_title: str, new_body: str) -> str:
    old = [old_title, "", *(old_body or "").split("\n")]
    new = [new_title, "", *(new_body or "").split("\n")]
    return "\n".join(difflib.unified_diff(old, new, "before", "after", lineterm=""))


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
        "date_source": article.get("date_source"),
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


def _with_fingerprint(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its SimHash and bands: only for a new or changed article (~0.15 ms: the
    first 800 characters), never for the unchanged ones that most re-crawls find."""
    # the body only: a copy on another site often gets a headline of its own
    value = fingerprint.simhash(row["body"] or row["title"] or "")
    bands = {f"simhash_b{i}": band for i, band in enumerate(fingerprint.bands(value))}
    return {**row, "simhash": value, **bands}


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
        "ORDER BY published_utc IS NULL, published_utc, id",
        [original, original, article_id],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def article_count(db: Database, site: str | None = None) -> int:
    if site:
        return int(db.execute("SELECT count(*) FROM articles WHERE site = ?", [site]).fetchone()[0])
    return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def get_article(db: Database, url_or_id: str | int) -> dict[str, Any] | None:
    """One article by canonical URL or id, with its ``related`` and ``next`` links."""
    column = "id" if str(url_or_id).isdigit() else "url"
    cursor = db.execute(
        f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE {column} = ?", [url_or_id]
    )
    row = cursor.fetchone()
    if row is None:
        return None
    article = _row_to_article(dict(zip(ARTICLE_COLUMNS, row, strict=True)))
    article.update(_links_of(db, article["id"]))
    return article


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


# --- crawl runs ------------------------------------------------------------

RUN_COLUMNS = (
    "id",
    "sites",
    "started_at",
    "finished_at",
    "full",
    "requests",
    "pages",
    "new",
    "updated",
    "unchanged",
    "rejected",
    "errors",
    "errors_by_type",
    "skipped_known",
    "finish_reason",
    "exit_code",
    "findings",
)
_RUN_JSON = ("errors_by_type", "findings", "stats")


def start_run(db: Database, site: str, *, full: bool, started_at: str) -> int:
    """Record the start of a crawl of ``site``; returns the run id."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO crawl_runs (sites, started_at, full) VALUES (?, ?, ?)",
            [site, started_at, int(full)],
        )
    return int(cursor.lastrowid or 0)


def finish_run(db: Database, run_id: int, fields: Mapping[str, Any]) -> None:
    """Fill in a run's figures; dicts and lists (``findings``...) are stored as JSON.

    :param fields: columns of ``crawl_runs`` (``finished_at``, ``pages``, ``findings``...)
    """
    values = {
        k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, dict | list) else v
        for k, v in fields.items()
    }
    with write_transaction(db):
        db.execute(
            f"UPDATE crawl_runs SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
            [*values.values(), run_id],
        )


def last_run_unfinished(db: Database, site: str) -> bool:
    """Whether the latest recorded crawl of ``site`` has no ``finished_at``: it was killed."""
    row = db.execute(
        "SELECT finished_at FROM crawl_runs WHERE sites = ? ORDER BY id DESC LIMIT 1", [site]
    ).fetchone()
    return row is not None and row[0] is None


def runs(db: Database, *, limit: int = 20, site: str | None = None) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first, JSON columns decoded.

    :param limit: at most this many
    :param site: only runs of this site
    """
    sql = f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs"
    params: list[Any] = []
    if site:
        sql += " WHERE sites = ?"
        params.append(site)
    cursor = db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
    rows = [dict(zip(RUN_COLUMNS, r, strict=True)) for r in cursor]
    for row in rows:
        for key in _RUN_JSON:
            if key in row:
                row[key] = json.loads(row[key]) if row[key] else ([] if key == "findings" else {})
    return rows


def sites_overview(db: Database) -> list[dict[str, Any]]:
    """Per site: article count, newest ``published_at``, and its last run with its status."""
    counts = {
        site: (n, newest)
        for site, n, newest in db.execute(
            "SELECT site, count(*), max(published_at) FROM articles GROUP BY site"
        )
    }
    last_runs = {
        row[0]: row
        for row in db.execute(
            "SELECT sites, id, started_at, finished_at, finish_reason, exit_code, findings "
            "FROM crawl_runs WHERE id IN (SELECT max(id) FROM crawl_runs GROUP BY sites)"
        )
    }
    overview = []
    for site in sorted(set(counts) | set(last_runs)):
        n, newest = counts.get(site, (0, None))
        run = last_runs.get(site)
        overview.append(
            {
                "site": site,
                "articles": n,
                "newest_published_at": newest,
                "last_run_id": run[1] if run else None,
                "last_run_started_at": run[2] if run else None,
                "last_run_finished_at": run[3] if run else None,
                "last_run_finish_reason": run[4] if run else None,
                "last_run_exit_code": run[5] if run else None,
                "last_run_findings": json.loads(run[6]) if run and run[6] else [],
            }
        )
    return overview


def archived_status(db: Database, url: str) -> tuple[str | None, str | None]:
    """``(first_seen_at, published_utc)`` of an archived URL, ``(None, None)`` for a new one
    (for the incremental filter: one indexed lookup)."""
    row = db.execute(
        "SELECT first_seen_at, published_utc FROM articles WHERE url = ?", [url]
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def archived_before(db: Database, moment: str) -> bool:
    """Whether any article was first stored before ``moment`` (ISO 8601, UTC)."""
    row = db.execute("SELECT 1 FROM articles WHERE first_seen_at < ? LIMIT 1", [moment])
    return row.fetchone() is not None


def rejects(db: Database) -> list[dict[str, Any]]:
    """Every recorded reject, oldest first."""
    return [dict(r) for r in db.query("SELECT * FROM rejects ORDER BY id")]


def integrity_check(db: Database) -> str:
    """``PRAGMA integrity_check``: ``"ok"`` for a sound file."""
    return str(db.execute("PRAGMA integrity_check").fetchone()[0])


# --- captures: the stored original pages (textile_news/captures.py) ----------

CAPTURE_COLUMNS = (
    "id",
    "url",
    "fetched_url",
    "site",
    "fetched_at",
    "status",
    "warc_file",
    "warc_offset",
    "warc_length",
    "body_bytes",
    "run_id",
    "declared_encoding",
    "encoding",
)


def write_captures(
    db: Database, rows: Sequence[Mapping[str, Any]], *, run_id: int | None = None
) -> int:
    """Index stored originals (WARC records) in ``captures``, in one transaction.

    :param rows: dicts with ``url`` (canonical), ``fetched_url``, ``site``, ``fetched_at``,
        ``status``, ``warc_file`` (relative to the archive's folder), ``warc_offset``,
        ``warc_length`` (compressed bytes), ``body_bytes``, and optionally ``run_id``,
        ``declared_encoding`` and ``encoding``
    :param run_id: the crawl run of the rows that name none
    :returns: the number of rows written
    """
    columns = CAPTURE_COLUMNS[1:]
    values = [{c: row.get(c) for c in columns} for row in rows]
    for value in values:
        value["run_id"] = value["run_id"] or run_id
    if values:
        with write_transaction(db):
            db.conn.executemany(
                f"INSERT INTO captures ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + c for c in columns)})",
                values,
            )
    return len(values)


def iter_captures(
    db: Database, sites: Sequence[str] | None = None, *, page_size: int = 500
) -> Iterator[dict[str, Any]]:
    """The latest capture of each URL, in the order they were stored.

    Read a page of rows at a time (constant memory, and no cursor left open while the
    caller writes to the same connection).

    :param sites: only captures of these site slugs (default: every site)
    """
    sql = (
        f"SELECT {', '.join(CAPTURE_COLUMNS)} FROM captures c WHERE id > ? "
        "AND id = (SELECT max(id) FROM captures WHERE url = c.url)"
    )
    if sites is not None:
        sql += f" AND site IN ({', '.join('?' * len(sites))})"
    sql += " ORDER BY id LIMIT ?"
    last = 0
    while True:
        rows = db.execute(sql, [last, *(sites or ()), page_size]).fetchall()
        for row in rows:
            yield dict(zip(CAPTURE_COLUMNS, row, strict=True))
        if len(rows) < page_size:
            return
        last = rows[-1][0]


def capture_sites(db: Database) -> list[str]:
    """Every site with stored originals."""
    return [site for (site,) in db.execute("SELECT DISTINCT site FROM captures ORDER BY site")]


def capture_totals(db: Database) -> dict[str, int]:
    """All captures: ``records``, ``urls``, ``warc_bytes`` (compressed records) and
    ``body_bytes`` (payloads), for the benchmark of stored originals."""
    row = db.execute(
        "SELECT count(*), count(DISTINCT url), coalesce(sum(warc_length), 0), "
        "coalesce(sum(body_bytes), 0) FROM captures"
    ).fetchone()
    return dict(zip(("records", "urls", "warc_bytes", "body_bytes"), row, strict=True))
