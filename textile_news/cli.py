"""The ``textile-news`` command: a thin layer over crawl, storage and the demo."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from textile_news import export as exporter
from textile_news import extras, storage
from textile_news import search as fulltext
from textile_news.extras import MissingExtra

DB_OPTION = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TEXTILE_NEWS_DB",
    default=storage.DEFAULT_DB,
    show_default=True,
    help="The SQLite archive (also $TEXTILE_NEWS_DB).",
)


def _open_existing(db: Path, *, readonly: bool = True) -> Any:
    """The archive at ``db``; read-only unless the command writes (issue 5, item 7)."""
    try:
        return storage.open_readonly(db) if readonly else storage.open_db(db, create=False)
    except storage.ArchiveError as exc:
        raise click.ClickException(str(exc)) from None


def _check_start_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http(s) URL")
    return value


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            datetime.strptime(value, fmt)
            return value
        except ValueError:
            pass
    raise click.BadParameter(f"{value!r} is not a date like 2020-09-01 or 2020-09")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="textile-news")
def cli() -> None:
    """Crawl textile and clothing trade news into a SQLite archive, and query it."""


@cli.command()
@click.argument("sites", nargs=-1)
@DB_OPTION
@click.option(
    "--start-url", callback=_check_start_url, help="Crawl from this URL (another host: a mirror)."
)
@click.option("--first-id", type=click.IntRange(min=0), help="Also walk article ids from here.")
@click.option("--last-id", type=click.IntRange(min=0), help="... up to here (inclusive).")
@click.option("--full", is_flag=True, help="Fetch archived articles again (default: only new).")
@click.option("--resume", is_flag=True, help="Continue the last crawl, if it was interrupted.")
@click.option("--strict", is_flag=True, help="Exit 3 when monitoring finds a problem.")
@click.option("--http-cache", is_flag=True, help="Cache responses in data/httpcache (dev runs).")
@click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy or TEXTILE_NEWS_* setting, as with `scrapy crawl -s`.",
)
@click.option("--all", "all_sites", is_flag=True, help="Every site (the default without SITES).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the CPU count",
    help="Sites crawled at once, each in a process of its own.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log at INFO level.")
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Be a worker of a crawl shared on Redis (redis://HOST:PORT/N); see archive-worker.",
)
@click.option(
    "--until-idle",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="With --redis: stop once the shared crawl has been idle this long (default: wait).",
)
def crawl(
    sites: tuple[str, ...],
    db: Path,
    start_url: str | None,
    first_id: int | None,
    last_id: int | None,
    full: bool,
    resume: bool,
    strict: bool,
    http_cache: bool,
    overrides: tuple[str, ...],
    all_sites: bool,
    jobs: int,
    verbose: bool,
    redis_url: str | None,
    until_idle: float | None,
) -> None:
    """Crawl SITES (default: all) into the archive and print a summary.

    Sites are crawled in parallel, one process each, --jobs at a time (default: one per
    CPU), all into the same archive.

    `crawl generic --start-url URL` crawls any other site from a listing page, an RSS/Atom
    feed or a sitemap, with generic extraction; its articles are filed under the site
    `generic:HOST`.

    Incremental: articles already archived are not fetched again, except those published
    in the last TEXTILE_NEWS_REVISIT_DAYS (7) days, re-fetched to catch revisions; --full
    fetches everything. Every crawl is recorded in crawl_runs (see `textile-news runs`).

    --redis URL: this process is one worker of the site's crawl shared on Redis, with
    any number of others on any machine; `textile-news archive-worker` stores what they
    find (README: "Distributed crawling (Redis)").

    \b
    Exit codes:
      0  the crawl ran (pages that failed one by one are counted and kept in rejects)
      1  a crawl failed as a whole: nothing fetched, an exception in the spider
      2  bad usage
      3  with --strict: monitoring found a problem (see `textile-news runs`)
     75  another crawl of the same site into the same archive is running
    """
    from textile_news import crawl as crawling

    known = crawling.site_names()
    unknown = [s for s in sites if s not in crawling.spider_names()]
    if unknown:
        raise click.UsageError(
            f"unknown site {unknown[0]!r}; known sites: {', '.join(known)}"
            " (any other: generic --start-url URL)"
        )
    if all_sites and sites:
        raise click.UsageError("--all or SITES, not both")
    chosen = list(sites) or known
    if start_url and len(chosen) != 1:
        raise click.UsageError("--start-url needs exactly one SITE")
    if not start_url and (needy := [s for s in chosen if crawling.needs_start_url(s)]):
        raise click.UsageError(f"{needy[0]} needs --start-url URL (a listing, feed or sitemap)")
    if first_id is not None and last_id is not None and last_id < first_id:
        raise click.UsageError("--last-id is below --first-id")
    args = {"start_url": start_url, "first_id": first_id, "last_id": last_id}
    extra = {}
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.UsageError(f"-s wants NAME=VALUE, not {pair!r}")
        extra[name] = value
    if redis_url or until_idle is not None:
        _crawl_distributed(
            chosen, redis_url, until_idle, args, extra, full=full, resume=resume, verbose=verbose
        )
        return
    _crawl_and_report(
        chosen,
        db,
        {k: v for k, v in args.items() if v is not None},
        verbose,
        full=full,
        resume=resume,
        strict=strict,
        http_cache=http_cache,
        settings=extra,
        jobs=jobs,
    )


class Locked(click.ClickException):
    exit_code = 75  # EX_TEMPFAIL: try again later


def _crawl_and_report(
    sites: Sequence[str],
    db: Path,
    spider_args: dict[str, Any],
    verbose: bool,
    *,
    full: bool = False,
    resume: bool = False,
    strict: bool = False,
    http_cache: bool = False,
    settings: dict[str, Any] | None = None,
    jobs: int = 1,
) -> None:
    from textile_news import crawl as crawling
    from textile_news.locks import LockedError, SiteLock

    parallel = jobs > 1 and len(sites) > 1
    settings = {
        **(settings or {}),
        "TEXTILE_NEWS_DB": str(db),
        # one progress line: several processes would write over each other's
        "TEXTILE_NEWS_PROGRESS": sys.stderr.isatty() and not parallel,
        "TEXTILE_NEWS_FULL": full,
        "TEXTILE_NEWS_STRICT": strict,
        "TEXTILE_NEWS_LOCK": False,  # held here, around the whole crawl
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
    }
    if http_cache:
        settings.update(
            HTTPCACHE_ENABLED=True, HTTPCACHE_DIR=str(db.parent.resolve() / "httpcache")
        )
    try:
        storage.open_db(db).close()
    except storage.ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    if own := settings.get("TEXTILE_NEWS_TAXONOMY") or os.environ.get("TEXTILE_NEWS_TAXONOMY"):
        _vocabulary(own)  # a bad file stops the crawl here, not each batch in the writer
    with ExitStack() as locks:
        try:
            for site in sites:
                locks.enter_context(SiteLock(db, site))
        except LockedError as exc:
            raise Locked(str(exc)) from None
        results = crawling.run_parallel(
            sites, settings, {site: spider_args for site in sites}, jobs=jobs, resume=resume
        )
    for result in results:
        s = result.summary
        click.echo(
            f"{result.site}: {s['pages']} pages, {s['new']} new, {s['updated']} updated, "
            f"{s['unchanged']} unchanged, {s['rejected']} rejected, {s['errors']} errors "
            f"in {s['elapsed_seconds']:.1f} s"
        )
        for finding in result.findings:
            click.echo(f"  finding: {finding['message']}")
    with storage.open_db(db) as archive:
        click.echo(f"archive: {db} ({storage.article_count(archive)} articles)")
    failures = [f"{r.site}: {r.failure}" for r in results if r.failure]
    if failures:
        raise click.ClickException("crawl failed: " + "; ".join(failures))
    if strict and any(r.findings for r in results):
        click.echo("Error: --strict: monitoring found problems (listed above)", err=True)
        sys.exit(3)


@cli.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default="data/demo.sqlite",
    show_default=True,
    help="Where the demo archive goes.",
)
def demo(db: Path) -> None:
    """Serve the bundled replica site on 127.0.0.1 and crawl it with the real spider."""
    from textile_news.demo.server import replica_site, serving

    with serving(replica_site()) as url:
        click.echo(f"Serving the replica of sjfzxm.com (English and Chinese editions) at {url}")
        _crawl_and_report(["sjfzxm_com"], db, {"start_url": url}, verbose=False)
    me = _how_to_call_me()
    click.echo("\nTry next:")
    click.echo(f"  {me} search cotton --db {db}")
    click.echo(f"  {me} export --format csv --db {db} -o articles.csv")
    click.echo(
        f'  sqlite3 {db} "SELECT published_at, title FROM articles '
        'ORDER BY published_utc DESC LIMIT 5"'
    )


def _how_to_call_me() -> str:
    """``textile-news`` when it is on PATH, else the path it was called by (``.venv/bin/...``)."""
    called = Path(sys.argv[0])
    if called.name != "textile-news":
        return "python -m textile_news"
    on_path = shutil.which("textile-news")
    if on_path and Path(on_path).resolve() == called.resolve():
        return "textile-news"
    return os.path.relpath(called)


@cli.command("serve-demo")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port; 0 picks a free one.")
@click.option(
    "--articles",
    type=click.IntRange(min=1),
    help="Serve a generated site of N articles instead of the replica.",
)
def serve_demo(port: int, articles: int | None) -> None:
    """Serve the demo site in the foreground; the first line printed is its base URL."""
    from textile_news.demo.server import base_url, generated_site, make_server, replica_site

    site = generated_site(articles) if articles else replica_site()
    try:
        server = make_server(site, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on port {port}: {exc.strerror}") from None
    click.echo(base_url(server))
    click.echo("Press Ctrl-C to stop.", err=True)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--site", help="Only this site.")
@click.option(
    "--since", callback=_date, help="Published on or after this date (YYYY-MM-DD or YYYY-MM)."
)
@click.option(
    "--until", callback=_date, help="Published on or before this date (the whole day or month)."
)
@click.option("--tag", help="Only articles with this tag of their site's own.")
@click.option("--term", help="Only articles with this taxonomy term id, e.g. cotton.")
@click.option("--language", help="Only articles in this language: en, zh...")
@click.option(
    "--sort",
    type=click.Choice(fulltext.SORTS),
    default="relevance",
    show_default=True,
    help="Best matches first (title matches count most), or newest first.",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
def search(
    query: str,
    db: Path,
    site: str | None,
    since: str | None,
    until: str | None,
    tag: str | None,
    term: str | None,
    language: str | None,
    sort: str,
    limit: int,
    fmt: str,
) -> None:
    """Full-text search of titles and bodies, in English and Chinese.

    \b
    QUERY:
      cotton yarn           both words (AND is implied)
      cotton AND yarn       the same
      wool OR cashmere      either word
      silk NOT China        silk, without China
      "trade fair"          these words in this order
      export*               words starting with export
      (wool OR silk) price  parentheses group
      title:cotton          only in titles (body: only in bodies)
      纺织                  a Chinese word, also inside a sentence
      纺织 服装             both Chinese words
      棉                    one character: 棉花, 纯棉, ...
      cotton OR 棉花        English and Chinese together

    English words are stemmed: exports finds export and exported. AND, OR and NOT are
    upper case (lower case they are words). A malformed query is an error (exit 2).

    Output: date, site and title, then the URL and the text around the first match,
    matches in [ ].
    """
    from textile_news.filters import ArticleFilter

    filters = ArticleFilter(
        site=site, since=since, until=until, tag=tag, term=term, language=language
    )
    with _open_existing(db) as archive:
        try:
            rows = fulltext.search(archive, query, filters=filters, sort=sort, limit=limit)
        except storage.QueryError as exc:
            raise click.UsageError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        exporter.write(rows, "csv", sys.stdout, fulltext.result_fields(sort))
    elif not rows:
        click.echo("No articles match.", err=True)
    else:
        for row in rows:
            click.echo(f"{(row['published_at'] or '')[:16]}  {row['site']}  {row['title']}")
            click.echo(f"    {row['url']}")
            click.echo(f"    {row['snippet']}")


def _filter_options(command: Any) -> Any:
    """The analyst's filters (filters.ArticleFilter) as options of ``command``."""
    options = [
        click.option("--query", help="Only articles matching this search query (see `search`)."),
        click.option("--site", help="Only this site."),
        click.option(
            "--since",
            callback=_date,
            help="Published on or after this date (YYYY-MM-DD or YYYY-MM).",
        ),
        click.option(
            "--until",
            callback=_date,
            help="Published on or before this date (the whole day/month).",
        ),
        click.option("--tag", help="Only articles with this tag of their site's own."),
        click.option("--term", help="Only articles with this taxonomy term id, e.g. cotton."),
        click.option("--language", help="Only articles in this language: en, zh..."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _article_filter(**given: str | None) -> Any:
    """The filter the options ask for; a malformed --query is a usage error."""
    from textile_news.filters import ArticleFilter

    chosen = ArticleFilter(**given)
    try:
        chosen.where()  # translates the query: a malformed one fails here, before any output
    except storage.QueryError as exc:
        raise click.UsageError(str(exc)) from None
    return chosen


def _fields(value: str | None, fmt: str) -> list[str]:
    if value is None:
        return list(exporter.DEFAULT_FIELDS[fmt])
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in exporter.FIELDS] or (
        [value] if not names else []
    )
    if unknown:
        raise click.UsageError(
            f"unknown field {unknown[0]!r} in --fields; valid fields: {', '.join(exporter.FIELDS)}"
        )
    return list(dict.fromkeys(names))


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(exporter.FORMATS), required=True, help="Output format."
)
@DB_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File (default: stdout; Parquet needs a file).",
)
@_filter_options
@click.option("--fields", metavar="A,B,C", help="Only these fields, in this order.")
def export(
    fmt: str, db: Path, output: Path | None, fields: str | None, **filters: str | None
) -> None:
    """Stream every matching article as CSV, one JSON array, JSON Lines or Parquet.

    Fields: the article's columns; JSON, JSON Lines and Parquet also have `terms` (its
    taxonomy term ids) and its `related` and `next` links. --fields chooses and orders
    them, e.g. --fields id,published_at,site,title,terms.

    CSV has one row per article; written to a file it starts with a UTF-8 byte-order
    mark, so spreadsheets show Chinese text correctly; lists and links are JSON in a cell.
    Parquet has typed columns (published_utc a UTC timestamp, tags and terms lists,
    links nested) and needs pyarrow: pip install 'textile-news[all]'.

    An export to a file (-o) gets a manifest beside it, FILE.manifest.json: the rows,
    filters, columns and their types, time range, archive, creation time, size and SHA-256.
    An export to stdout has none.
    """
    columns = _fields(fields, fmt)
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a file: add -o FILE.parquet")
    chosen = _article_filter(**filters)
    with _open_existing(db) as archive:
        try:
            if output is None:
                sys.stdout.flush()
                exporter.stream(archive, chosen, fmt, sys.stdout.buffer, columns)
                return
            manifest = exporter.to_file(archive, chosen, fmt, output, columns, archive=db)
        except storage.QueryError as exc:
            raise click.UsageError(str(exc)) from None
        except MissingExtra as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            if output is None:
                raise  # stdout: click ends a broken pipe quietly
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(
        f"exported {manifest['rows']} articles to {output} "
        f"(manifest: {exporter.manifest_of(output)})",
        err=True,
    )


