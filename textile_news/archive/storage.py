"""The SQLite archive: opening, writing, and reading articles, runs and captures.

SQL lives in the archive room only: here, ``fts.py`` (the full-text index it keeps in step
with ``write_batch``), ``filters.py`` (analysts' conditions as bound parameters) and
``migrations.py`` (the schema); analysis/search.py ranks what the index finds.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from textile_news.archive import files as archive_files
from textile_news.archive import fts, parallel_reads
from textile_news.archive.errors import ArchiveError, QueryError, WriteRefused
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.migrations import migrations, unknown
from textile_news.text import fingerprint, taxonomy
from textile_news.text.dates import utc_stamp

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
    :raises WriteRefused: this process cannot write the file or its folder (read-only,
        immutable), or a newer textile-news wrote it
    """
    file = db_path(path)
    if not create and not file.exists():
        raise ArchiveError(f"no archive at {file}: run `textile-news crawl` or `demo` first")
    if file.exists() and (reason := archive_files.unwritable(file)):
        raise WriteRefused(f"cannot write to archive {file}: {reason}")
    conn: sqlite3.Connection | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(file, timeout=30)
        db = Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA foreign_keys = ON")
        if not migrations.applied(db) and (foreign := _tables(db)):
            raise _not_an_archive(file, foreign)
        if newer := newer_schema(db):
            raise WriteRefused(f"{newer}; upgrade")
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
    export) cannot change it, and in WAL mode they never block a crawl that is writing. In
    a folder that cannot be written (a read-only share) it is read as an immutable file
    (:func:`archive_files.read_mode`).

    An archive made by an older version is migrated first, through a short read-write
    connection (the only write such a command makes); one made by a newer version is read
    as it is (see :func:`newer_schema`).

    :raises ArchiveError: no archive at ``path``, not an archive, or one that cannot be
        read here (changes waiting in its ``-wal``, migrations it cannot take)
    """
    file = db_path(path)
    if not file.exists():
        raise ArchiveError(f"no archive at {file}: run `textile-news crawl` or `demo` first")
    db = _connect_readonly(file)
    try:
        applied, pending = migrations.applied(db), migrations.pending(db)
        if (applied and not pending) or unknown(db):  # a newer one is read as it is
            return db
        foreign = _tables(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    db.close()
    if foreign and not applied:
        raise _not_an_archive(file, foreign)
    if reason := archive_files.unwritable(file):
        raise ArchiveError(
            f"archive {file} needs this version's schema (migration {pending[0].name}) "
            f"but cannot be written: {reason}"
        )
    open_db(file, create=False).close()
    return _connect_readonly(file)


def _connect_readonly(file: Path) -> Database:
    # mode=ro or immutable=1: SQLite itself refuses every write on this connection,
    # whatever SQL runs
    try:
        conn = archive_files.connect_readonly(file)
    except archive_files.UnreadableHere as exc:
        raise ArchiveError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"cannot open archive {file}: {exc}") from None
    db = Database(conn)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


def _tables(db: Database) -> list[str]:
    return sorted(set(db.table_names()) - {"_sqlite_migrations"})


def _not_an_archive(file: Path, tables: Sequence[str]) -> ArchiveError:
    return ArchiveError(
        f"{file} is a SQLite database but not a textile_news archive "
        f"(it has tables {', '.join(tables[:5])}); choose another --db"
    )


def newer_schema(db: Database) -> str | None:
    """ "archive was written by a newer textile-news (migration X)" when migrations this
    version does not know were applied to ``db``, X the newest; else None. Such an archive
    is not written (:func:`open_db` refuses), and read for what this version knows."""
    newer = unknown(db)
    return f"archive was written by a newer textile-news (migration {newer[-1]})" if newer else None


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
            if migrations.pending(db):
                # under the write lock, which pending() again: another process may have
                # applied them meanwhile (else "table ... already exists")
                with write_transaction(db):
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
    return utc_stamp(value)


def write_batch(
    db: Database,
    articles: Sequence[Mapping[str, Any]],
    rejects: Sequence[Mapping[str, Any]],
    *,
    duplicate_distance: int = DUPLICATE_DISTANCE,
    vocabulary: taxonomy.Vocabulary | None = None,
    before_commit: Callable[[BatchResult], None] | None = None,
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
    :param vocabulary: the taxonomy that tags new and changed articles (``article_terms``,
        ``articles.terms``); None: :func:`taxonomy.default`
    :param before_commit: called with the result once everything is written, before the
        commit (the archive writer says what it is about to commit: see :func:`witness`)
    :raises taxonomy.TaxonomyError: no vocabulary given, and $TEXTILE_NEWS_TAXONOMY names
        a bad file
    """
    result = BatchResult(rejects=len(rejects))
    links: list[dict[str, Any]] = []
    tagger = vocabulary if vocabulary is not None else taxonomy.default()
    tagged: dict[int, list[str]] = {}  # article id -> its term ids
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
                row, terms = _with_terms(row, tagger)
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
                row, terms = _with_terms(row, tagger)
                _update_article(db, article_id, row, seen_at)
                # links of an earlier version in this same batch are not inserted yet
                links = [link for link in links if link["article_id"] != article_id]
                result.updated += 1
            known[article["url"]] = (article_id, digest)
            links += _link_rows(article_id, article)
            tagged[article_id] = terms
        if tagged:
            _write_terms(db, tagged, tagger)
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
        if before_commit is not None:
            before_commit(result)
    return result


