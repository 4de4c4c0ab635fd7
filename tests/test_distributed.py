"""Distributed crawling on Redis (issue 7): workers in processes of their own share one
frontier, one archive writer stores what they find; workers, the writer and Redis itself
stop mid-crawl and nothing is lost or stored twice.

Each test that needs Redis starts its own ``redis-server`` on a free port in a temporary
folder and stops it at the end; under ``.ci/run``, which starts one server for the run, the
tests that don't stop or restart Redis use that one (``TEXTILE_NEWS_TEST_REDIS_URL``).
Without a ``redis-server`` binary those tests are skipped, unless
``TEXTILE_NEWS_REQUIRE_REDIS`` is set (CI), which makes them fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner
from scrapy import Request

from tests.conftest import CLI, ROOT, count_rows, query
from textile_news.cli import cli
from textile_news.demo import generated
from textile_news.demo.server import Reply, generated_site, serving
from textile_news.distributed import ALL_WORKERS, ITEMS_GROUP, ITEMS_STREAM, SiteKeys
from textile_news.distributed.archive_worker import ArchiveConsumer
from textile_news.distributed.frontier import Frontier, RedisKnownArticles
from textile_news.distributed.stream import entry
from textile_news.items import Article
from textile_news.spiders.sjfzxm_com import SjfzxmComSpider

SITE = "sjfzxm_com"
KEYS = SiteKeys(SITE)
# a dead worker's in-flight requests are requeued this long after its last heartbeat
TTL = "2"


# --- a redis-server of the test's own ---------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """``redis-server`` on 127.0.0.1 in ``folder``; ``start``, ``stop``, ``restart``."""

    def __init__(self, binary: str, folder: Path, *, appendonly: bool = False) -> None:
        self.binary = binary
        self.folder = folder
        self.appendonly = appendonly
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.folder), "--save", "", "--protected-mode", "no"]
        args += ["--appendonly", "yes" if self.appendonly else "no"]
        log = (self.folder / "redis.log").open("ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.BusyLoadingError:
                pass
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {self.log()}") from None
            time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        """A clean stop (SHUTDOWN: the append-only file is flushed), else a kill."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(redis.ConnectionError):  # it hangs up as it goes
            redis.Redis(port=self.port).shutdown(nosave=not self.appendonly)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log(self) -> str:
        path = self.folder / "redis.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def _redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is not installed (Debian: apt-get install redis-server)"
        if os.environ.get("TEXTILE_NEWS_REQUIRE_REDIS"):
            pytest.fail(f"{reason}, and TEXTILE_NEWS_REQUIRE_REDIS is set")
        pytest.skip(reason)
    return binary


class SharedRedis:
    """The server ``.ci/run`` started for the whole run (``TEXTILE_NEWS_TEST_REDIS_URL``),
    emptied before and after each test that uses it.

    Under pytest-xdist each worker has a database of its own on it (``gw0`` the first after
    the URL's, ``gw1`` the next), so that one worker's flush never empties another's test.
    """

    def __init__(self, url: str) -> None:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        if worker.startswith("gw"):
            head, _, db = url.rpartition("/")
            url = f"{head}/{int(db or 0) + 1 + int(worker[2:])}"
        self.url = url

    def flush(self) -> None:
        with contextlib.closing(redis.Redis.from_url(self.url)) as client:
            client.flushdb()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer | SharedRedis]:
    """A Redis of the test's own: CI's shared server, emptied, or a new redis-server."""
    if shared := os.environ.get("TEXTILE_NEWS_TEST_REDIS_URL"):
        server = SharedRedis(shared)
        server.flush()
        try:
            yield server
        finally:
            server.flush()
        return
    own = RedisServer(_redis_binary(), tmp_path)
    own.start()
    try:
        yield own
    finally:
        own.kill()


@pytest.fixture
def persistent_redis(tmp_path: Path) -> Iterator[RedisServer]:
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(_redis_binary(), folder, appendonly=True)
    server.start()
    try:
        yield server
    finally:
        server.kill()


