"""Running spiders in-process, as the CLI does, and collecting their summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


def run(
    sites: Sequence[str],
    settings: Mapping[str, Any],
    spider_args: Mapping[str, Any] | None = None,
) -> list[CrawlResult]:
    """Crawl ``sites`` in this process (blocking) and return one result per site."""
    process = CrawlerProcess(project_settings(settings))
    crawlers = {site: process.create_crawler(site) for site in sites}
    for crawler in crawlers.values():
        process.crawl(crawler, **dict(spider_args or {}))
    process.start()
    results = []
    for site, crawler in crawlers.items():
        stats = crawler.stats.get_stats() if crawler.stats else {}
        results.append(CrawlResult(site, summarize(stats), crawl_failed(stats)))
    return results
