"""Who puts a site's start URLs into the shared queue: once a crawl, not once a worker.

A crawl of a site is marked running in Redis (``textile_news:<site>:seeded``, the time it
began). A worker that starts when no crawl is marked running claims the mark (one atomic
script) and seeds: its spider's start requests go into the queue, and the listings'
fingerprints of the last crawl are cleared, so that listings are walked again. Every other
worker joins. A worker that ends because the crawl went idle (``--until-idle``) removes
the mark, so the next scheduled run seeds again; a crawl whose workers all died keeps it,
and the next worker continues that crawl (its queue, and the dead workers' in-flight
requests) instead of starting over.

``textile-news enqueue`` seeds by hand: a site's start URLs (a new crawl: listings walked
again), given URLs, or an id range (sjfzxm.com: ``--first-id``/``--last-id``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy_redis import picklecompat

from textile_news.distributed import connect
from textile_news.distributed.frontier import Frontier, new_worker_id
from textile_news.text.urls import host_matches

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

    from textile_news.spiders.base import NewsSpider

logger = logging.getLogger(__name__)

# requests queued per round trip by enqueue (an id range can be hundreds of thousands)
_CHUNK = 1000


class SeedMiddleware:
    """Spider middleware of a distributed worker: its spider's start requests go on only
    when this worker claims the seeding of the crawl; otherwise it only joins."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.url = crawler.settings.get("TEXTILE_NEWS_REDIS_URL")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedMiddleware:
        if not crawler.settings.get("TEXTILE_NEWS_REDIS_URL"):
            raise NotConfigured
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider = self.crawler.spider
        assert spider is not None
        server = connect(self.url)
        try:
            seeds = Frontier(server, spider.name).claim_seed(new_worker_id())
        finally:
            server.close()
        if not seeds:
            logger.info("a crawl of %s is running: this worker joins it", spider.name)
            return
        logger.info("no crawl of %s is running: this worker seeds one", spider.name)
        async for item_or_request in start:
            yield item_or_request


@dataclass
class Enqueued:
    """What ``enqueue`` did: requests queued, and those the fingerprints already knew."""

    queued: int = 0
    known: int = 0


def site_requests(spider: NewsSpider) -> list[Request]:
    """The spider's start requests (its start URLs, ``start_url``, or its id range)."""

    async def collect() -> list[Request]:
        return [r async for r in spider.start() if isinstance(r, Request)]

    return asyncio.run(collect())


def url_requests(spider: NewsSpider, urls: Iterable[str]) -> list[Request]:
    """A request per URL: an article's or a listing's, as the spider tells them apart."""
    return [spider.listing_request(spider.local(url)) for url in urls]


def id_requests(spider: NewsSpider, first: int, last: int) -> Iterable[Request]:
    """The articles ``first``..``last`` (inclusive) at the spider's ``article_path``."""
    if spider.article_path is None:
        raise ValueError(f"{spider.name} has no article ids (no article_path)")
    for article_id in range(first, last + 1):
        url = spider.base_url + spider.article_path.format(id=article_id)
        if request := spider.article_request(url):
            yield request


@dataclass
class Job:
    """Requests that ``enqueue`` queues for one site."""

    spider: NewsSpider
    what: str  # for the report: "start URLs", "2 URLs", "ids 1..9"
    make: Callable[[], Iterable[Request]]
    new_crawl: bool = False

    def requests(self) -> Iterable[Request]:
        return self.make()


def _is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def _serves(spider: type[NewsSpider], url: str) -> bool:
    return host_matches(urlsplit(url).hostname, spider.site_hosts)


def plan(
    targets: Sequence[str], start_url: str | None, ids: tuple[int | None, int | None]
) -> list[Job]:
    """What ``textile-news enqueue TARGETS`` queues, site by site.

    :param targets: at most one site name, and URLs (without a site: each URL's site is
        the one whose hosts serve it)
    :param start_url: the site's mirror, as the workers' ``--start-url``
    :param ids: ``(first, last)`` article ids, or ``(None, None)``
    :raises ValueError: a one-line reason
    """
    from textile_news.crawl.runner import spider_loader

    loader = spider_loader()  # catalogue sites, TEXTILE_NEWS_SITES's too
    names = sorted(loader.list())
    sites = [t for t in targets if not _is_url(t)]
    urls = [t for t in targets if _is_url(t)]
    if unknown := [s for s in sites if s not in names]:
        raise ValueError(f"unknown site {unknown[0]!r}; known sites: {', '.join(names)}")
    if len(sites) > 1:
        raise ValueError("one SITE at a time")
    first, last = ids
    classes = {name: cast("type[NewsSpider]", loader.load(name)) for name in names}
    if not sites:
        if first is not None or start_url:
            raise ValueError("--first-id, --last-id and --start-url need a SITE")
        by_site: dict[str, list[str]] = {}
        for url in urls:
            site = next((n for n, c in classes.items() if c.site_hosts and _serves(c, url)), None)
            if site is None:
                host = urlsplit(url).hostname
                raise ValueError(f"no site of ours is on {host}: name it, enqueue SITE URL...")
            by_site.setdefault(site, []).append(url)
        return [_url_job(classes[site](), found) for site, found in by_site.items()]
    cls = classes[sites[0]]
    if getattr(cls, "needs_start_url", False) and not start_url:
        raise ValueError(f"{cls.name} needs --start-url URL")
    spider = cls(start_url=start_url)
    jobs = [_url_job(spider, urls)] if urls else []
    if first is not None and last is not None:
        if spider.article_path is None:
            raise ValueError(f"{spider.name} has no article ids: --first-id does not apply")
        jobs.append(Job(spider, f"ids {first}..{last}", lambda: id_requests(spider, first, last)))
    if not jobs:
        jobs.append(Job(spider, "start URLs", lambda: site_requests(spider), new_crawl=True))
    return jobs


def _url_job(spider: NewsSpider, urls: list[str]) -> Job:
    return Job(spider, f"{len(urls)} URLs", lambda: url_requests(spider, urls))


def encode(request: Request, spider: Spider) -> bytes:
    """A request as the scrapy-redis queue stores it (its ``_encode_request``)."""
    return bytes(picklecompat.dumps(request.to_dict(spider=spider)))


def enqueue(
    server: redis.Redis,
    spider: Spider,
    requests: Iterable[Request],
    *,
    new_crawl: bool = False,
) -> Enqueued:
    """Queue ``requests`` for ``spider``'s workers, through the fingerprints.

    :param new_crawl: a new crawl of the site begins: its listings are walked again (the
        site's start URLs); else a crawl is marked running unless one is, so that workers
        that start later join it rather than seed the site's listings on top
    """
    frontier = Frontier(server, spider.name)
    if new_crawl:
        frontier.start_crawl()
    else:
        frontier.mark_seeded()
    done = Enqueued()
    chunk: list[Request] = []

    def flush() -> None:
        with server.pipeline(transaction=False) as pipe:
            for request in chunk:
                frontier.push(request, encode(request, spider), client=pipe)
            for added in pipe.execute():
                done.queued += bool(added)
                done.known += not added
        chunk.clear()

    for request in requests:
        chunk.append(request)
        if len(chunk) >= _CHUNK:
            flush()
    if chunk:
        flush()
    return done
