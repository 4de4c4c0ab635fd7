"""The shared frontier: scrapy-redis's scheduler and fingerprint filter, made safe for
workers that die and for today's Scrapy.

scrapy-redis pops a request from the shared queue and forgets it: a worker killed after the
pop loses it. Here a pop is one Lua script that also records the request in the worker's
in-flight hash, and the record goes only when Scrapy is done with the request (its response
or failure handled, the items it gave sent to the stream, the requests it gave queued).
Each worker renews a heartbeat key with a TTL; a live worker that finds a heartbeat gone
puts that worker's in-flight requests back in the queue (bypassing the fingerprint
filter). Every script is safe to repeat after a lost reply (a restarted Redis: redis-py
retries the command), so a retry neither loses nor doubles a request.

scrapy-redis 0.9.1 on Scrapy 2.13+: its own spiders feed the engine from the idle signal
and its scheduler passes deprecated ``spider`` arguments; neither is used here. The
scheduler below keeps its queue classes, serialization and settings, and wakes an idle
engine with ``engine.crawl()`` (Scrapy's public way in) when other workers add work.
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
import socket
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

import redis
from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from textile_news.distributed import ALL_WORKERS, PREFIX, SiteKeys, connect

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
# meta key of a request that the idle poller popped and handed to the engine
_TOKEN = "_textile_news_inflight_token"

# Pop the best request into the worker's in-flight hash, atomically. A repeated call with
# the same token (its reply was lost) returns the request it popped the first time.
# KEYS: queue, in-flight hash; ARGV: token
_POP = """
local held = redis.call('HGET', KEYS[2], ARGV[1])
if held then
  return string.sub(held, string.find(held, '\\n', 1, true) + 1)
end
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], ARGV[1], top[2] .. '\\n' .. top[1])
return top[1]
"""

# Queue a request unless its fingerprint is known, fingerprint and request in one step: a
# repeated call finds the fingerprint and the request already queued.
# KEYS: filter (zset for articles, set for the rest), queue
# ARGV: fingerprint, now, score, request, "zset"|"set"
_PUSH = """
local added
if ARGV[5] == 'zset' then
  added = redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
else
  added = redis.call('SADD', KEYS[1], ARGV[1])
