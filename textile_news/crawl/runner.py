"""Running spiders in-process, as the CLI does, and collecting their summaries."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoaderProtocol, get_spider_loader

from textile_news.archive.db import open_db
from textile_news.archive.files import beside, real_path
from textile_news.crawl.extensions import crawl_failed, summarize
from textile_news.pipeline import write_faults
from textile_news.spiders import generic


@dataclass
class CrawlResult:
    site: str
    summary: dict[str, Any]
    failure: str | None
    findings: list[dict[str, str]] = field(default_factory=list)
    run_id: int | None = None
    # one line naming the file the crawl could not write (a full disk), which stopped it
    write_error: str | None = None
    # the signal that stopped the crawl before its end (SIGINT: Ctrl-C), None if none did
    stopped_by: int | None = None


class _Process(CrawlerProcess):
    """A CrawlerProcess that remembers which signal stopped it: Ctrl-C and SIGTERM both end
    a crawl with the reason 'shutdown', and the CLI's exit code tells them apart (130, 143:
    issue 17, item 3)."""

    stopped_by: int | None = None

    # Scrapy calls this, on its reactor and its reactorless paths alike, for the first
    # signal of a graceful stop; a static method there, bound here to keep the number
    def _log_shutdown(self, signum: int) -> None:  # type: ignore[override]
        self.stopped_by = self.stopped_by or signum
        CrawlerProcess._log_shutdown(signum)


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings, whatever the current directory (no scrapy.cfg needed)."""
    settings = Settings()
    settings.setmodule("textile_news.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_loader(settings: Settings | None = None) -> SpiderLoaderProtocol:
    """The project's spider loader: the spider modules' and the catalogue's sites, those of
    ``TEXTILE_NEWS_SITES`` too (textile_news/spiders/loader.py)."""
    return get_spider_loader(settings or project_settings())


def site_names(settings: Settings | None = None) -> list[str]:
    """Every site the project has a spider of its own for (not ``generic``)."""
    loader = spider_loader(settings)
    return sorted(n for n in loader.list() if not getattr(loader.load(n), "needs_start_url", False))


def spider_names(settings: Settings | None = None) -> list[str]:
    """Every spider: the sites' and those that crawl any site from a start URL (``generic``)."""
    return sorted(spider_loader(settings).list())


def needs_start_url(spider: str, settings: Settings | None = None) -> bool:
    """Whether ``spider`` has no site of its own and crawls only from a start URL."""
    return bool(getattr(spider_loader(settings).load(spider), "needs_start_url", False))


def job_dir(db_file: str | Path, site: str) -> Path:
    """Where Scrapy keeps a crawl's state (JOBDIR) so that ``--resume`` can continue it:
    beside the archive's real file, whichever path named it (issue 13, item 7)."""
    return beside(db_file, "jobs", f"{real_path(db_file).name}.{site}")


def filed_name(site: str, start_url: str | None = None) -> str:
    """The name a crawl of ``site`` is filed, locked and kept under: its own, or for a
    generic crawl its start URL's host's, ``generic:HOST`` (the spider's name), so that
    crawls of two hosts run at once (issue 13, item 8)."""
    if site == generic.NAME and start_url:
        return generic.site_name(start_url)
    return site


def run(
    sites: Sequence[str],
    settings: Mapping[str, Any],
    spider_args: Mapping[str, Any] | None = None,
    *,
    resume: bool = False,
    args_by_site: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[CrawlResult]:
    """Crawl ``sites`` in this process (blocking) and return one result per site.

    :param spider_args: the spiders' arguments; ``args_by_site`` gives a site its own

    Each site's crawl keeps its state in :func:`job_dir`: a crawl that finishes removes it,
    an interrupted one leaves it for ``resume=True``; without ``resume`` it starts afresh.
    """
    process = _Process(project_settings(settings))
    loader = process.spider_loader
    crawlers = {}

    def args(site: str) -> Mapping[str, Any]:
        return (args_by_site or {}).get(site, spider_args or {})

    jobs = {
        site: job_dir(settings["TEXTILE_NEWS_DB"], filed_name(site, args(site).get("start_url")))
        for site in sites
    }
    for site in sites:
        if not resume:
            shutil.rmtree(jobs[site], ignore_errors=True)
        base = loader.load(site)
        # JOBDIR is a per-crawler setting: a subclass carries it in custom_settings
        spider = type(
            base.__name__,
            (base,),
            {"custom_settings": {**(base.custom_settings or {}), "JOBDIR": str(jobs[site])}},
        )
        crawlers[site] = process.create_crawler(spider)
    for site, crawler in crawlers.items():
        process.crawl(crawler, **dict(args(site)))
    if _SHUTDOWN_SIGNALS & signal.pthread_sigmask(signal.SIG_BLOCK, []):
        _unblock_once_handled(process)  # a worker of run_parallel: born with them blocked
    process.start()
    results = []
    for site, crawler in crawlers.items():
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if stats.get("finish_reason") == "finished":
            shutil.rmtree(jobs[site], ignore_errors=True)
            with contextlib.suppress(OSError):  # the jobs/ folder itself, once empty
                jobs[site].parent.rmdir()
        # a signal before the crawl opened (a worker's, held while it started) leaves no
        # finish reason: stopped too, and no failure
        stopped = process.stopped_by if stats.get("finish_reason") in ("shutdown", None) else None
        fault = write_faults.fault_of(stats)
        results.append(
            CrawlResult(
                # a generic crawl is filed under its host: "generic:example.com"
                crawler.spider.name
                if crawler.spider
                else filed_name(site, args(site).get("start_url")),
                summarize(stats),
                None if stopped and not fault else crawl_failed(stats),
                stats.get("textile_news/findings", []),
                stats.get("textile_news/run_id"),
                fault,
                stopped,
            )
        )
    return results


def run_parallel(
    sites: Sequence[str],
    settings: Mapping[str, Any],
    spider_args: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    jobs: int = 1,
    resume: bool = False,
) -> list[CrawlResult]:
    """Crawl ``sites`` in up to ``jobs`` processes at once, one site a process, all into
    the same archive; one result per site, in the order of ``sites``.

    One process runs one site's crawl and its archive writer: the crawl is CPU-bound on one
    core, so a machine with N cores crawls N sites at a time. The writers share the archive
    as SQLite allows (WAL: one writer at a time, each batch a short transaction; the others
    wait, up to the busy timeout). With ``jobs`` 1 (or one site) this is :func:`run`.

    :param spider_args: per site, the spider's arguments (``start_url``, ...)
    """
    args = {site: dict((spider_args or {}).get(site, {})) for site in sites}
    if jobs <= 1 or len(sites) <= 1:
        return run(sites, settings, resume=resume, args_by_site=args)
    # created and migrated once, here, before several processes open it at once
    open_db(settings["TEXTILE_NEWS_DB"]).close()
    # a fresh process a site: Twisted's reactor runs once a process ("spawn": nothing of
    # this process's state, reactor included, is inherited)
    context = multiprocessing.get_context("spawn")
    # the signal that came (0: none): the sites not started by then are not crawled
    stop = context.Value("i", 0)
    futures: list[Future[list[CrawlResult]]] = []
    # each worker in a process group of its own: Ctrl-C reaches this process alone, which
    # passes it on once (a second SIGINT would make Scrapy stop uncleanly)
    with (
        ProcessPoolExecutor(
            jobs,
            mp_context=context,
            max_tasks_per_child=1,
            initializer=_start_worker,
            initargs=(stop,),
        ) as pool,
        _passing_on_signals(futures, stop),
    ):
        # the workers and the pool's threads (which start the workers that replace
        # them) are born with SIGINT and SIGTERM blocked: Ctrl-C while a worker starts,
        # still in this process group, waits until its crawl can stop on it, where it
        # made the worker die and broke the pool (a traceback, exit 1: issue 17 item 3)
        signal.pthread_sigmask(signal.SIG_BLOCK, _SHUTDOWN_SIGNALS)
        try:
            futures += [
                pool.submit(_run_unless_stopped, site, dict(settings), args[site], resume)
                for site in sites
            ]
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SHUTDOWN_SIGNALS)
        results = {
            site: f.result() for site, f in zip(sites, futures, strict=True) if not f.cancelled()
        }
    # a site a signal kept from starting has its summary line, as an interrupted crawl
    return [
        r
        for site in sites
        for r in results.get(site) or [_not_started(site, args[site], stop.value)]
    ]


def _not_started(site: str, args: Mapping[str, Any], signum: int) -> CrawlResult:
    return CrawlResult(
        filed_name(site, args.get("start_url")), summarize({}), None, stopped_by=signum
    )


_SHUTDOWN_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_stop: Any = None  # in a worker: run_parallel's signal value


def _start_worker(stop: Any) -> None:
    global _stop
    os.setpgrp()
    _stop = stop


def _run_unless_stopped(
    site: str, settings: dict[str, Any], args: dict[str, Any], resume: bool
) -> list[CrawlResult]:
    """One site's crawl in a worker, unless a signal came before it started: a site can be
    handed to a worker before then and no longer be cancelled."""
    if _stop is not None and _stop.value:
        return [_not_started(site, args, _stop.value)]
    return run([site], settings, args, resume=resume)


def _unblock_once_handled(process: CrawlerProcess) -> None:
    """Unblock SIGINT and SIGTERM once Scrapy handles them (it does once its reactor has
    started): a signal that came before then is taken as it would be after."""
    from twisted.internet import reactor

    def unblock() -> None:
        if getattr(signal.getsignal(signal.SIGINT), "__self__", None) is process:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SHUTDOWN_SIGNALS)
        else:
            reactor.callLater(0.01, unblock)  # type: ignore[arg-type]

    reactor.callWhenRunning(unblock)


@contextlib.contextmanager
def _passing_on_signals(futures: Sequence[Future[Any]], stop: Any) -> Iterator[None]:
    """SIGINT or SIGTERM while sites are crawled in worker processes: no more sites are
    started, and the crawls under way get the signal, to stop as a crawl in this process
    would (their job state kept for --resume: issue 17, item 3)."""

    def pass_on(signum: int, frame: object) -> None:
        stop.value = stop.value or signum
        for future in futures:
            future.cancel()
        for child in multiprocessing.active_children():
            if child.pid:  # (0 would signal the whole process group)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signum)

    previous = {s: signal.signal(s, pass_on) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
