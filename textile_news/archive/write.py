"""Writing a batch of articles and rejects: new versions and revisions, SimHash copies,
taxonomy terms, related links, and the full-text index kept in step."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlite_utils import Database

from textile_news.archive import fts, furniture, published
from textile_news.archive.db import utc_now, write_transaction
from textile_news.archive.terms import sync_vocabulary
from textile_news.items import ARTICLE_FIELDS, Article
from textile_news.text import fingerprint, taxonomy
from textile_news.text.dates import utc_stamp

# SimHash fingerprints at most this many bits apart are copies of one story (the setting
# TEXTILE_NEWS_DUPLICATE_DISTANCE); up to 3, the band look-up finds every such copy
DUPLICATE_DISTANCE = 3


# The fields of an article stored in a column of their own, as the article gives them
# (tags as JSON); what the archive adds is computed (items.ARTICLE_FIELDS)
_AS_GIVEN = tuple(
    f for f in ARTICLE_FIELDS if f.row and f.name in {g.name for g in fields(Article)}
)
# What makes a new version of an article; view counts and hints from the linking page don't.
_HASHED = ("title", "published_at", "author", "body")


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: int = 0
    # stored articles whose bodies lost lines their site's furniture learnt in this batch
    cleaned: int = 0
    # the content hash stored for the batch's first article (the writer's witness)
    first_hash: str | None = field(default=None, compare=False)


def content_hash(article: Mapping[str, Any]) -> str:
    """A digest of what makes a version of an article (title, date, author, body)."""
    data = json.dumps([article.get(k) for k in _HASHED], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def write_batch(
    db: Database,
    articles: Sequence[Mapping[str, Any]],
    rejects: Sequence[Mapping[str, Any]],
    *,
    duplicate_distance: int = DUPLICATE_DISTANCE,
    vocabulary: taxonomy.Vocabulary | None = None,
    before_commit: Callable[[BatchResult], None] | None = None,
    learns_furniture: furniture.LearnsFurniture | None = None,
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
    :param learns_furniture: whether a site (by slug) learns the lines its pages repeat
        (:mod:`furniture`): a new article's lines are counted, and every body of such a site
        is stored without its furniture; None: no site does
    :raises taxonomy.TaxonomyError: no vocabulary given, and $TEXTILE_NEWS_TAXONOMY names
        a bad file
    """
    result = BatchResult(rejects=len(rejects))
    links: list[dict[str, Any]] = []
    tagger = vocabulary if vocabulary is not None else taxonomy.default()
    tagged: dict[int, list[str]] = {}  # article id -> its term ids
    shelf = furniture.SiteFurniture(db, learns_furniture or _never, utc_now())
    with write_transaction(db):
        known = _known(db, [a["url"] for a in articles])
        for article in articles:
            old = known.get(article["url"])
            if old is None and (learnt := shelf.count(article["site"], article.get("body"))):
                cleaned = _clean_stored(db, article["site"], learnt, duplicate_distance, tagger)
                result.cleaned += len(cleaned)
                tagged.update(cleaned)
                known.update(_known(db, [a["url"] for a in articles if a["url"] in known]))
            body = shelf.strip(article["site"], article.get("body"))
            if body != article.get("body"):
                article = {**article, "body": body}
            digest = content_hash(article)
            if result.first_hash is None:
                result.first_hash = digest
            seen_at = article.get("fetched_at") or utc_now()
            row = _article_row(article, digest)
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


def _never(site: str) -> bool:
    return False


def _clean_stored(
    db: Database,
    site: str,
    lines: frozenset[str],
    duplicate_distance: int,
    vocabulary: taxonomy.Vocabulary,
) -> dict[int, list[str]]:
    """Takes ``lines``, just learnt as ``site``'s furniture, out of the site's stored bodies:
    not a new version of those articles (their pages did not change; their extraction did),
    so no revision, but a new content hash (a re-crawl of the page is then "unchanged"),
    fingerprint, terms and index entry. The ids of the articles changed, with their terms
    (for ``article_terms``)."""
    tagged: dict[int, list[str]] = {}
    for line in lines:
        stored = db.execute(
            "SELECT id, title, published_at, author, body FROM articles "
            "WHERE site = ? AND instr(body, ?) > 0",
            [site, line],
        ).fetchall()
        for article_id, title, published_at, author, body in stored:
            new_body = furniture.without(body, lines)
            if new_body == body:
                continue
            values = {"title": title, "published_at": published_at, "author": author}
            row: dict[str, Any] = {**values, "body": new_body}
            row["content_hash"] = content_hash(row)
            if duplicate_distance >= 0:
                row = _with_fingerprint(row)
            row, terms = _with_terms(row, vocabulary)
            for unchanged in values:
                del row[unchanged]
            db.execute(
                f"UPDATE articles SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                [*row.values(), article_id],
            )
            fts.unindex_article(db, article_id, title, body)
            fts.index_article(db, article_id, title, new_body)
            tagged[article_id] = terms
    return tagged


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
        f"AND url != ? ORDER BY {published.order('')}, id LIMIT 1",
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
    row = {f.name: article[f.name] if f.not_null else article.get(f.name) for f in _AS_GIVEN}
    row["tags"] = json.dumps(list(row["tags"] or []), ensure_ascii=False)
    row["published_utc"] = utc_stamp(article["published_at"])
    row["content_hash"] = digest
    return row


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
    sync_vocabulary(db, vocabulary)
    db.conn.executemany("DELETE FROM article_terms WHERE article_id = ?", [(i,) for i in tagged])
    db.conn.executemany(
        "INSERT INTO article_terms (article_id, term) VALUES (?, ?)",
        [(article_id, term) for article_id, terms in tagged.items() for term in terms],
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