end
if added == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
"""

# A worker's in-flight requests back to the queue, if its heartbeat is gone.
# KEYS: queue, in-flight hash, site's workers set, heartbeat key, all workers set
# ARGV: worker id
_REQUEUE = """
if redis.call('EXISTS', KEYS[4]) == 1 then return -1 end
local held = redis.call('HVALS', KEYS[2])
for _, value in ipairs(held) do
  local sep = string.find(value, '\\n', 1, true)
  redis.call('ZADD', KEYS[1], string.sub(value, 1, sep - 1), string.sub(value, sep + 1))
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[5], KEYS[4])
return #held
"""

# Claim the seeding of a crawl: the first worker to ask gets it (and clears the listings'
# fingerprints of the last crawl); a repeated call by the same claimant still gets it.
# KEYS: seeded, listings filter; ARGV: claim ("<unix time> <worker>")
_CLAIM = """
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then return 1 end
if current then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
"""


def is_article(request: Request) -> bool:
    """Article requests are fetched once ever; the others (listings) once a crawl."""
    return bool(request.meta.get("article"))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class SiteDupeFilter(RFPDupeFilter):
    """scrapy-redis's fingerprints, in two keys of the site (``SiteKeys``):

    - article requests in a sorted set scored by when first seen: an article is fetched
      once, whichever worker meets it, in this crawl or a later one;
    - the others (listings, feeds) in a set that seeding clears: a later crawl walks the
      listings again, while within a crawl a page is fetched once.

    The scheduler tests and records a fingerprint in the same script that queues the
    request (``Frontier.push``); ``request_seen`` is for other callers.
    """

    def __init__(self, server: redis.Redis, keys: SiteKeys, debug: bool = False) -> None:
        super().__init__(server, key=keys.dupefilter, debug=debug)
        self.keys = keys

    def request_seen(self, request: Request) -> bool:
        fp = self.request_fingerprint(request)
        if is_article(request):
            return not self.server.zadd(self.keys.dupefilter, {fp: time.time()}, nx=True)
        return not self.server.sadd(self.keys.listings, fp)

    def close(self, reason: str = "") -> None:
        """Nothing: the fingerprints are the shared crawl's, not this worker's."""


class Frontier:
    """One site's queue, filters, in-flight hashes and heartbeats, as Redis scripts."""

    def __init__(self, server: redis.Redis, site: str) -> None:
        self.server = server
        self.keys = SiteKeys(site)
        self.dupefilter = SiteDupeFilter(server, self.keys)
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)
        self._requeue = server.register_script(_REQUEUE)
        self._claim = server.register_script(_CLAIM)

    def fingerprint(self, request: Request) -> str:
        return str(self.dupefilter.request_fingerprint(request))

    def push(self, request: Request, data: bytes, client: Any = None) -> bool:
        """Queue ``data`` (the serialized ``request``) unless the filter knows it; False:
        known. ``client``: a pipeline, to queue many at once (the answer comes from it)."""
        score = -request.priority
        if request.dont_filter:
            (client or self.server).zadd(self.keys.requests, {data: score})
            return True
        article = is_article(request)
        keys = [self.keys.dupefilter if article else self.keys.listings, self.keys.requests]
        args: list[str | float | bytes] = [
            self.fingerprint(request),
            time.time(),
            score,
            data,
            "zset" if article else "set",
        ]
        return bool(self._push(keys=keys, args=args, client=client))

    def pop(self, worker: str, token: str) -> bytes | None:
        """The best queued request, now in ``worker``'s in-flight hash under ``token``."""
        data = self._pop(keys=[self.keys.requests, self.keys.inflight(worker)], args=[token])
        return data if data else None

    def settle(self, worker: str, tokens: Iterable[str]) -> None:
        """``worker`` is done with these requests."""
        tokens = list(tokens)
        if tokens:
            self.server.hdel(self.keys.inflight(worker), *tokens)

    def heartbeat(self, worker: str, ttl: float) -> None:
        beat = self.keys.heartbeat(worker)
        with self.server.pipeline() as pipe:
            pipe.set(beat, str(time.time()), px=max(1, int(ttl * 1000)))
            pipe.sadd(self.keys.workers, worker)
            pipe.sadd(ALL_WORKERS, beat)
            pipe.execute()

    def requeue(self, worker: str) -> int:
        """Put ``worker``'s in-flight requests back in the queue if its heartbeat is gone;
        how many (-1: it is alive)."""
        keys = [
            self.keys.requests,
            self.keys.inflight(worker),
            self.keys.workers,
            self.keys.heartbeat(worker),
            ALL_WORKERS,
        ]
        return int(self._requeue(keys=keys, args=[worker]))

    def requeue_dead(self, me: str | None = None) -> dict[str, int]:
        """Requeue the in-flight requests of every worker whose heartbeat expired."""
        others = sorted(map(_text, self.server.smembers(self.keys.workers)))
        others = [w for w in others if w != me]
        if not others:
            return {}
        with self.server.pipeline(transaction=False) as pipe:
            for worker in others:
                pipe.exists(self.keys.heartbeat(worker))
            alive = pipe.execute()
        requeued = {}
        for worker, live in zip(others, alive, strict=True):
            if not live and (count := self.requeue(worker)) >= 0:
                requeued[worker] = count
        return requeued

    def leave(self, worker: str) -> int:
        """A worker's clean end: its heartbeat goes, what it still holds is requeued."""
        self.server.delete(self.keys.heartbeat(worker))
        return max(0, self.requeue(worker))

    def claim_seed(self, claimant: str) -> bool:
        """Whether ``claimant`` seeds the crawl: no crawl of the site is marked running."""
        claim = f"{time.time():.6f} {claimant}"
        return bool(self._claim(keys=[self.keys.seeded, self.keys.listings], args=[claim]))

    def start_crawl(self) -> None:
        """Mark a new crawl (``enqueue SITE``): listings are walked again from now."""
        with self.server.pipeline() as pipe:
            pipe.set(self.keys.seeded, f"{time.time():.6f} enqueue")
            pipe.delete(self.keys.listings)
            pipe.execute()

    def mark_seeded(self) -> None:
        """Mark a crawl running unless one is: workers that start join, not seed."""
        self.server.set(self.keys.seeded, f"{time.time():.6f} enqueue", nx=True)

    def crawl_started(self) -> float | None:
        """When the current crawl was seeded (Unix time), or None."""
        value = self.server.get(self.keys.seeded)
        return float(value.split()[0]) if value else None

    def end_crawl(self) -> None:
        """The crawl is over: the next worker to start seeds a new one."""
        self.server.delete(self.keys.seeded)

    def idle(self) -> bool:
        """No request queued, none in flight at any worker (a dead one's: requeued first)."""
        workers = [_text(w) for w in self.server.smembers(self.keys.workers)]
        with self.server.pipeline(transaction=False) as pipe:
            pipe.zcard(self.keys.requests)
            for worker in workers:
                pipe.hlen(self.keys.inflight(worker))
            counts = pipe.execute()
        return not any(counts)

    def queued(self) -> int:
        return int(self.server.zcard(self.keys.requests))