def _plot_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    from textile_news.charts import PLOT_SUFFIXES

    if value is not None and value.suffix.lower() not in PLOT_SUFFIXES:
        raise click.BadParameter(f"{str(value)!r}: the file name must end in .png or .svg")
    return value


@cli.command("stats")
@DB_OPTION
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
    help="Count per day, ISO week (2020-W37), month or year.",
)
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["chart", "csv", "json"]),
    default="chart",
    show_default=True,
    help="A bar chart, or the numbers.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_plot_path,
    help="Also draw the chart into FILE.png or FILE.svg (needs matplotlib).",
)
@click.option("--width", type=click.IntRange(min=40), default=80, show_default=True)
@click.option("--no-color", is_flag=True, help="No colours (also with $NO_COLOR, or in a pipe).")
def stats_command(
    db: Path,
    by: str,
    fmt: str,
    plot: Path | None,
    width: int,
    no_color: bool,
    **filters: str | None,
) -> None:
    """Articles per period and site, oldest first: a terminal chart, CSV or JSON.

    Periods are the articles' local publication dates. Every period from the first to
    the last with an article is listed for every site, with 0 where a site has none.
    --plot draws the same chart into a PNG or SVG file for a report, e.g.

    \b
      textile-news stats --by year --term silk
      textile-news stats --site sjfzxm_com --since 2020-01 --format csv
      textile-news stats --by week --query 棉花 --plot cotton.svg
    """
    from textile_news import charts
    from textile_news import stats as counting

    chosen = _article_filter(**filters)
    with _open_existing(db) as archive:
        try:
            rows = counting.counts(archive, by, chosen)
        except storage.QueryError as exc:
            raise click.UsageError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        exporter.write(rows, "csv", sys.stdout, ["period", "site", "articles"])
    elif not rows:
        click.echo("No articles match.", err=True)
    else:
        color = not no_color and not os.environ.get("NO_COLOR")
        click.echo(charts.terminal(rows, by, width=width, color=color), nl=False)
    if plot is None:
        return
    if not rows:
        raise click.ClickException(f"no articles match: {plot} not written")
    try:
        charts.plot(rows, plot, by)
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {plot}: {exc.strerror or exc}") from None
    click.echo(f"chart written to {plot}", err=True)


