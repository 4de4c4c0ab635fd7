"""Whether a batch committed: what a writer process that died between its commit and its
report looks for in the archive before it writes the batch again (issue 13, item 2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from textile_news.archive.write import content_hash

# What a batch writes that tells whether its transaction committed, for a writer process that
# died between its commit and its report (issue 13, item 2): ("article", url, content_hash,
# fetched_at), ("reject", url, rejected_at) or ("capture", warc_file, warc_offset).
Witness = tuple[str, str, Any, Any]


def batch_witness(
    articles: Sequence[Mapping[str, Any]],
    rejects: Sequence[Mapping[str, Any]],
    stored_hash: str | None = None,
) -> Witness | None:
    """The witness of a :func:`write_batch` of these rows (None: an empty batch).

    :param stored_hash: the content hash the batch stores for its first article
        (``BatchResult.first_hash``), when its body lost its site's furniture
    """
    if articles:
        first = articles[0]
        digest = stored_hash or content_hash(first)
        return ("article", first["url"], digest, first.get("fetched_at"))
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