class RedisKnownArticles:
    """``NewsSpider.known`` for a shared crawl, asked of the site's fingerprints, not of an
    archive (a worker on another machine has none): an article is known when its request's
    fingerprint was recorded before the current crawl was seeded. Its request would be
    dropped by the filter anyway; the answer also lets a listing's pagination stop at a page
    of known articles, as in a crawl on one machine. There is no revisit of recent articles:
    a URL is fetched once per Redis database."""

    full = False

    def __init__(self, frontier: Frontier, spider: Spider) -> None:
        self.frontier = frontier
        self.spider = spider
        self._started: float | None = None
        self._answers: dict[str, tuple[bool, bool]] = {}

    def check(self, url: str) -> tuple[bool, bool]:
        """``(known, wanted)``, as ``incremental.KnownArticles.check`` answers."""
        answer = self._answers.get(url)
        if answer is None:
            local = getattr(self.spider, "local", lambda u: u)(url)
            fp = self.frontier.fingerprint(Request(local, meta={"article": True}))
            seen = self.frontier.server.zscore(self.frontier.keys.dupefilter, fp)
            known = seen is not None and seen < self.started()
            answer = self._answers[url] = (known, not known)
        return answer

    def started(self) -> float:
        if self._started is None:
            self._started = self.frontier.crawl_started() or time.time()
        return self._started

    def refresh(self) -> None:
        """A worker that waits between crawls (no --until-idle) sees the next one: when
        the site's crawl was seeded again, its answers (and the spider's memory of the
        URLs it asked about) are of the last crawl, and go."""
        started = self.frontier.crawl_started()
        if self._started is not None and started is not None and started != self._started:
            self._started = started
            self._answers.clear()
            asked = getattr(self.spider, "asked", None)
            if isinstance(asked, set):
                asked.clear()

    def interrupted(self, site: str) -> bool:
        return False

    def close(self) -> None:
        pass