# What a batch writes that tells whether its transaction committed, for a writer process that
# died between its commit and its report (issue 13, item 2): ("article", url, content_hash,
# fetched_at), ("reject", url, rejected_at) or ("capture", warc_file, warc_offset).
Witness = tuple[str, str, Any, Any]


def batch_witness(
    articles: Sequence[Mapping[str, Any]], rejects: Sequence[Mapping[str, Any]]
) -> Witness | None:
    """The witness of a :func:`write_batch` of these rows (None: an empty batch)."""
    if articles:
        first = articles[0]
        return ("article", first["url"], content_hash(first), first.get("fetched_at"))
    if rejects:
        return ("reject", rejects[0]["url"], rejects[0].get("rejected_at"), None)
    return None


def captures_witness(rows: Sequence[Mapping[str, Any]]) -> Witness | None:
    """The witness of a :func:`write_captures` of these rows (None: no row)."""
    return ("capture", rows[0]["warc_file"], rows[0]["warc_offset"], None) if rows else None


def committed(db: Database, witness: Witness) -> bool:
    """Whether the batch that ``witness`` stands for is in the archive: its first article
    with its content and a last sighting no older than its fetch, its first reject, or its
    first capture."""
    kind, key, value, seen_at = witness
    if kind == "article":
        sql = "SELECT 1 FROM articles WHERE url = ? AND content_hash = ?"
        params = [key, value]
        if seen_at:
            sql += " AND last_seen_at >= ?"
            params.append(seen_at)
    elif kind == "reject":
        sql, params = "SELECT 1 FROM rejects WHERE url = ? AND rejected_at IS ?", [key, value]
    else:
        sql = "SELECT 1 FROM captures WHERE warc_file = ? AND warc_offset = ?"
        params = [key, value]
    return db.execute(sql + " LIMIT 1", params).fetchone() is not None