# --- sites and processes -------------------------------------------------------------


class SlowSite:
    """A generated site whose article pages take ``delay`` seconds: requests stay in
    flight long enough for a kill to catch some."""

    def __init__(self, count: int, delay: float) -> None:
        self.site = generated_site(count)
        self.delay = delay

    def get(self, path: str) -> Reply | None:
        if "/list/" not in path and path.endswith(".html"):
            time.sleep(self.delay)
        return self.site.get(path)


@pytest.fixture(scope="module")
def small_site() -> Iterator[str]:
    with serving(generated_site(120)) as url:
        yield url + "global/en/"


class Processes:
    """Commands started in the background, each with its output in files; all killed at
    the end of the test, whatever happened."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: list[tuple[subprocess.Popen[bytes], Path, Path]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        n = len(self.procs)
        out, err = self.folder / f"proc{n}.out", self.folder / f"proc{n}.err"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("TEXTILE_NEWS_DB", None)
        with out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen([*CLI, *args], cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        self.procs.append((proc, out, err))
        return proc

    def finish(self, proc: subprocess.Popen[bytes], timeout: float = 90) -> tuple[int, str, str]:
        """Wait for ``proc``; its exit status, stdout and stderr."""
        code = proc.wait(timeout=timeout)
        _, out, err = next(p for p in self.procs if p[0] is proc)
        return code, out.read_text(), err.read_text()

    def kill_all(self) -> None:
        for proc, _, _ in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    running = Processes(tmp_path)
    try:
        yield running
    finally:
        running.kill_all()


def worker(procs: Processes, url: str, start_url: str, *extra: str) -> subprocess.Popen[bytes]:
    return procs.start(
        "crawl",
        SITE,
        "--start-url",
        start_url,
        "--redis",
        url,
        "--until-idle",
        "1.5",
        "-s",
        f"TEXTILE_NEWS_REDIS_HEARTBEAT_TTL={TTL}",
        *extra,
    )


def writer(procs: Processes, url: str, db_file: Path, *extra: str) -> subprocess.Popen[bytes]:
    return procs.start("archive-worker", "--redis", url, "--db", str(db_file), *extra)


def summary(out: str) -> dict[str, int]:
    """``{"pages": .., "articles": .., "requeued": ..}`` of a worker's summary line."""
    words = out.split()
    return {
        "pages": int(words[1]),
        "articles": int(words[3]),
        "requeued": int(words[words.index("requeued") - 1]),
    }


def assert_clean(err: str) -> None:
    """No traceback, no Python warning (deprecations included) in a command's stderr."""
    assert "Traceback" not in err and "Warning:" not in err, err[-2000:]


def wait_for(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def assert_each_article_once(db_file: Path, count: int) -> None:
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(count, count)]
    expected = {
        f"http://www.sjfzxm.com/global/en/{i}.html"
        for i in range(generated.FIRST_ID, generated.FIRST_ID + count)
    }
    assert {url for (url,) in query(db_file, "SELECT url FROM articles")} == expected
    assert query(db_file, "PRAGMA integrity_check") == [("ok",)]


def assert_crawl_over(url: str) -> None:
    """Nothing queued, nothing in flight, no live worker, every item acknowledged."""
    client = redis.Redis.from_url(url)
    assert client.zcard(KEYS.requests) == 0
    assert client.keys(f"textile_news:{SITE}:inflight:*") == []
    assert client.scard(KEYS.workers) == 0
    assert client.exists(KEYS.seeded) == 0
    assert client.xlen(ITEMS_STREAM) == 0
    assert client.xpending(ITEMS_STREAM, ITEMS_GROUP)["pending"] == 0
    client.close()


# --- workers and the writer ----------------------------------------------------------