class RedisScheduler(Scheduler):
    """scrapy-redis's scheduler (its priority queue, pickled requests, persistent keys)
    with in-flight tracking, heartbeats, requeue of dead workers' requests, an idle poller
    and the end of a worker's run (``TEXTILE_NEWS_REDIS_UNTIL_IDLE``).

    Settings: ``TEXTILE_NEWS_REDIS_URL``, ``TEXTILE_NEWS_REDIS_HEARTBEAT_TTL`` (seconds
    without a heartbeat after which a worker counts as dead), ``TEXTILE_NEWS_REDIS_POLL``
    (seconds between looks at the queue when idle), ``TEXTILE_NEWS_REDIS_UNTIL_IDLE``
    (stop once the site's crawl has been idle this long; unset or 0: wait for work).
    """

    def __init__(self, server: redis.Redis, crawler: Crawler, settings: BaseSettings) -> None:
        super().__init__(
            server,
            persist=True,  # the queue and fingerprints are the shared crawl's
            queue_key=f"{PREFIX}:%(spider)s:requests",
            queue_cls=QUEUE_CLASS,
        )
        self.crawler = crawler
        self.stats = crawler.stats
        self.ttl = settings.getfloat("TEXTILE_NEWS_REDIS_HEARTBEAT_TTL", 30.0)
        self.poll = settings.getfloat("TEXTILE_NEWS_REDIS_POLL", 0.2)
        self.until_idle = settings.getfloat("TEXTILE_NEWS_REDIS_UNTIL_IDLE", 0.0) or None
        self.worker = new_worker_id()
        self.tokens = (str(n) for n in itertools.count(1))
        self.popped: dict[Request, str] = {}  # handed to the engine, not finished with
        self.buffer: deque[Request] = deque()  # popped by the poller, for next_request
        self.starved = False  # the engine asked and the queue was empty
        self.next_beat = 0.0
        self.idle_since: float | None = None
        self.finished = False  # the crawl is over: this worker's run ends "finished"
        self.loop: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        server = connect(crawler.settings.get("TEXTILE_NEWS_REDIS_URL"))
        return cls(server, crawler, crawler.settings)

    # --- Scrapy's scheduler interface ------------------------------------------------

    def open(self, spider: Spider) -> None:
        # scrapy-redis's open() without its Spider.log() call, deprecated since Scrapy 2.13
        self.spider = spider
        self.frontier = Frontier(self.server, spider.name)
        self.df = self.frontier.dupefilter
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.frontier.keys.requests,
            serializer=self.serializer,
        )
        if queued := len(self.queue):
            logger.info("%d request(s) queued: the crawl goes on", queued)
        # the adapter: the spider's incremental check asks Redis, not a local archive
        self.known = RedisKnownArticles(self.frontier, spider)
        spider.known = self.known  # type: ignore[attr-defined]
        spider.known_pages_depth = spider.settings.getint(  # type: ignore[attr-defined]
            "TEXTILE_NEWS_KNOWN_PAGES_DEPTH", 1
        )
        self._heartbeat()
        self.crawler.signals.connect(self._spider_idle, signal=signals.spider_idle)
        self.loop = LoopingCall(self._tick)
        self.loop.start(self.poll, now=False)
        logger.info("worker %s joined the crawl of %s", self.worker, spider.name)

    def close(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self._settle()
        returned = self.frontier.leave(self.worker)
        if returned:
            logger.info("%d request(s) not finished went back to the queue", returned)
        if self.finished:
            self.frontier.end_crawl()

    def has_pending_requests(self) -> bool:
        return bool(self.buffer) or len(self.queue) > 0

    def enqueue_request(self, request: Request) -> bool:
        if _TOKEN in request.meta:  # popped by the poller: already ours
            self.buffer.append(request)
            return True
        data = self.queue._encode_request(request)
        if not self.frontier.push(request, data):
            logger.debug("Filtered duplicate request %s", request)
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self._settle()
        request: Request | None
        if self.buffer:
            request = self.buffer.popleft()
            token = request.meta.pop(_TOKEN)
        else:
            request, token = self._pop()
        if request is None:
            self.starved = True
            return None
        self.starved = False
        self.popped[request] = token
        self._inc("scheduler/dequeued/redis")
        return request

    # --- inside ---------------------------------------------------------------------

    def _pop(self) -> tuple[Request | None, str]:
        token = next(self.tokens)
        data = self.frontier.pop(self.worker, token)
        return (self.queue._decode_request(data) if data else None), token

    def _settle(self) -> None:
        """Drop from the in-flight hash the requests Scrapy is done with."""
        if not self.popped:
            return
        busy = self._busy()
        if busy is None:
            done = list(self.popped) if self._engine_idle() else []
        else:
            done = [request for request in self.popped if request not in busy]
        if done:
            self.frontier.settle(self.worker, [self.popped.pop(r) for r in done])

    def _busy(self) -> set[Request] | None:
        """The requests the engine has not finished with: downloading, or their response
        or failure in the spider, its items in the pipelines. The engine's own set (what
        it waits for before closing), as Scrapy has no signal for "done with a request";
        None when a Scrapy version lacks it (then requests count as done once the engine
        is idle: later, never too early)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        busy = getattr(slot, "inprogress", None)
        return busy if isinstance(busy, set) else None

    def _engine_idle(self) -> bool:
        engine = self.crawler.engine
        try:
            return engine is not None and engine.spider_is_idle()
        except RuntimeError:  # closing: no slot any more
            return True

    def _heartbeat(self) -> None:
        self.frontier.heartbeat(self.worker, self.ttl)
        self.known.refresh()
        self.next_beat = time.monotonic() + min(1.0, self.ttl / 3)
        for worker, count in self.frontier.requeue_dead(self.worker).items():
            logger.warning(
                "worker %s stopped (no heartbeat for %g s): %d request(s) requeued",
                worker,
                self.ttl,
                count,
            )
            self._inc("textile_news/redis/requeued", count)

    def _tick(self) -> None:
        try:
            if time.monotonic() >= self.next_beat:
                self._heartbeat()
            self._settle()
            if self.starved and not self.buffer:
                self._wake()
            if self.until_idle is not None:
                self._check_idle()
        except redis.RedisError as exc:
            logger.error("Redis: %s", " ".join(str(exc).split()))

    def _wake(self) -> None:
        """Work that other workers queued reaches an idle engine at once (Scrapy looks at
        its scheduler again only every 5 s on its own)."""
        engine = self.crawler.engine
        if engine is None or engine.spider is None or not engine.running:
            return
        request, token = self._pop()
        if request is None:
            return
        self.starved = False
        request.meta[_TOKEN] = token
        engine.crawl(request)

    def _check_idle(self) -> None:
        assert self.until_idle is not None
        now = time.monotonic()
        if self.buffer or self.popped or not self._engine_idle() or not self.frontier.idle():
            self.idle_since = None
            return
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since >= self.until_idle and not self.finished:
            self.finished = True
            logger.info("the crawl has been idle for %g s: this worker stops", self.until_idle)
            engine = self.crawler.engine
            if engine is not None:
                deferred_from_coro(engine.close_spider_async(reason="finished"))

    def _spider_idle(self) -> None:
        # a worker waits for work (other workers may add some) until the crawl is over
        if not self.finished:
            raise DontCloseSpider

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