@cli.command("datasette", context_settings={"ignore_unknown_options": True})
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option(
    "--print-metadata",
    is_flag=True,
    help="Print the archive's Datasette metadata (JSON) and exit.",
)
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def datasette_command(
    db: Path, host: str, port: int, print_metadata: bool, datasette_args: tuple[str, ...]
) -> None:
    """Browse the archive in Datasette: described columns, search, facets, canned queries.

    Serves http://HOST:PORT/ until Ctrl-C, the archive read-only (a crawl may write to it
    meanwhile). Canned queries: articles per site per month, and a search with filters
    that finds Chinese words of any length. Other arguments go to `datasette serve`, e.g.
    --open, --setting sql_time_limit_ms 5000, --get /archive.json. The plain form:

    \b
      textile-news datasette --print-metadata > metadata.json
      datasette data/archive.sqlite --metadata metadata.json

    Needs Datasette: pip install 'textile-news[all]'.
    """
    try:
        extras.require("datasette", "textile-news datasette")
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from None
    from datasette.cli import cli as datasette_cli
    from datasette.plugins import pm

    from textile_news import datasette_plugin

    with _open_existing(db) as archive:
        schema = storage.table_columns(archive)
    metadata = datasette_plugin.metadata(db.stem, schema)  # Datasette names it so
    if print_metadata:
        click.echo(json.dumps(metadata, ensure_ascii=False, indent=2))
        return
    if not pm.is_registered(datasette_plugin):  # run from a checkout, not installed
        pm.register(datasette_plugin, name="textile_news")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "metadata.json"
        path.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        datasette_cli.main(
            [
                *("serve", str(db), "--metadata", str(path), "--host", host, "--port", str(port)),
                *datasette_args,
            ],
            prog_name="datasette",
            standalone_mode=False,
        )


