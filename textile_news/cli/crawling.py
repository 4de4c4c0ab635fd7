"""Crawling commands: crawl, demo, serve-demo."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from textile_news.archive.counts import article_count
from textile_news.archive.db import open_db
from textile_news.archive.errors import ArchiveError
from textile_news.archive.files import beside
from textile_news.cli import start_urls
from textile_news.cli.common import (
    DB_OPTION,
    SITES_OPTION,
    archive_failure,
    site_settings,
)
from textile_news.cli.crawl_output import Ended, Output, interrupted, plural
from textile_news.cli.distributed import crawl_distributed
from textile_news.cli.taxonomy import load_vocabulary
from textile_news.cli.watch import run_watches


@click.command()
@click.argument("sites", nargs=-1)
@DB_OPTION
@click.option(
    "--start-url",
    "start_url_values",
    multiple=True,
    metavar="[SITE=]URL",
    help="Crawl the one SITE from this URL (another host: a mirror); SITE=URL, repeated,"
    " gives several sites theirs.",
)
@click.option(
    "--start-urls",
    "start_urls_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A TOML or JSON map of SITE to start URL, as SITE=URL options.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Append Scrapy's log and the lines printed here to FILE (stdout keeps the summary).",
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
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Show Scrapy's log at INFO level, failed downloads with their tracebacks.",
)
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
@click.option(
    "--watch",
    is_flag=True,
    help="At the end, print each watch's new matches (`watch run`) and move it on.",
)
@SITES_OPTION
def crawl(
    sites: tuple[str, ...],
    db: Path,
    start_url_values: tuple[str, ...],
    start_urls_file: Path | None,
    log_file: Path | None,
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
    watch: bool,
    sites_file: Path | None,
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

    --start-url SITE=URL (repeated) or --start-urls FILE crawls each SITE named from its
    URL: the sites named, or with --all every site, the others from their own hosts.

    Every line printed starts with the time, ISO 8601 with its offset, as Scrapy's log
    lines do; --log-file FILE appends both to FILE (Scrapy's log then goes only there).

    \b
    Exit codes:
      0  the crawl ran (pages that failed one by one are counted and kept in rejects)
      1  a crawl failed as a whole: nothing fetched, an exception in the spider
      2  bad usage, or an archive it cannot or must not write (read-only or immutable,
         or written by a newer textile-news); refused before the first request
      3  with --strict: monitoring found a problem (see `textile-news runs`)
     74  a file of the crawl could not be written (the archive, a WARC file, the job
         state; a full disk): the crawl stopped at once, keeping what was committed, and
         the next crawl fetches what this one missed
     75  another crawl of the same site into the same archive is running (a generic
         crawl's site is its host: crawls of two hosts run at once); a scheduled run
         need not report it (README: the cron line and systemd's SuccessExitStatus=75)
    130  interrupted by Ctrl-C (SIGINT; 143: SIGTERM): what was fetched is kept, and
         `crawl --resume` continues the crawl
    """
    from textile_news.crawl import runner as crawling
    from textile_news.crawl import setting_values

    own_sites = site_settings(sites_file)
    with_sites = crawling.project_settings(own_sites)
    known = crawling.site_names(with_sites)
    unknown = [s for s in sites if s not in crawling.spider_names(with_sites)]
    if unknown:
        raise click.UsageError(
            f"unknown site {unknown[0]!r}; known sites: {', '.join(known)}"
            " (any other: generic --start-url URL)"
        )
    if all_sites and sites:
        raise click.UsageError("--all or SITES, not both")
    start_url, by_site = start_urls.parse(start_url_values, start_urls_file)
    if bad := [s for s in by_site if s not in crawling.spider_names(with_sites)]:
        raise click.UsageError(f"--start-url names an unknown site {bad[0]!r}")
    chosen = list(sites) or (known if all_sites or not by_site else list(by_site))
    if bad := [s for s in by_site if s not in chosen]:
        raise click.UsageError(f"--start-url names {bad[0]}, which is not crawled: add it")
    if start_url and len(chosen) != 1:
        raise click.UsageError("--start-url URL needs exactly one SITE (else SITE=URL)")
    if start_url:
        by_site = {chosen[0]: start_url}
    if needy := [s for s in chosen if s not in by_site and crawling.needs_start_url(s, with_sites)]:
        raise click.UsageError(f"{needy[0]} needs --start-url URL (a listing, feed or sitemap)")
    if first_id is not None and last_id is not None and last_id < first_id:
        raise click.UsageError("--last-id is below --first-id")
    if redis_url and len(by_site) > 1:
        raise click.UsageError("--redis crawls one site: one --start-url")
    args = {"start_url": start_url, "first_id": first_id, "last_id": last_id}
    if len(chosen) == 1:
        args["start_url"] = by_site.get(chosen[0])
    extra: dict[str, Any] = {**own_sites}
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.UsageError(f"-s wants NAME=VALUE, not {pair!r}")
        extra[name] = value
    try:
        setting_values.check(extra, crawling.project_settings())
    except setting_values.BadSetting as exc:
        raise click.UsageError(str(exc)) from None
    if watch and (redis_url or until_idle is not None):
        raise click.UsageError("--watch with --redis: run `watch run` where the archive is")
    if redis_url or until_idle is not None:
        crawl_distributed(
            chosen, redis_url, until_idle, args, extra, full=full, resume=resume, verbose=verbose
        )
        return
    given = {k: v for k, v in args.items() if v is not None and k != "start_url"}
    _crawl_and_report(
        chosen,
        db,
        {s: {**given, **({"start_url": by_site[s]} if s in by_site else {})} for s in chosen},
        verbose,
        full=full,
        resume=resume,
        strict=strict,
        http_cache=http_cache,
        settings=extra,
        jobs=jobs,
        watch=watch,
        output=Output(log_file),
    )


