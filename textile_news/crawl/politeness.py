"""Politeness and identity: a User-Agent with a contact URL, and no throttling of loopback.

Politeness is for other people's servers. A crawl of 127.0.0.1 (the demo, tests,
benchmarks) keeps no delay, so figures measured there are the crawler's, not a sleep.
"""

from __future__ import annotations

from ipaddress import ip_address
from typing import TYPE_CHECKING

from scrapy.utils.httpobj import urlparse_cached

from textile_news.version import __version__

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

# A local server is the crawl's own: as many requests in flight as the crawl allows
# (CONCURRENT_REQUESTS), each on a connection kept open (connections.py), so that the
# crawler's core sets the pace, not the round trips.
LOOPBACK_SLOTS = {
    host: {"delay": 0.0, "concurrency": 16, "jitter": 0.0}
    for host in ("127.0.0.1", "localhost", "::1")
}


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def user_agent(contact_url: str) -> str:
    """``textile_news/0.1 (+https://...)``: who we are and where to reach us."""
    return f"textile_news/{__version__} (+{contact_url})"


def crawl_user_agent(settings: BaseSettings) -> str:
    """The User-Agent of requests made with ``settings``: the one source for a crawl,
    ``extract URL`` and ``check-site`` (a ``-s TEXTILE_NEWS_CONTACT_URL=...`` changes it)."""
    return user_agent(settings["TEXTILE_NEWS_CONTACT_URL"])


class PolitenessMiddleware:
    """Sets the User-Agent from ``TEXTILE_NEWS_CONTACT_URL``; exempts loopback from
    AutoThrottle (``DOWNLOAD_SLOTS`` in settings gives loopback hosts no delay)."""

    def __init__(self, agent: str) -> None:
        self.agent = agent.encode()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        return cls(crawl_user_agent(crawler.settings))

    def process_request(self, request: Request) -> None:
        request.headers[b"User-Agent"] = self.agent
        if is_loopback(urlparse_cached(request).hostname):
            request.meta["autothrottle_dont_adjust_delay"] = True
