"""Distributed crawling on Redis (issue 7): one shared frontier, many workers, one writer.

Several ``textile-news crawl SITE --redis URL`` workers, on any machines, share one
scrapy-redis request queue and fingerprint filter per site; they push what their pipelines
produce to a Redis stream, which one ``textile-news archive-worker`` writes into the SQLite
archive. The modules:

- ``frontier``: the scheduler (scrapy-redis's, with in-flight tracking, heartbeats and the
  requeue of a dead worker's requests), the fingerprint filter, the known-article check;
- ``seeding``: who puts a site's start URLs into the queue, and ``enqueue``;
- ``stream``: the items' way to the archive (the pipeline that sends them, the entry format);
- ``archive_worker``: the one writer;
- ``worker``: the settings and the run of one crawl worker.

Every key is namespaced ``textile_news:<site>:...`` (the stream: ``textile_news:items``),
so that one Redis database can hold the frontiers of every site.

May import: ``crawl`` and everything below; not its siblings ``tools``, ``analysis``,
``demo``, nor ``cli``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

PREFIX = "textile_news"
# One stream for every site: the archive writer reads them all.
ITEMS_STREAM = f"{PREFIX}:items"
ITEMS_GROUP = "archive"
# Every live worker's heartbeat key, whatever its site: the writer's --until-idle reads it.
ALL_WORKERS = f"{PREFIX}:workers"
URL_SCHEMES = ("redis", "rediss", "unix")


class RedisUnavailable(Exception):
    """Redis cannot be reached or the URL is unusable; the message is one line."""


@dataclass(frozen=True)
class SiteKeys:
    """The Redis keys of one site's shared crawl."""

    site: str

    def _key(self, name: str) -> str:
        return f"{PREFIX}:{self.site}:{name}"

    @property
    def requests(self) -> str:
        """Sorted set: the scrapy-redis priority queue of serialized requests."""
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        """Sorted set: article request fingerprints, scored by when first seen (Unix time)."""
        return self._key("dupefilter")

    @property
    def listings(self) -> str:
        """Set: fingerprints of the other requests (listings) of the current crawl."""
        return self._key("dupefilter:listings")

    @property
    def seeded(self) -> str:
        """String: the start (Unix time) of the crawl that seeded the queue; absent: none."""
        return self._key("seeded")

    @property
    def workers(self) -> str:
        """Set: ids of the workers that may hold in-flight requests."""
        return self._key("workers")

    def heartbeat(self, worker: str) -> str:
        """String with a TTL, renewed by a live worker."""
        return self._key(f"worker:{worker}")

    def inflight(self, worker: str) -> str:
        """Hash: token -> ``score\\nrequest`` for each request a worker popped and has not
        finished with."""
        return self._key(f"inflight:{worker}")


def check_url(url: str) -> str:
    """``url`` if it is a Redis URL (``redis://HOST:PORT/DB``, ``rediss://``, ``unix://``).

    :raises ValueError: with a one-line reason
    """
    parts = urlsplit(url)
    if parts.scheme not in URL_SCHEMES:
        raise ValueError(f"{url!r} is not a redis:// URL (redis://HOST:PORT/DB)")
    if parts.scheme != "unix" and not parts.hostname:
        raise ValueError(f"{url!r} has no host")
    try:
        parts.port  # noqa: B018 -- raises on a port that is not a number
        redis.connection.parse_url(url)
    except ValueError as exc:
        raise ValueError(f"{url!r}: {exc}") from None
    database = parts.path.strip("/")
    if parts.scheme != "unix" and database and not database.isdigit():
        raise ValueError(f"{url!r}: the database after the port must be a number")
    return url


def connect(url: str, *, retry_seconds: float = 30.0, timeout: float = 10.0) -> redis.Redis:
    """A client for ``url`` that has answered a PING.

    A command that meets a dropped connection, or a Redis still loading its data after a
    restart, is retried for about ``retry_seconds``: a restarted Redis does not stop a
    crawl (the scripts that pop requests are safe to repeat, see frontier.py).

    :raises RedisUnavailable: Redis does not answer (at once, not after the retries)
    """
    check_url(url)
    retries = max(0, int(retry_seconds / 0.5))
    server = redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError, BusyLoadingError],
    )
    probe = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        probe.ping()
    except redis.RedisError as exc:
        raise RedisUnavailable(f"cannot reach Redis at {url}: {_reason(exc)}") from None
    finally:
        probe.close()
    return server


def _reason(exc: Exception) -> str:
    # redis-py's messages can span lines ("Error 111 connecting to ...\nConnection refused.")
    return " ".join(str(exc).split()) or type(exc).__name__
