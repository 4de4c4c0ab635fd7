"""How the crawls went: runs, sites."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from textile_news.archive.runs import runs as latest_runs
from textile_news.archive.runs import sites_overview
from textile_news.cli.common import DB_OPTION, SITES_OPTION, open_existing, site_settings


@click.command()
@DB_OPTION
# a range: SQLite's LIMIT is a 64-bit integer (issue 13, item 11)
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=20, show_default=True)
@click.option("--site", help="Only runs of this site.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def runs(db: Path, limit: int, site: str | None, fmt: str) -> None:
    """The latest crawl runs, newest first: what each fetched, stored, failed and found.

    A run without a finish time was interrupted (killed) or is still going. A failed run
    shows its finish reason: `disk_full` or `write_error` (a file of the crawl could not be
    written), `archive_incomplete` (some of what it fetched could not be stored), `shutdown`
    (Ctrl-C or SIGTERM). After any of these the next crawl walks every listing page.
    """
    with open_existing(db) as archive:
        rows = latest_runs(archive, limit=limit, site=site)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{'id':>4}  {'site':<12} {'started (UTC)':<19} {'secs':>6} {'reqs':>6} {'pages':>6} "
        f"{'new':>5} {'upd':>4} {'same':>5} {'rej':>4} {'err':>4}  status"
    )
    for r in rows:
        click.echo(
            f"{r['id']:>4}  {r['sites']:<12} {r['started_at'][:19]:<19} "
            f"{_duration(r['started_at'], r['finished_at']):>6} {_n(r['requests']):>6} "
            f"{_n(r['pages']):>6} {_n(r['new']):>5} {_n(r['updated']):>4} "
            f"{_n(r['unchanged']):>5} {_n(r['rejected']):>4} {_n(r['errors']):>4}  {_status(r)}"
        )
        for finding in r["findings"]:
            click.echo(f"      finding: {finding['message']}")


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def _duration(started: str, finished: str | None) -> str:
    if not finished:
        return "-"
    seconds = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
    return f"{seconds:.0f}"


def _status(run: dict[str, Any]) -> str:
    """``ok``, ``findings``, ``failed``, or ``unfinished`` (killed, or still running)."""
    if not run.get("finished_at"):
        return "unfinished"
    if run.get("exit_code") == 1 or run.get("finish_reason") != "finished":
        return f"failed ({run.get('finish_reason')})"
    return f"findings: {len(run['findings'])}" if run["findings"] else "ok"


@click.command()
@DB_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@SITES_OPTION
def sites(db: Path, fmt: str, sites_file: Path | None) -> None:
    """Each site: articles archived, newest publication date, last run and its status."""
    from textile_news.crawl import runner as crawling

    known = crawling.site_names(crawling.project_settings(site_settings(sites_file)))

    with open_existing(db) as archive:
        overview = {row["site"]: row for row in sites_overview(archive)}
    rows = [
        overview.get(site, {"site": site, "articles": 0, "last_run_id": None})
        for site in sorted(set(known) | set(overview))
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{'site':<14} {'articles':>8}  {'newest published':<25} {'last run (UTC)':<19}  status"
    )
    for row in rows:
        run = {
            "finished_at": row.get("last_run_finished_at"),
            "exit_code": row.get("last_run_exit_code"),
            "finish_reason": row.get("last_run_finish_reason"),
            "findings": row.get("last_run_findings") or [],
        }
        started = (row.get("last_run_started_at") or "never")[:19]
        status = _status(run) if row.get("last_run_id") else "-"
        click.echo(
            f"{row['site']:<14} {row['articles']:>8}  {row.get('newest_published_at') or '-':<25} "
            f"{started:<19}  {status}"
        )
