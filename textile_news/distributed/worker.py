"""One distributed crawl worker: the project's crawl with its frontier and its store step
on Redis (``textile-news crawl SITE --redis URL``).

What changes from a crawl on one machine, and why:

- the scheduler and fingerprints are the site's shared ones (frontier.py); the spider's
  start requests go in only when this worker seeds the crawl (seeding.py);
- items go to the Redis stream, not to an archive (stream.py: StreamPipeline in the store
  pipeline's place); the archive writer stores them;
- no stored originals (WARC captures): a worker on another machine has no archive folder
  to write them beside, and shipping every page's bytes through Redis would make Redis
  the archive. A distributed crawl keeps articles and rejects, not originals;
- no crawl_runs row, no per-site lock, no JOBDIR: several workers crawl the same site
  at once, anywhere, and the crawl's state lives in Redis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from textile_news.crawl.runner import project_settings

SCHEDULER = "textile_news.distributed.frontier.RedisScheduler"
STORE = "textile_news.pipeline.pipelines.StorePipeline"
STREAM = "textile_news.distributed.stream.StreamPipeline"
SEED = "textile_news.distributed.seeding.SeedMiddleware"
PROCESS = "textile_news.pipeline.pipelines.ProcessPipeline"


def worker_settings(
    redis_url: str, until_idle: float | None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """The project's settings for a distributed worker, then ``overrides`` (``-s``)."""
    base = project_settings()
    # the stream carries finished items (stream.py): the processor the archive writer runs
    # in a crawl on one machine runs here (ProcessPipeline, on whatever the overrides say)
    pipelines = dict(base.getdict("ITEM_PIPELINES"))
    position = pipelines.pop(STORE, 900)
    pipelines.update({PROCESS: pipelines.get(PROCESS, 100), STREAM: position})
    spider_mws = {**base.getdict("SPIDER_MIDDLEWARES"), SEED: 50}
    settings = project_settings(
        {
            "SCHEDULER": SCHEDULER,
            "TEXTILE_NEWS_REDIS_URL": redis_url,
            "TEXTILE_NEWS_REDIS_UNTIL_IDLE": until_idle or 0,
            "ITEM_PIPELINES": pipelines,
            "SPIDER_MIDDLEWARES": spider_mws,
            "TEXTILE_NEWS_CAPTURE": False,
            "TEXTILE_NEWS_RECORD_RUNS": False,
            "TEXTILE_NEWS_LOCK": False,
            **(overrides or {}),
            "TEXTILE_NEWS_PROCESS_IN_CRAWL": True,
        }
    )
    return settings


@dataclass
class WorkerResult:
    site: str
    pages: int
    articles: int
    rejects: int
    errors: int
    requeued: int
    finish_reason: str | None
    elapsed_seconds: float
    failure: str | None

    def summary(self) -> str:
        return (
            f"{self.site}: {self.pages} pages, {self.articles} articles and {self.rejects} "
            f"rejects sent to Redis, {self.errors} errors, {self.requeued} requeued from "
            f"stopped workers in {self.elapsed_seconds:.1f} s"
        )


def run_worker(
    site: str,
    redis_url: str,
    spider_args: Mapping[str, Any],
    *,
    until_idle: float | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> WorkerResult:
    """Run one worker of ``site``'s shared crawl in this process (blocking)."""
    process = CrawlerProcess(worker_settings(redis_url, until_idle, overrides))
    crawler = process.create_crawler(site)
    process.crawl(crawler, **dict(spider_args))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = stats.get("finish_reason")
    failure = None
    if reason != "finished":
        failure = f"finished with reason {reason!r}"
    elif stats.get("spider_exceptions/count", 0):
        failure = f"{stats['spider_exceptions/count']} exception(s) in the spider"
    return WorkerResult(
        site=crawler.spider.name if crawler.spider else site,
        pages=stats.get("response_received_count", 0),
        articles=stats.get("textile_news/redis/articles_sent", 0),
        rejects=stats.get("textile_news/redis/rejects_sent", 0),
        errors=stats.get("textile_news/rejected/fetch", 0),
        requeued=stats.get("textile_news/redis/requeued", 0),
        finish_reason=reason,
        elapsed_seconds=round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
        failure=failure,
    )
