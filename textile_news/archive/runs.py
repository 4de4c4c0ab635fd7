"""Crawl runs: a run's record from start to finish, the latest runs, and each site's
articles with its last run."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from textile_news.archive.db import write_transaction

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
