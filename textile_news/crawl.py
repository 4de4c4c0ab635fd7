"""Running spiders in-process, as the CLI does, and collecting their summaries."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from textile_news.extensions import crawl_failed, summarize


@dataclass
class CrawlResult:
    site: str
    summary: dict[str, Any]
    failure: str | None
    findings: list[dict[str, str]] = field(default_factory=list)
    run_id: int | None = None


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings, whatever the current directory (no scrapy.cfg needed)."""
    settings = Settings()
    settings.setmodule("textile_news.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def site_names(settings: Settings | None = None) -> list[str]:
    """Every site the project has a spider for."""
    return sorted(SpiderLoader.from_settings(settings or project_settings()).list())


def job_dir(db_file: str | Path, site: str) -> Path:
    """Where Scrapy keeps a crawl's state (JOBDIR) so that ``--resume`` can continue it."""
    db = Path(db_file)
    return db.parent / "jobs" / f"{db.name}.{site}"


def run(
    sites: Sequence[str],
    settings: Mapping[str, Any],
    spider_args: Mapping[str, Any] | None = None,
    *,
    resume: bool = False,
) -> list[CrawlResult]:
    """Crawl ``sites`` in this process (blocking) and return one result per site.

    Each site's crawl keeps its state in :func:`job_dir`: a crawl that finishes removes it,
    an interrupted one leaves it for ``resume=True``; without ``resume`` it starts afresh.
    """
    process = CrawlerProcess(project_settings(settings))
    loader = SpiderLoader.from_settings(process.settings)
    crawlers = {}
    jobs = {site: job_dir(settings["TEXTILE_NEWS_DB"], site) for site in sites}
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
    for crawler in crawlers.values():
        process.crawl(crawler, **dict(spider_args or {}))
    process.start()
    results = []
    for site, crawler in crawlers.items():
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if stats.get("finish_reason") == "finished":
            shutil.rmtree(jobs[site], ignore_errors=True)
            with contextlib.suppress(OSError):  # the jobs/ folder itself, once empty
                jobs[site].parent.rmdir()
        results.append(
            CrawlResult(
                site,
                summarize(stats),
                crawl_failed(stats),
                stats.get("textile_news/findings", []),
                stats.get("textile_news/run_id"),
            )
        )
    return results