@cli.command("reextract")
@click.argument("sites", nargs=-1)
@DB_OPTION
def reextract_command(sites: tuple[str, ...], db: Path) -> None:
    """Re-run today's page objects over the stored originals of SITES (default: all).

    Reads the latest capture of each URL from the WARC files beside the archive, without
    any request, and stores the results as a crawl does: changed articles are updated
    (their old versions kept), pages that no longer validate become rejects.
    """
    from textile_news import crawl as crawling
    from textile_news.reextract import reextract

    known = crawling.site_names()
    unknown = [s for s in sites if s not in known]
    if unknown:
        raise click.UsageError(f"unknown site {unknown[0]!r}; known sites: {', '.join(known)}")
    with _open_existing(db, readonly=False) as archive:
        result = reextract(archive, db.parent, list(sites) or None)
    click.echo(result.summary())
    if result.unreadable:
        raise click.ClickException(
            f"{len(result.unreadable)} stored originals could not be read, "
            f"e.g. {result.unreadable[0]}"
        )


@cli.command()
@DB_OPTION
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--site", help="Only runs of this site.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def runs(db: Path, limit: int, site: str | None, fmt: str) -> None:
    """The latest crawl runs, newest first: what each fetched, stored, failed and found.

    A run without a finish time was interrupted (killed) or is still going.
    """
    with _open_existing(db) as archive:
        rows = storage.runs(archive, limit=limit, site=site)
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


