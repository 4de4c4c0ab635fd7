"""Watching for news: saved searches and what arrived since each last ran (issue 16, item 7)."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import click

from textile_news.archive.errors import ArchiveError
from textile_news.cli.common import (
    DATE_HELP,
    DB_OPTION,
    Refused,
    archive_failure,
    article_filter,
    check_date,
    open_existing,
)

FORMATS = ("text", "json", "atom")


def check_date_as_given(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """A date option checked (a usage error when malformed) but kept as typed: a watch's
    "7d" means the last seven days of each run, not of the day it was added."""
    check_date(ctx, param, value)
    return value


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _check_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _NAME.fullmatch(value):
        raise click.BadParameter(
            f"{value!r} is not a watch name: letters, digits, '.', '_' and '-', up to 64"
        )
    return value


@click.group("watch")
def watch() -> None:
    """Saved searches that show what is new: `watch add NAME QUERY`, then `watch run`
    after each crawl (or `crawl --watch`)."""


@watch.command("add")
@click.argument("name", callback=_check_name)
@click.argument("query")
@DB_OPTION
@click.option("--site", help="Only this site.")
@click.option(
    "--since",
    callback=check_date_as_given,
    help=f"Published on or after this date: {DATE_HELP} (kept as given: 7d moves on).",
)
@click.option(
    "--until",
    callback=check_date_as_given,
    help="Published on or before this date (the whole day, month or year).",
)
@click.option("--tag", help="Only articles with this tag of their site's own.")
@click.option("--term", help="Only articles with this taxonomy term id, e.g. cotton.")
@click.option("--language", help="Only articles in this language: en, zh...")
@click.option(
    "--include-duplicates",
    is_flag=True,
    default=None,
    help="Also the copies of articles found elsewhere (left out by default).",
)
@click.option(
    "--from-start",
    is_flag=True,
    help="The first run shows the matching articles archived before, too (default: only "
    "those that arrive from now on).",
)
def add(name: str, query: str, db: Path, from_start: bool, **filters: str | None) -> None:
    """Save the watch NAME: the articles QUERY (as in `search`) and the filters find.

    The filters are kept as given and read at each run. A missing archive is created:
    watches may come before the first `crawl --watch`."""
    from textile_news.archive import watches
    from textile_news.archive.db import open_db

    article_filter(query=query, **filters)  # a malformed query: exit 2 here, not at each run
    try:
        open_db(db).close()
    except ArchiveError as exc:
        raise archive_failure(exc) from None
    with open_existing(db, readonly=False) as archive:
        try:
            watches.add_watch(archive, name, query, filters, from_start=from_start)
        except watches.WatchError as exc:
            raise Refused(str(exc)) from None
    click.echo(f"watch {name} added")


@watch.command("list")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_command(db: Path, fmt: str) -> None:
    """The watches: name, query, filters, last run."""
    import json
    from dataclasses import asdict

    from textile_news.archive import watches

    with open_existing(db) as archive:
        found = watches.list_watches(archive)
    if fmt == "json":
        rows = [{k: v for k, v in asdict(w).items() if k != "seen"} for w in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No watches: add one with `textile-news watch add NAME QUERY`.", err=True)
    for w in found:
        given = "".join(
            f" --{k.replace('_', '-')}" + ("" if v is True else f" {v}")
            for k, v in w.filters.items()
        )
        ran = f"last run {w.last_run_at}" if w.last_run_at else "never run"
        click.echo(f"{w.name}: {w.query}{given}  ({ran})")


@watch.command("remove")
@click.argument("name")
@DB_OPTION
def remove(name: str, db: Path) -> None:
    """Delete the watch NAME."""
    from textile_news.archive import watches

    with open_existing(db, readonly=False) as archive:
        if not watches.remove_watch(archive, name):
            raise Refused(f"no watch {name!r} in {db}")
    click.echo(f"watch {name} removed")


@watch.command("run")
@click.argument("name", required=False)
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
def run(name: str | None, db: Path, fmt: str, output: Path | None) -> None:
    """The articles matching each watch (or NAME) that arrived since it last ran: new
    ones, and older ones revised since, each once. Once the output is written, the next
    run starts from here.

    --format atom: NAME's feed, its latest 50 matches as Atom entries whose ids stay the
    same from run to run; it moves no watch on (a feed is read again and again)."""
    run_watches(db, name, fmt, output)


def run_watches(db: Path, name: str | None, fmt: str, output: Path | None = None) -> None:
    """Print (or write to ``output``) what ``watch run`` shows, then move the watches on."""
    from textile_news.analysis import watch as shown
    from textile_news.archive import watches

    if fmt == "atom" and name is None:
        raise Refused("--format atom writes one watch's feed: give its NAME")
    with open_existing(db, readonly=fmt == "atom") as archive:
        chosen = watches.list_watches(archive)
        if name is not None:
            chosen = [w for w in chosen if w.name == name]
            if not chosen:
                raise Refused(f"no watch {name!r} in {db}")
        try:
            if fmt == "atom":
                _emit(shown.as_atom(chosen[0], watches.latest(archive, chosen[0])), output)
                return
            upto = watches.current_mark(archive)
            found = [(w, watches.arrivals(archive, w, upto)) for w in chosen]
        except ArchiveError as exc:  # a query or filter stored that this version refuses
            raise Refused(str(exc)) from None
        if not chosen and fmt == "text":
            click.echo("No watches: add one with `textile-news watch add NAME QUERY`.", err=True)
        _emit(shown.as_json(found) if fmt == "json" else shown.as_text(found), output)
        for w, _ in found:
            watches.advance(archive, w.name, upto)


def _emit(text: str, output: Path | None) -> None:
    """Write ``text`` whole or not at all: a watch moves on only once it is out."""
    if output is None:
        click.echo(text, nl=False)
        sys.stdout.flush()  # a closed pipe fails here, before the watermark moves
        return
    tmp: str | None = None
    try:
        # beside the file and renamed over it: a reader never sees half a feed
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide a feed from its server
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