LOCKED = 75  # EX_TEMPFAIL: try again later
WRITE_FAILED = 74  # EX_IOERR: a file of the crawl could not be written


def _crawl_and_report(
    sites: Sequence[str],
    db: Path,
    args_by_site: dict[str, dict[str, Any]],
    verbose: bool,
    *,
    full: bool = False,
    resume: bool = False,
    strict: bool = False,
    http_cache: bool = False,
    settings: dict[str, Any] | None = None,
    jobs: int = 1,
    watch: bool = False,
    output: Output | None = None,
) -> None:
    from textile_news.crawl import runner as crawling
    from textile_news.crawl.locks import LockedError, SiteLock

    parallel = jobs > 1 and len(sites) > 1
    settings = {
        "LOG_LEVEL": "INFO" if verbose else "WARNING",  # unless -s LOG_LEVEL=... says
        **(settings or {}),
        "TEXTILE_NEWS_DB": str(db),
        # one progress line: several processes would write over each other's
        "TEXTILE_NEWS_PROGRESS": sys.stderr.isatty() and not parallel,
        "TEXTILE_NEWS_FULL": full,
        "TEXTILE_NEWS_STRICT": strict,
        "TEXTILE_NEWS_LOCK": False,  # held here, around the whole crawl
        "TEXTILE_NEWS_LOG_TRACEBACKS": verbose,
    }
    output = output or Output()
    if output.log_file is not None:
        settings.update(LOG_FILE=str(output.log_file), LOG_FILE_APPEND=True)
    if http_cache:
        settings.update(HTTPCACHE_ENABLED=True, HTTPCACHE_DIR=str(beside(db, "httpcache")))
    try:
        open_db(db).close()  # before the first request: one it cannot write is refused
    except ArchiveError as exc:
        raise archive_failure(exc) from None
    if own := settings.get("TEXTILE_NEWS_TAXONOMY") or os.environ.get("TEXTILE_NEWS_TAXONOMY"):
        load_vocabulary(own)  # a bad file stops the crawl here, not each batch in the writer
    with ExitStack() as locks:
        try:
            for site in sites:
                name = crawling.filed_name(site, args_by_site[site].get("start_url"))
                locks.enter_context(SiteLock(db, name))
        except LockedError as exc:
            raise Ended(str(exc), LOCKED, output) from None
        results = crawling.run_parallel(sites, settings, args_by_site, jobs=jobs, resume=resume)
    for result in results:
        s = result.summary
        output.echo(
            f"{result.site}: {plural(s['pages'], 'page')}, {s['new']} new, "
            f"{s['updated']} updated, {s['unchanged']} unchanged, {s['rejected']} rejected, "
            f"{plural(s['errors'], 'error')} in {s['elapsed_seconds']:.1f} s"
        )
        for finding in result.findings:
            output.echo(f"  finding: {finding['message']}")
    with open_db(db) as archive:
        output.echo(f"archive: {db} ({article_count(archive)} articles)")
    write_errors = [r.write_error for r in results if r.write_error]
    if watch and not write_errors:  # issue 16, item 7: what is new for each saved search
        run_watches(db, None, "text")
    if write_errors:
        # one line, the path in it: the sites of one disk fail alike
        raise Ended(write_errors[0], WRITE_FAILED, output)
    if stopped := [r.stopped_by for r in results if r.stopped_by]:
        raise interrupted(sum(r.summary["pages"] for r in results), stopped[0], output)
    failures = [f"{r.site}: {r.failure}" for r in results if r.failure]
    if failures:
        raise Ended("crawl failed: " + "; ".join(failures), 1, output)
    if strict and any(r.findings for r in results):
        raise Ended("--strict: monitoring found problems (listed above)", 3, output)


@click.command()
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
        _crawl_and_report(
            ["sjfzxm_com"],
            db,
            {"sjfzxm_com": {"start_url": url}},
            verbose=False,
            output=Output(stamped=False),
        )
    me = _how_to_call_me()
    click.echo("\nTry next:")
    click.echo(f"  {me} search cotton --db {db}")
    click.echo(f"  {me} export --format csv --db {db} -o articles.csv")
    click.echo(
        f'  sqlite3 {db} "SELECT published_at, title FROM articles '
        'ORDER BY coalesce(published_utc, published_at) DESC LIMIT 5"'
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


@click.command("serve-demo")
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