@pytest.mark.slow
def test_workers_share_a_crawl_and_store_every_article_once(
    redis_server, small_site, procs, tmp_path
):
    db_file = tmp_path / "archive.sqlite"
    workers = [worker(procs, redis_server.url, small_site) for _ in range(3)]
    client = redis.Redis.from_url(redis_server.url)
    # the writer's --until-idle counts from when no worker is alive: start it after one is
    wait_for(lambda: client.scard(ALL_WORKERS), what="a worker")
    client.close()
    store = writer(procs, redis_server.url, db_file, "--until-idle", "1.5")
    results = [procs.finish(p) for p in workers]
    for code, _, err in results:
        assert code == 0, err[-2000:]
        assert_clean(err)
    # each article fetched by one worker only: the fingerprints are shared
    assert sum(summary(out)["articles"] for _, out, _ in results) == 120
    code, out, err = procs.finish(store)
    assert code == 0, err[-2000:]
    assert (
        out.startswith("archive-worker: 120 items in ")
        and "(120 articles: 120 new, 0 updated, 0 unchanged; 0 rejects; 0 recovered" in out
    )
    assert out.splitlines()[-1] == f"archive: {db_file} (120 articles)"
    assert_each_article_once(db_file, 120)
    assert_crawl_over(redis_server.url)

    # a later crawl walks the listings again (the fingerprints only keep articles), finds
    # every article known and stops, as an incremental crawl on one machine does
    code, out, err = procs.finish(worker(procs, redis_server.url, small_site))
    assert code == 0, err[-2000:]
    assert summary(out) == {"pages": 3, "articles": 0, "requeued": 0}  # robots.txt, 2 listings
    assert_crawl_over(redis_server.url)


@pytest.mark.slow
def test_a_killed_worker_loses_nothing(redis_server, procs, tmp_path):
    """SIGKILL to a worker with requests in flight: another worker fetches them again once
    the killed one's heartbeat expires, and each article is stored once."""
    db_file = tmp_path / "archive.sqlite"
    with serving(SlowSite(240, delay=0.05)) as base:
        start_url = base + "global/en/"
        victim = worker(procs, redis_server.url, start_url)
        client = redis.Redis.from_url(redis_server.url)
        wait_for(lambda: client.xlen(ITEMS_STREAM) >= 30, what="the first items")
        (victim_id,) = (w.decode() for w in client.smembers(KEYS.workers))
        survivor = worker(procs, redis_server.url, start_url)
        wait_for(lambda: client.hlen(KEYS.inflight(victim_id)), what="requests in flight")
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        code, out, err = procs.finish(survivor)
        assert code == 0, err[-2000:]
        assert f"worker {victim_id} stopped (no heartbeat for 2 s)" in err
        assert summary(out)["requeued"] >= 1
        assert_clean(err)
        store = writer(procs, redis_server.url, db_file, "--until-idle", "0.5")
        code, out, err = procs.finish(store)
        assert code == 0, err[-2000:]
        client.close()
    assert_each_article_once(db_file, 240)
    assert_crawl_over(redis_server.url)


@pytest.mark.slow
def test_a_killed_writer_loses_nothing(redis_server, small_site, procs, tmp_path):
    """SIGKILL to the archive writer mid-stream; started again, it writes the rest."""
    db_file = tmp_path / "archive.sqlite"
    code, _, err = procs.finish(worker(procs, redis_server.url, small_site))
    assert code == 0, err[-2000:]
    client = redis.Redis.from_url(redis_server.url)
    assert client.xlen(ITEMS_STREAM) == 120
    first = writer(procs, redis_server.url, db_file, "--batch", "3")
    wait_for(lambda: count_rows(db_file, "articles") >= 12, what="the first batches")
    first.send_signal(signal.SIGKILL)
    first.wait()
    left = client.xlen(ITEMS_STREAM)
    assert 0 < left < 120
    code, out, err = procs.finish(writer(procs, redis_server.url, db_file, "--until-idle", "0.5"))
    assert code == 0, err[-2000:]
    assert out.startswith(f"archive-worker: {left} items in ")
    assert_each_article_once(db_file, 120)
    assert client.xlen(ITEMS_STREAM) == 0
    client.close()


