"""``textile-news furniture``: the lines the archive learnt as a site's furniture and takes
out of its bodies (issue 15, item 5; textile_news/archive/furniture.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from textile_news.archive.filters import ArticleFilter
from textile_news.archive.furniture import MIN_PAGES, MIN_SHARE, learnt
from textile_news.cli.common import DB_OPTION, checked_filter, open_existing


@click.command("furniture")
@DB_OPTION
@click.option("--site", help="Only this site (its slug or one of its hosts).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def furniture_command(db: Path, site: str | None, fmt: str) -> None:
    """The lines each generically extracted site repeats on its pages, which its archived
    bodies are stored without.

    A line is learnt once it is on 5 or more of a site's articles and on a quarter of them
    (a template's "Press contact: …" or "Members can download…"); the bodies stored before
    lose it too. Sites with a page module or a body selector of their own learn nothing.
    `crawl -s TEXTILE_NEWS_SITE_FURNITURE=false` turns learning off.
    """
    with open_existing(db) as archive:
        if site is not None:
            site = checked_filter(archive, ArticleFilter(site=site)).site
        rows = learnt(archive, site)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        where = f" of {site}" if site else ""
        click.echo(
            f"No furniture learnt{where}: a line is learnt once it is on {MIN_PAGES} of a "
            f"site's articles and {MIN_SHARE:.0%} of them.",
            err=True,
        )
        return
    current = None
    for row in rows:
        if row["site"] != current:
            current = row["site"]
            click.echo(f"{current}:")
        click.echo(f"  {row['pages']:>5} of {row['site_pages']:<5} {row['line']}")
