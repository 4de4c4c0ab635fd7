"""What the commands share: the --db option, opening the archive, option checks, filters."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from textile_news.archive.db import DEFAULT_DB, newer_schema, open_db, open_readonly
from textile_news.archive.errors import ArchiveError, QueryError, WriteRefused

DB_OPTION = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TEXTILE_NEWS_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="The SQLite archive (also $TEXTILE_NEWS_DB).",
)


SITES_OPTION = click.option(
    "--sites",
    "sites_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TEXTILE_NEWS_SITES",
    help="A TOML file of sites of your own, over the packaged ones (also $TEXTILE_NEWS_SITES);"
    " a bad file: exit 2.",
)


class Refused(click.ClickException):
    """A command will not do what it was asked: it would destroy data, or write an archive
    it must not (one line, exit 2, as a usage error)."""

    exit_code = 2


def archive_failure(exc: ArchiveError) -> click.ClickException:
    """The one-line error for an archive that cannot be used: exit 2 when it cannot or must
    not be written (errors.WriteRefused), else 1."""
    if isinstance(exc, WriteRefused):
        return Refused(str(exc))
    return click.ClickException(str(exc))


def site_settings(sites_file: Path | None) -> dict[str, str]:
    """The settings that give a crawl the sites of ``sites_file``, once the file is checked:
    a bad one ends the command in one line, exit 2, before any request."""
    if sites_file is None:
        return {}
    from textile_news import sites

    try:
        sites.catalogue(sites_file)
    except sites.SiteError as exc:
        raise Refused(str(exc)) from None
    return {"TEXTILE_NEWS_SITES": str(sites_file)}


@contextmanager
def open_existing(db: Path, *, readonly: bool = True) -> Iterator[Any]:
    """The archive at ``db``, read-only unless the command writes (issue 5, item 7), closed
    at the end. A reader of an archive a newer textile-news wrote is warned, in one line on
    stderr; what SQLite reports of the file meanwhile (damage, a failing or full disk) ends
    the command in one line (issue 13, item 11)."""
    try:
        archive = open_readonly(db) if readonly else open_db(db, create=False)
    except ArchiveError as exc:
        raise archive_failure(exc) from None
    if readonly and (newer := newer_schema(archive)):
        click.echo(f"warning: {newer}; reading only what this version knows", err=True)
    with archive:
        try:
            yield archive
        except sqlite3.DatabaseError as exc:
            if (message := archive_fault(db, exc)) is None:
                raise  # a fault of the SQL, not of the archive: the traceback is for us
            raise click.ClickException(message) from None


# SQLite's primary result codes that say the file (or the disk) failed, not the SQL
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_FAILED = ("SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_READONLY")
_DAMAGE_MESSAGES = ("database disk image is malformed", "file is not a database")


def archive_fault(db: Path, exc: sqlite3.DatabaseError) -> str | None:
    """The one line that says what went wrong with the archive ``db``; None for an error
    of the SQL itself. An error raised in a reader process may have lost its code on the
    way back: its message says the same."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    if name.startswith(_DAMAGED) or str(exc) in _DAMAGE_MESSAGES:
        return (
            f"the archive {db} is damaged ({exc}): check it with "
            f"`sqlite3 {db} 'PRAGMA integrity_check'`, save what can be read with "
            f"`sqlite3 {db} .recover | sqlite3 recovered.sqlite`"
        )
    if name.startswith(_FAILED) or str(exc).startswith(("disk I/O error", "database is locked")):
        return f"cannot use the archive {db}: {exc}"
    return None


def check_start_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: ``value``, unless it is not an http(s) URL (a usage error)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http(s) URL")
    return value


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: ``value`` as text that compares with ``published_at``
    (:mod:`textile_news.text.date_bounds`; --until gives a year or month's last day), or
    a usage error naming the accepted forms."""
    from textile_news.text.date_bounds import BadDate, bound

    if value is None:
        return None
    try:
        return bound(value, end=param.name == "until")
    except BadDate as exc:
        raise click.BadParameter(str(exc)) from None


DATE_HELP = "2020, 2020-09, 2020-9-1, an ISO time (UTC without an offset), or 7d, 2w, 3m, 1y back"


DATE_OPTIONS = [
    click.option(
        "--since", callback=check_date, help=f"Published on or after this date: {DATE_HELP}."
    ),
    click.option(
        "--until",
        callback=check_date,
        help="Published on or before this date (the whole day, month or year).",
    ),
]
VALUE_OPTIONS = [
    click.option("--tag", help="Only articles with this tag of their site's own."),
    click.option(
        "--term",
        help="Only articles with this taxonomy term: its id, English or Chinese name"
        " (cotton, Cotton, 棉).",
    ),
    click.option("--language", help="Only articles in this language: en, zh (any case)."),
    click.option(
        "--include-duplicates",
        is_flag=True,
        default=None,
        help="Also the copies of articles found elsewhere (left out by default).",
    ),
]


def filter_options(command: Any) -> Any:
    """The analyst's filters (filters.ArticleFilter) as options of ``command``."""
    options = [
        click.option("--query", help="Only articles matching this search query (see `search`)."),
        click.option("--site", help="Only this site."),
        *DATE_OPTIONS,
        *VALUE_OPTIONS,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def article_filter(**given: Any) -> Any:
    """The filter the options ask for; a malformed --query, or --since after --until, is
    a usage error."""
    from textile_news.archive.filters import ArticleFilter

    include = given.pop("include_duplicates", None)
    since, until = given.get("since"), given.get("until")
    if since and until and _after(since, until):
        raise click.UsageError(f"--since {since} is after --until {until}: no article can match")
    chosen = ArticleFilter(**given, duplicates="include" if include else "exclude")
    try:
        chosen.where()  # translates the query: a malformed one fails here, before any output
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    return chosen


def _after(since: str, until: str) -> bool:
    if "T" in since and "T" in until:
        return since > until
    # a day against an instant: compare the days (the day holds its instants)
    return since[:10] > until[:10]


def checked_filter(archive: Any, chosen: Any) -> Any:
    """``chosen`` with its --site, --language and --term as the archive holds them; one
    the archive does not hold is a usage error listing the nearest."""
    from textile_news.archive.filter_values import UnknownValue, resolve

    try:
        return resolve(archive, chosen)
    except UnknownValue as exc:
        raise click.UsageError(str(exc)) from None