@pytest.mark.slow
def test_a_batch_read_and_not_committed_is_written_on_restart(redis_server, tmp_path):
    """The writer died between reading a batch and committing it: the next one reads its
    pending entries first. An article sent twice (a page fetched again) is stored once."""
    client = redis.Redis.from_url(redis_server.url)
    articles = [
        Article(
            url=f"http://www.sjfzxm.com/global/en/{i}.html",
            site=SITE,
            title=f"Cotton {i}",
            published_at="2024-03-05T10:00:00+08:00",
            body="Cotton prices rose.",
            fetched_at="2024-03-06T00:00:00Z",
        )
        for i in range(5)
    ]
    for article in [*articles, articles[0]]:
        client.xadd(ITEMS_STREAM, entry(article))
    dead = ArchiveConsumer(client, tmp_path / "archive.sqlite", batch=4)
    dead.ensure_group()
    assert len(dead._read(">")) == 4  # read, never written: the writer "died" here
    dead.work.close()
    stats = ArchiveConsumer(client, tmp_path / "archive.sqlite", batch=4).run(until_idle=0.1)
    assert (stats.entries, stats.recovered, stats.batches) == (6, 4, 2)
    assert (stats.new, stats.unchanged, stats.updated) == (5, 1, 0)
    assert query(tmp_path / "archive.sqlite", "SELECT count(*) FROM articles") == [(5,)]
    assert client.xlen(ITEMS_STREAM) == 0
    client.close()


def test_the_archive_worker_passes_entries_through_the_item_processor(redis_server, tmp_path):
    """An entry no crawl worker validated (an older worker, one added by hand) becomes the
    crawl's reject, with its reason and detail: not an article without a title, nor a batch
    the archive refuses whole (issue 14: one processor on every path)."""
    client = redis.Redis.from_url(redis_server.url)
    good = Article(
        url="http://www.sjfzxm.com/global/en/1.html",
        site=SITE,
        title="Cotton prices rise",
        published_at="2024-03-05T10:00:00+08:00",
        body="Cotton prices rose.",
        fetched_at="2024-03-06T00:00:00Z",
    )
    untitled = Article(**{**vars(good), "url": good.url.replace("1.html", "2.html"), "title": None})
    for article in (good, untitled):
        client.xadd(ITEMS_STREAM, entry(article))
    db_file = tmp_path / "archive.sqlite"
    stats = ArchiveConsumer(client, db_file).run(until_idle=0.1)
    assert (stats.entries, stats.articles, stats.rejects, stats.new) == (2, 1, 1, 1)
    assert query(db_file, "SELECT url, title, published_at FROM articles") == [
        (good.url, "Cotton prices rise", "2024-03-05T10:00:00+08:00")
    ]
    assert query(db_file, "SELECT url, stage, reason, detail FROM rejects") == [
        (
            untitled.url,
            "validate",
            "no title",
            '{"title": null, "published_at": "2024-03-05T10:00:00+08:00"}',
        )
    ]
    assert client.xlen(ITEMS_STREAM) == 0
    client.close()


@pytest.mark.slow
def test_a_restarted_redis_continues_the_crawl(persistent_redis, procs, tmp_path):
    """Redis with an append-only file stops mid-crawl and starts again: the workers wait
    for it and the crawl completes, each article stored once."""
    db_file = tmp_path / "archive.sqlite"
    with serving(SlowSite(200, delay=0.03)) as base:
        start_url = base + "global/en/"
        crawler = worker(procs, persistent_redis.url, start_url)
        client = redis.Redis.from_url(persistent_redis.url)
        wait_for(lambda: client.xlen(ITEMS_STREAM) >= 20, what="the first items")
        client.close()
        persistent_redis.stop()
        time.sleep(0.5)
        persistent_redis.start()
        code, _, err = procs.finish(crawler)
        assert code == 0, err[-2000:]
        client = redis.Redis.from_url(persistent_redis.url)
        # the items sent before the stop are still there: the append-only file kept them
        assert client.xlen(ITEMS_STREAM) >= 200
        client.close()
    code, _, err = procs.finish(writer(procs, persistent_redis.url, db_file, "--until-idle", "0.5"))
    assert code == 0, err[-2000:]
    assert_each_article_once(db_file, 200)