@cli.command()
@DB_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def sites(db: Path, fmt: str) -> None:
    """Each site: articles archived, newest publication date, last run and its status."""
    from textile_news import crawl as crawling

    with _open_existing(db) as archive:
        overview = {row["site"]: row for row in storage.sites_overview(archive)}
    rows = [
        overview.get(site, {"site": site, "articles": 0, "last_run_id": None})
        for site in sorted(set(crawling.site_names()) | set(overview))
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


@cli.command()
@click.argument("article")
@DB_OPTION
@click.option("--history", is_flag=True, help="Every stored version, with what changed.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(article: str, db: Path, history: bool, fmt: str) -> None:
    """One article, by URL or id: its fields, links and (with --history) its versions."""
    with _open_existing(db) as archive:
        found = storage.get_article(archive, article)
        if found is None:
            raise click.ClickException(f"no article {article!r} in {db}")
        versions = storage.article_history(archive, found["url"]) if history else None
        # the same story elsewhere (cross-site duplicates, linked by fingerprint)
        copies = storage.duplicates_of(archive, found["id"])
    if fmt == "json":
        out = {**found, "copies": copies}
        click.echo(
            json.dumps(
                {**out, "versions": versions} if history else out, ensure_ascii=False, indent=2
            )
        )
        return
    for key in (
        "id",
        "url",
        "site",
        "title",
        "published_at",
        "source",
        "author",
        "category",
        "views",
        "language",
        "summary",
        "first_seen_at",
        "last_seen_at",
    ):
        if found.get(key) is not None:
            click.echo(f"{key + ':':<15}{found[key]}")
    click.echo(f"{'tags:':<15}{', '.join(found['tags'])}")
    click.echo("\n" + (found["body"] or ""))
    for link in found["related"]:
        click.echo(f"\nrelated: {link['title']} ({link['published_at']})\n  {link['url']}")
    if found["next"]:
        click.echo(f"\nnext: {found['next']['title']}\n  {found['next']['url']}")
    for copy in copies:
        role = "original" if copy["id"] == found["duplicate_of"] else "copy"
        click.echo(f"\n{role} on {copy['site']} ({copy['published_at']}): {copy['title']}")
        click.echo(f"  {copy['url']}")
    for n, version in enumerate(versions or [], start=1):
        click.echo(f"\n--- version {n}, fetched {version['fetched_at']}: {version['title']}")
        if version["diff"]:
            click.echo(version["diff"])


def _is_http_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


@cli.command("extract")
@click.argument("page", metavar="PATH|URL")
@click.option(
    "--url", callback=_check_start_url, help="The saved page's address (selects the site)."
)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True)
def extract_command(page: str, url: str | None, fmt: str, timeout: float) -> None:
    """Extract one page, a saved HTML file or a live http(s) URL, and print its item.

    The page goes through the page objects and normalisation a crawl uses: those of the
    site whose host the URL is on, generic extraction otherwise. The output also says
    which charset the page declared and which one decoded it (`encoding`).
    """
    from textile_news.checksite import FetchError, fetch
    from textile_news.extract import extract_article

    content_type = None
    if _is_http_url(page):
        try:
            fetched = fetch(page, timeout)
        except FetchError as exc:
            raise click.ClickException(str(exc)) from None
        body, content_type, url = fetched.body, fetched.content_type, url or fetched.url
    else:
        try:
            body = Path(page).read_bytes()
        except OSError as exc:
            raise click.ClickException(f"cannot read {page}: {exc.strerror}") from None
    item = extract_article(body, url, content_type=content_type)
    click.echo(json.dumps(item, ensure_ascii=False, indent=2))


@cli.command("check-site")
@click.argument("site")
@click.argument("url", required=False, callback=_check_start_url)
@click.option(
    "--start-url", callback=_check_start_url, help="The site's listing on another host (a mirror)."
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True)
def check_site_command(site: str, url: str | None, start_url: str | None, timeout: float) -> None:
    """Fetch one listing page of SITE and its first article live; show what was found.

    URL: this listing page, or this article (then no listing is fetched). Exit 0 when
    the article's title, published_at and body are found, 1 otherwise.
    """
    from textile_news import checksite
    from textile_news.extract import spider_classes

    spiders = {spider.name: spider for spider in spider_classes()}
    if site not in spiders:
        raise click.UsageError(f"unknown site {site!r}; known sites: {', '.join(sorted(spiders))}")
    try:
        result = checksite.check_site(spiders[site], url, start_url, timeout)
    except checksite.FetchError as exc:
        raise click.ClickException(str(exc)) from None
    if result.listing_url:
        click.echo(f"listing:    {result.listing_url}")
        click.echo(f"entries:    {len(result.entries)}")
        click.echo(f"next page:  {result.next_page or 'EMPTY'}")
        if not result.entries:
            raise click.ClickException("the listing has no article entries")
    click.echo(f"article:    {result.article_url}\n")
    click.echo(f"{'field':<13} value")
    for name in checksite.FIELDS:
        click.echo(f"{name:<13} {checksite.show(result.article.get(name))}")
    if empty := result.empty_required():
        click.echo(f"Error: required fields EMPTY: {', '.join(empty)}", err=True)
        sys.exit(1)


# --- distributed crawling on Redis (issue 7) ------------------------------------------


def _redis(url: str) -> Any:
    """A Redis client for ``url``: a malformed URL is a usage error, no answer an error."""
    from textile_news.distributed import RedisUnavailable, check_url, connect

    try:
        check_url(url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--redis'") from None
    try:
        return connect(url)
    except RedisUnavailable as exc:
        raise click.ClickException(str(exc)) from None


def _crawl_distributed(
    sites: Sequence[str],
    redis_url: str | None,
    until_idle: float | None,
    spider_args: dict[str, Any],
    settings: dict[str, Any],
    *,
    full: bool,
    resume: bool,
    verbose: bool,
) -> None:
    """`crawl SITE --redis URL`: one worker of the site's crawl shared on Redis."""
    from textile_news.distributed.worker import run_worker

    if not redis_url:
        raise click.UsageError("--until-idle needs --redis URL")
    if len(sites) != 1:
        raise click.UsageError("--redis: a worker crawls one SITE (start one worker per site)")
    if full or resume:
        raise click.UsageError(
            "--full and --resume do not apply with --redis: the shared crawl's state is in Redis"
        )
    _redis(redis_url).close()
    result = run_worker(
        sites[0],
        redis_url,
        {k: v for k, v in spider_args.items() if v is not None},
        until_idle=until_idle,
        overrides={**settings, "LOG_LEVEL": "INFO" if verbose else "WARNING"},
    )
    click.echo(result.summary())
    if result.failure:
        raise click.ClickException(f"crawl failed: {result.site}: {result.failure}")


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="SITE|URL...")
@click.option("--redis", "redis_url", required=True, metavar="URL", help="redis://HOST:PORT/N")
@click.option(
    "--start-url", callback=_check_start_url, help="The site's mirror (the workers' --start-url)."
)
@click.option("--first-id", type=click.IntRange(min=0), help="Queue article ids from here...")
@click.option("--last-id", type=click.IntRange(min=0), help="... up to here (inclusive).")
def enqueue(
    targets: tuple[str, ...],
    redis_url: str,
    start_url: str | None,
    first_id: int | None,
    last_id: int | None,
) -> None:
    """Queue work for the workers of crawls on Redis (`crawl SITE --redis URL`).

    \b
      enqueue SITE                      a new crawl of SITE: its start URLs (listings
                                        are walked again)
      enqueue SITE URL...  /  URL...    these article or listing pages (a URL alone:
                                        the site whose host it is on)
      enqueue SITE --first-id N --last-id M
                                        the articles N..M by id (sjfzxm.com)

    Prints per site how many requests were queued and how many the shared fingerprints
    already knew (fetched, or queued, before: not queued again).
    """
    from textile_news.distributed import seeding

    if (first_id is None) != (last_id is None):
        raise click.UsageError("--first-id and --last-id go together")
    if first_id is not None and last_id is not None and last_id < first_id:
        raise click.UsageError("--last-id is below --first-id")
    try:
        plan = seeding.plan(targets, start_url, ids=(first_id, last_id))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    server = _redis(redis_url)
    try:
        for job in plan:
            done = seeding.enqueue(server, job.spider, job.requests(), new_crawl=job.new_crawl)
            click.echo(
                f"{job.spider.name}: {done.queued} queued, {done.known} already known ({job.what})"
            )
    finally:
        server.close()


@cli.command("archive-worker")
@click.option("--redis", "redis_url", required=True, metavar="URL", help="redis://HOST:PORT/N")
@DB_OPTION
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Items written per transaction, at most.",
)
@click.option(
    "--until-idle",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop once no item came and no crawl worker was alive this long (default: wait).",
)
@click.option(
    "--consumer",
    default="archive",
    show_default=True,
    help="This writer's name in the stream's consumer group.",
)
def archive_worker(
    redis_url: str, db: Path, batch: int, until_idle: float | None, consumer: str
) -> None:
    """Store what the workers of crawls on Redis find: the one writer of the archive.

    Reads the items stream in batches and writes each batch in one transaction, with the
    same storage code as a crawl; items are acknowledged only once committed, so a writer
    that is killed loses nothing (started again, it writes what it had not committed).
    """
    import redis

    from textile_news.crawl import project_settings
    from textile_news.distributed.archive_worker import ArchiveConsumer, WriteError

    server = _redis(redis_url)
    try:
        storage.open_db(db).close()
    except storage.ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    distance = project_settings().getint("TEXTILE_NEWS_DUPLICATE_DISTANCE")
    writer = ArchiveConsumer(
        server, db, batch=batch, consumer=consumer, duplicate_distance=distance
    )
    try:
        stats = writer.run(until_idle)
    except WriteError as exc:
        raise click.ClickException(
            f"a batch could not be written; its items stay in Redis for the next start: {exc}"
        ) from None
    except redis.RedisError as exc:
        raise click.ClickException(f"Redis: {' '.join(str(exc).split())}") from None
    except KeyboardInterrupt:
        click.echo(f"{writer.stats.summary()} (interrupted)")
        sys.exit(130)
    click.echo(stats.summary())
    with storage.open_db(db) as archive:
        click.echo(f"archive: {db} ({storage.article_count(archive)} articles)")


