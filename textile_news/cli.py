"""The ``textile-news`` command: a thin layer over crawl, storage and the demo."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from textile_news import export as exporter
from textile_news import storage

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
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--site", help="Only this site.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
def search(query: str, db: Path, limit: int, site: str | None, fmt: str) -> None:
    """Full-text search of titles and bodies, newest first.

    QUERY uses SQLite FTS5 syntax: words (all must match), "exact phrases",
    OR, NOT, AND, prefix* and parentheses, e.g. 'cotton OR wool', '"trade fair"', 'text*'.
    English words are stemmed: "exports" finds "export".
    """
    with _open_existing(db) as archive:
        try:
            rows = storage.search(archive, query, limit=limit, site=site)
        except storage.QueryError as exc:
            raise click.UsageError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        exporter.write(rows, "csv", sys.stdout, list(rows[0]) if rows else ["url", "title"])
    elif not rows:
        click.echo("No articles match.", err=True)
    else:
        for row in rows:
            click.echo(f"{(row['published_at'] or '')[:16]}  {row['site']}  {row['title']}")
            click.echo(f"    {row['url']}")
            click.echo(f"    {row['snippet']}")


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(exporter.FORMATS), required=True, help="Output format."
)
@DB_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File (default: stdout).",
)
@click.option("--site", help="Only this site.")
@click.option("--since", callback=_date, help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Published on or before this date (YYYY-MM-DD).")
def export(
    fmt: str,
    db: Path,
    output: Path | None,
    site: str | None,
    since: str | None,
    until: str | None,
) -> None:
    """Stream every matching article as CSV, one JSON array, or JSON Lines.

    JSON and JSON Lines carry each article's related and next links. CSV has one row per
    article; written to a file it starts with a UTF-8 byte-order mark, so spreadsheets
    show Chinese text correctly; tags are a JSON array in one cell.
    """
    with _open_existing(db) as archive, ExitStack() as stack:
        rows = storage.iter_articles(
            archive, site=site, since=since, until=until, links=fmt != "csv"
        )
        if output is None:
            exporter.write(rows, fmt, sys.stdout, storage.ARTICLE_COLUMNS)
            return
        # Written beside the target and renamed at the end: a failed export leaves no half file.
        partial = output.with_name(output.name + ".part")
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        try:
            out = stack.enter_context(partial.open("w", encoding=encoding, newline=""))
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
        stack.callback(partial.unlink, missing_ok=True)
        count = exporter.write(rows, fmt, out, storage.ARTICLE_COLUMNS)
        out.close()
        partial.replace(output)
    click.echo(f"exported {count} articles to {output}", err=True)


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