# --- seeding ---------------------------------------------------------------------------


@pytest.mark.slow
def test_enqueue_counts_and_the_id_range_walk(redis_server, small_site, procs, tmp_path):
    url = redis_server.url
    first, last = generated.FIRST_ID + 3, generated.FIRST_ID + 12
    ids = ["--first-id", str(first), "--last-id", str(last)]
    base = ["enqueue", SITE, "--redis", url, "--start-url", small_site]
    result = CliRunner().invoke(cli, [*base, *ids], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == f"{SITE}: 10 queued, 0 already known (ids {first}..{last})\n"
    result = CliRunner().invoke(
        cli, [*base, "--first-id", str(first), "--last-id", str(first + 10)]
    )
    assert result.output == f"{SITE}: 1 queued, 10 already known (ids {first}..{first + 10})\n"
    # enqueue marked a crawl running: a worker joins it and does not seed the listings
    db_file = tmp_path / "archive.sqlite"
    code, out, err = procs.finish(worker(procs, url, small_site))
    assert code == 0, err[-2000:]
    assert_clean(err)
    fetched = summary(out)
    # articles only (and robots.txt): the ids and the articles they link, no listing
    assert fetched["pages"] == fetched["articles"] + 1 and fetched["articles"] >= 11
    code, out, err = procs.finish(writer(procs, url, db_file, "--until-idle", "0.5"))
    assert code == 0, err[-2000:]
    urls = {u for (u,) in query(db_file, "SELECT url FROM articles")}
    assert len(urls) == fetched["articles"] == count_rows(db_file, "articles")
    assert urls >= {f"http://www.sjfzxm.com/global/en/{i}.html" for i in range(first, first + 11)}

    # a site's start URLs: a new crawl each time, its listing fetched again
    for _ in range(2):
        result = CliRunner().invoke(cli, base)
        assert result.output == f"{SITE}: 1 queued, 0 already known (start URLs)\n"
    # URLs: of the site named, or of the site whose host they are on
    article = small_site + f"{first}.html"
    result = CliRunner().invoke(cli, [*base, article, small_site + "list/2.html"])
    assert result.output == f"{SITE}: 1 queued, 1 already known (2 URLs)\n"
    own_host = "http://www.sjfzxm.com/global/en/576104.html"
    result = CliRunner().invoke(cli, ["enqueue", own_host, own_host, "--redis", url])
    assert result.output == f"{SITE}: 1 queued, 1 already known (2 URLs)\n"


# --- errors ----------------------------------------------------------------------------


def closed_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["crawl", SITE, "--redis", "http://127.0.0.1/"], 2, "is not a redis:// URL"),
        (["crawl", SITE, "--redis", "redis://127.0.0.1:port/0"], 2, "Invalid value for '--redis'"),
        (["crawl", SITE, "--until-idle", "5"], 2, "--until-idle needs --redis URL"),
        (["crawl", SITE, "textileworld_com", "--redis", "redis://x/0"], 2, "crawls one SITE"),
        (["crawl", SITE, "--full", "--redis", "redis://x/0"], 2, "do not apply with --redis"),
        (["archive-worker", "--redis", "localhost:6379"], 2, "is not a redis:// URL"),
        (["enqueue", "nosuchsite", "--redis", "redis://x/0"], 2, "unknown site 'nosuchsite'"),
        (["enqueue", "http://example.com/a", "--redis", "redis://x/0"], 2, "no site of ours"),
        (["enqueue", SITE, "--first-id", "5", "--redis", "redis://x/0"], 2, "go together"),
        (["crawl", SITE, "--redis", None], 1, "Error: cannot reach Redis at redis://127.0.0.1:"),
        (["archive-worker", "--redis", None], 1, "Error: cannot reach Redis at"),
        (["enqueue", SITE, "--redis", None], 1, "Error: cannot reach Redis at"),
    ],
)
def test_bad_redis_usage_is_one_line(args, code, message):
    args = [closed_redis_url() if a is None else a for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: ") and message in lines[-1]  # one line says it all


@pytest.mark.slow
def test_workers_register_and_leave(redis_server, small_site, procs):
    """A live worker is in the site's workers and in the writer's list; one that ended
    cleanly is in neither."""
    client = redis.Redis.from_url(redis_server.url)
    proc = worker(procs, redis_server.url, small_site)
    wait_for(lambda: client.scard(KEYS.workers) == 1, what="the worker's heartbeat")
    (member,) = client.smembers(KEYS.workers)
    assert client.smembers(ALL_WORKERS) == {KEYS.heartbeat(member.decode()).encode()}
    code, _, err = procs.finish(proc)
    assert code == 0, err[-2000:]
    assert client.scard(KEYS.workers) == 0 and client.scard(ALL_WORKERS) == 0
    client.close()


# --- the frontier's scripts ------------------------------------------------------------


def article_request(n: int) -> Request:
    return Request(f"http://www.sjfzxm.com/global/en/{n}.html", meta={"article": True})


@pytest.mark.slow
def test_a_repeated_pop_returns_the_same_request_and_a_dead_workers_go_back(redis_server):
    """Redis may execute a script whose reply is then lost (a restart); redis-py repeats
    the call. A repeated pop must not take a second request, and what a worker held goes
    back to the queue once its heartbeat is gone."""
    client = redis.Redis.from_url(redis_server.url)
    frontier = Frontier(client, SITE)
    for n in (1, 2, 3):
        assert frontier.push(article_request(n), f"request {n}".encode())
    assert not frontier.push(article_request(2), b"request 2, again")  # known fingerprint
    frontier.heartbeat("w1", ttl=0.2)
    first = frontier.pop("w1", "7")
    assert frontier.pop("w1", "7") == first  # the same call again: the same request
    assert frontier.queued() == 2
    assert frontier.requeue("w1") == -1  # alive
    time.sleep(0.3)
    assert frontier.requeue_dead(me="w2") == {"w1": 1}
    assert frontier.queued() == 3 and client.exists(KEYS.inflight("w1")) == 0
    assert client.scard(KEYS.workers) == 0
    client.close()


@pytest.mark.slow
def test_known_articles_are_those_fingerprinted_before_the_crawl_began(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    frontier = Frontier(client, SITE)
    spider = SjfzxmComSpider()
    frontier.push(article_request(1), b"old")
    time.sleep(0.01)
    assert frontier.claim_seed("me")
    assert not frontier.claim_seed("another worker")
    known = RedisKnownArticles(frontier, spider)
    old, new = article_request(1).url, article_request(2).url
    assert known.check(old) == (True, False)
    frontier.push(article_request(2), b"new")
    assert known.check(new) == (False, True)  # found in this crawl: its listing goes on
    # the next crawl, seen by a worker that waited: what this crawl found is known then
    spider.asked.add(new)
    time.sleep(0.01)
    frontier.start_crawl()
    known.refresh()
    assert known.check(new) == (True, False) and spider.asked == set()
    client.close()


def test_without_redis_server_these_tests_skip_unless_ci_requires_them(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("TEXTILE_NEWS_REQUIRE_REDIS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="redis-server is not installed"):
        _redis_binary()
    monkeypatch.setenv("TEXTILE_NEWS_REQUIRE_REDIS", "1")
    with pytest.raises(pytest.fail.Exception, match="TEXTILE_NEWS_REQUIRE_REDIS is set"):
        _redis_binary()