# --- taxonomy (issue 5, item 4) ------------------------------------------------


def _vocabulary(path: str | Path | None) -> Any:
    from textile_news import taxonomy

    try:
        return taxonomy.Vocabulary.load(path)
    except taxonomy.TaxonomyError as exc:
        raise click.UsageError(str(exc)) from None


@cli.command()
@DB_OPTION
@click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="TEXTILE_NEWS_TAXONOMY",
    help="Your vocabulary file, merged over the packaged one (also $TEXTILE_NEWS_TAXONOMY).",
)
def retag(db: Path, taxonomy: Path | None) -> None:
    """Tag every archived article again with the taxonomy's terms.

    Run it after changing the vocabulary (a file of your own, see
    textile_news/data/taxonomy.toml), or on an archive made before the taxonomy: crawls
    tag only the articles they store. A crawl may write to the archive meanwhile.
    """
    vocabulary = _vocabulary(taxonomy)
    with _open_existing(db, readonly=False) as archive:
        result = storage.retag(archive, vocabulary)
    click.echo(
        f"retagged {result.articles} articles with {len(vocabulary)} terms "
        f"(vocabulary {vocabulary.digest}): {result.changed} changed, "
        f"{result.added} terms added, {result.removed} removed"
    )


@cli.command("terms")
@DB_OPTION
@click.option("--facet", help="Only this facet: fibre, segment, place, organisation.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def terms_command(db: Path, facet: str | None, fmt: str) -> None:
    """The taxonomy's terms and how many articles each tags, by facet, most first.

    The terms are those of the vocabulary that last tagged the archive; filter articles by
    one with --term ID in search, stats and export.
    """
    with _open_existing(db) as archive:
        facets = storage.term_facets(archive)
        if facet is not None and facet not in facets:
            known = ", ".join(facets) or "none: run `textile-news retag`"
            raise click.UsageError(f"unknown facet {facet!r}; facets: {known}")
        rows = storage.term_counts(archive, facet)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"No terms in {db}: run `textile-news retag`.", err=True)
        return
    click.echo(f"{'term':<34} {'facet':<13} {'articles':>8}  label")
    for row in rows:
        label = row["label_en"] + (f" / {row['label_zh']}" if row["label_zh"] else "")
        click.echo(f"{row['id']:<34} {row['facet']:<13} {row['articles']:>8}  {label}")
