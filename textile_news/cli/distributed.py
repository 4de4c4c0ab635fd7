"""Distributed crawling on Redis (issue 7): crawl --redis, enqueue, archive-worker."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from textile_news.archive.counts import article_count
from textile_news.archive.db import open_db
from textile_news.archive.errors import ArchiveError
from textile_news.cli.common import DB_OPTION, archive_failure, check_start_url


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


def crawl_distributed(
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
        overrides={
            **settings,
            "LOG_LEVEL": "INFO" if verbose else "WARNING",
            "TEXTILE_NEWS_LOG_TRACEBACKS": verbose,
        },
    )
    click.echo(result.summary())
    if result.failure:
        raise click.ClickException(f"crawl failed: {result.site}: {result.failure}")


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="SITE|URL...")
@click.option("--redis", "redis_url", required=True, metavar="URL", help="redis://HOST:PORT/N")
@click.option(
    "--start-url", callback=check_start_url, help="The site's mirror (the workers' --start-url)."
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


@click.command("archive-worker")
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

    from textile_news.crawl.runner import project_settings
    from textile_news.distributed.archive_worker import ArchiveConsumer, WriteError

    server = _redis(redis_url)
    try:
        open_db(db).close()
    except ArchiveError as exc:
        raise archive_failure(exc) from None
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
    with open_db(db) as archive:
        click.echo(f"archive: {db} ({article_count(archive)} articles)")