def _insert_article(db: Database, row: dict[str, Any], seen_at: str) -> int:
    row = {**row, "first_seen_at": seen_at, "last_seen_at": seen_at}
    cursor = db.execute(
        f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    article_id = int(cursor.lastrowid or 0)
    fts.index_article(db, article_id, row["title"], row["body"])
    return article_id


def _find_original(db: Database, value: int, url: str, max_distance: int) -> int | None:
    """The id of the earliest published article within ``max_distance`` bits of ``value``
    (the original it points to, when that one is a copy itself), or None.

    Candidates share at least one 16-bit band with ``value``: an indexed look-up per band,
    a few rows on a large archive, instead of a scan (issue 4, item 7).
    """
    if max_distance < 0 or value == 0:  # 0: a text without a word or character
        return None
    bands = fingerprint.bands(value)
    # index-only: each band's index holds the full fingerprint (m009), so the candidates
    # that are not near (most of them, on a large archive) cost no read of their row
    candidates = db.execute(
        " UNION ".join(
            f"SELECT id, simhash FROM articles WHERE simhash_b{i} = ?" for i in range(len(bands))
        ),
        bands,
    ).fetchall()
    near = [
        article_id
        for article_id, other in candidates
        if other is not None and fingerprint.distance(value, other) <= max_distance
    ]
    if not near:
        return None
    found = db.execute(
        f"SELECT id, duplicate_of FROM articles WHERE id IN ({', '.join('?' * len(near))}) "
        "AND url != ? ORDER BY published_utc IS NULL, published_utc, id LIMIT 1",
        [*near, url],
    ).fetchone()
    return int(found[1] or found[0]) if found else None


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
    if (title, body) != (row["title"], row["body"]):  # not for a new date or author alone
        fts.unindex_article(db, article_id, title, body)
        fts.index_article(db, article_id, row["title"], row["body"])
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


def _with_terms(
    row: dict[str, Any], vocabulary: taxonomy.Vocabulary
) -> tuple[dict[str, Any], list[str]]:
    """``row`` with ``terms``, the JSON array of its taxonomy term ids; and those ids."""
    terms = vocabulary.tag(row["title"], row["body"])
    return {**row, "terms": json.dumps(terms)}, terms


def _write_terms(
    db: Database, tagged: Mapping[int, Sequence[str]], vocabulary: taxonomy.Vocabulary
) -> None:
    """Replace the ``article_terms`` rows of the articles just stored."""
    _sync_vocabulary(db, vocabulary)
    db.conn.executemany("DELETE FROM article_terms WHERE article_id = ?", [(i,) for i in tagged])
    db.conn.executemany(
        "INSERT INTO article_terms (article_id, term) VALUES (?, ?)",
        [(article_id, term) for article_id, terms in tagged.items() for term in terms],
    )


def _sync_vocabulary(db: Database, vocabulary: taxonomy.Vocabulary) -> None:
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


EXPORT_CACHE_KB = 32768  # SQLite's page cache while reading all articles in date order
# Reader processes that build a large export's lines, and the batches that make one large
# (below it, starting the processes costs more than they save)
EXPORT_READERS = 2
PARALLEL_EXPORT_BATCHES = 20


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
    filters = filters or ArticleFilter(site=site, since=since, until=until)
    where, params = filters.where("a")
    present = set(db["articles"].columns_dict)
    wanted = list(dict.fromkeys(["id", *(columns or ARTICLE_COLUMNS)]))
    selected = [c for c in wanted if c in present]
    absent = [c for c in wanted if c not in present]
    sql = (
        f"SELECT {', '.join('a.' + c for c in selected)} FROM articles AS a "
        f"WHERE {where} ORDER BY a.published_utc, a.id"
    )
    # Articles in date order are in no order in the file: with SQLite's 2 MB page cache,
    # each one re-reads the table's inner pages from the OS; 32 MB keeps them
    db.execute(f"PRAGMA cache_size = -{EXPORT_CACHE_KB}")
    with _query_errors(filters):
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
    order = "ORDER BY a.published_utc, a.id LIMIT -1 OFFSET 0"
    db.execute(f"PRAGMA cache_size = -{EXPORT_CACHE_KB}")
    file = parallel_reads.database_file(db.conn)
    if readers < 2 or file is None:
        sql = (
            f"SELECT {line}, published_at, published_utc FROM ("
            f"SELECT {columns} FROM articles AS a WHERE {where} {order})"
        )
        with _query_errors(filters):
            cursor = db.execute(sql, params)
        while batch := cursor.fetchmany(batch_size):
            yield batch
        return
    # The order first (the ids, from an index), then each batch's lines, its ids' rows
    # sorted again: the order of the one query above. The batches of a large export are
    # built by reader processes, on both cores; a row is read as it is when its batch is.
    with _query_errors(filters):
        cursor = db.execute(
            f"SELECT a.id FROM articles AS a WHERE {where} ORDER BY a.published_utc, a.id",
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


def period_counts(
    db: Database, length: int, filters: ArticleFilter | None = None
) -> list[tuple[str, str, int]]:
    """Articles per period and site: ``(period, site, count)``, a period being the first
    ``length`` characters of ``published_at`` (the article's local time): 10 a day,
    7 a month, 4 a year.

    Costs a sort of the matching articles: for a search query or a term (and no tag or
    language, which need the rows themselves), their ids are looked up in the small
    (id, site, published_at) index of m008, not in the table. Without such filters,
    :func:`range_counts` is faster.

    :raises QueryError: ``filters.query`` is not a valid search query
    """
    filters = filters or ArticleFilter()
    where, params = filters.where("a")
    by_id = (filters.query or filters.term) and not (filters.tag or filters.language)
    source = "articles AS a" + (" INDEXED BY idx_articles_id_site_published" if by_id else "")
    sql = (
        f"SELECT substr(a.published_at, 1, ?) AS period, a.site, count(*) FROM {source} "
        f"WHERE {where} GROUP BY period, a.site ORDER BY period, a.site"
    )
    with _query_errors(filters):
        return [(p, s, n) for p, s, n in db.execute(sql, [length, *params])]


def site_spans(db: Database, site: str | None = None) -> list[tuple[str, str, str]]:
    """Each site with articles: ``(site, earliest published_at, latest published_at)``.

    A few look-ups in the (site, published_at) index per site, whatever the archive's size.

    :param site: only this site
    """
    # SQLite has no skip scan without ANALYZE: find each next site by an index seek
    sql = """WITH RECURSIVE s(site) AS (
      SELECT min(site) FROM articles WHERE site >= :first
      UNION ALL SELECT (SELECT min(site) FROM articles WHERE site > s.site) FROM s
      WHERE s.site IS NOT NULL AND :only IS NULL)
    SELECT s.site, (SELECT min(published_at) FROM articles WHERE site = s.site),
      (SELECT max(published_at) FROM articles WHERE site = s.site)
    FROM s WHERE s.site IS NOT NULL AND (:only IS NULL OR s.site = :only)"""
    rows = db.execute(sql, {"first": site or "", "only": site})
    return [(s, first, last) for s, first, last in rows]


def range_counts(
    db: Database,
    sites: Sequence[str],
    bounds: Sequence[tuple[str, str, str]],
    filters: ArticleFilter | None = None,
) -> list[tuple[str, str, int]]:
    """Articles of each site in each period: ``(period, site, count)``, zeros included.

    One count of an index range per site and period: no sort, so about three times as
    fast as :func:`period_counts` over a whole archive (issue 5: a second at 1M articles).
    Filters that are not in the (site, published_at) index are checked entry by entry:
    fine for dates, slow for a tag or language (a table row each: use period_counts).

    :param bounds: ``(period, first, after)``: ``first <= published_at < after``
    :raises QueryError: ``filters.query`` is not a valid search query
    """
    filters = filters or ArticleFilter()
    where, params = filters.where("a")
    # MATERIALIZED: the bounds decoded from JSON once, not for every article compared
    sql = f"""WITH p(period, first, after) AS MATERIALIZED (
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
        json_extract(value, '$[2]') FROM json_each(?)),
    s(site) AS MATERIALIZED (SELECT value FROM json_each(?))
    SELECT p.period, s.site, (
      SELECT count(*) FROM articles AS a INDEXED BY idx_articles_site_published
      WHERE a.site = s.site AND a.published_at >= p.first AND a.published_at < p.after
        AND {where})
    FROM p, s ORDER BY p.period, s.site"""
    with _query_errors(filters):
        rows = db.execute(sql, [json.dumps(bounds), json.dumps(sites), *params])
        return [(p, s, n) for p, s, n in rows]


@contextmanager
def _query_errors(filters: ArticleFilter) -> Iterator[None]:
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


# --- taxonomy terms (textile_news/text/taxonomy.py) ------------------------------


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
        _sync_vocabulary(db, tagger)
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
    with _query_errors(filters or ArticleFilter()):
        rows = db.execute(sql, [*params, *([facet] if facet else [])]).fetchall()
    return [dict(zip(keys, row, strict=True)) for row in rows]


def term_facets(db: Database) -> list[str]:
    """The facets of the vocabulary that tagged the archive (``fibre``, ``place``...)."""
    return [facet for (facet,) in db.execute("SELECT DISTINCT facet FROM terms ORDER BY facet")]


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


# Finish reasons of a crawl that walked what it meant to and archived all it fetched; a run
# refused by the lock walked nothing, and the crawl that held the lock speaks for itself.
_COMPLETE_REASONS = ("finished", "locked")


def last_run_incomplete(db: Database, site: str) -> bool:
    """Whether the latest recorded crawl of ``site`` did not walk and archive all it meant to:
    it has no ``finished_at`` (killed, or its record could not be written), or it ended for
    another reason than ``finished`` (a signal, a full disk, ``archive_incomplete``: some of
    what it fetched was not written; issue 13, item 2)."""
    row = db.execute(
        "SELECT finished_at, finish_reason FROM crawl_runs WHERE sites = ? "
        "ORDER BY id DESC LIMIT 1",
        [site],
    ).fetchone()
    if row is None:
        return False
    finished_at, reason = row
    return finished_at is None or (reason is not None and reason not in _COMPLETE_REASONS)


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


def archived_status(db: Database, url: str) -> tuple[str | None, str | None, bool]:
    """``(first_seen_at, published_utc, captured)`` of an archived URL, ``(None, None,
    False)`` for a new one; ``captured``: its original is stored (for the incremental
    filter: two indexed lookups)."""
    row = db.execute(
        "SELECT first_seen_at, published_utc, "
        "EXISTS (SELECT 1 FROM captures WHERE captures.url = articles.url) "
        "FROM articles WHERE url = ?",
        [url],
    ).fetchone()
    return (row[0], row[1], bool(row[2])) if row else (None, None, False)


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


# --- captures: the stored original pages (textile_news/crawl/captures.py) ----------

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
    db: Database,
    rows: Sequence[Mapping[str, Any]],
    *,
    run_id: int | None = None,
    before_commit: Callable[[], None] | None = None,
) -> int:
    """Index stored originals (WARC records) in ``captures``, in one transaction.

    :param rows: dicts with ``url`` (canonical), ``fetched_url``, ``site``, ``fetched_at``,
        ``status``, ``warc_file`` (relative to the archive's folder), ``warc_offset``,
        ``warc_length`` (compressed bytes), ``body_bytes``, and optionally ``run_id``,
        ``declared_encoding`` and ``encoding``
    :param run_id: the crawl run of the rows that name none
    :param before_commit: called once the rows are written, before the commit
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
            if before_commit is not None:
                before_commit()
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
