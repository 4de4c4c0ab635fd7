"""HTTP connections: as many kept open per host as its download slot may use at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class PooledDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with a connection pool sized for every download slot.

    Scrapy keeps ``CONCURRENT_REQUESTS_PER_DOMAIN`` persistent connections per host, even
    for a slot that ``DOWNLOAD_SLOTS`` allows more requests in flight (loopback hosts:
    politeness.LOOPBACK_SLOTS): each request beyond that opened a connection of its own
    and closed it after. Here the pool keeps as many as the busiest slot may use. A slot
    never has more connections than requests in flight, so a polite site's stay as few.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
        widest = max((int(s.get("concurrency", 0)) for s in slots.values()), default=0)
        # Twisted's pool, which Scrapy's handler owns (no public way to size it)
        self._pool.maxPersistentPerHost = max(self._pool.maxPersistentPerHost, widest)
