"""Distributed crawling on Redis (issue 7): pages/s with 1, 2 and 3 workers sharing one
frontier, and the archive writer's items/s.

A generated site of N articles is served on 127.0.0.1 (``serve-demo --articles N``, a
process of its own) and a ``redis-server`` of the benchmark's own runs on a free port. For
each worker count K, Redis is emptied and K workers start at once
(``textile-news crawl sjfzxm_com --start-url URL --redis URL --until-idle 1``, each a
process). The crawl's window runs from its first item in the stream to its last (stream
entry ids are Redis's clock in ms), so the workers' start-up and their idle second at the
end are left out; pages/s is every worker's pages over that window. Then
``archive-worker`` (``ArchiveConsumer``, in this process) writes the K=1 run's stream into
a fresh archive: items/s while writing. For scale, one crawl of the same site on one
machine (``crawl`` without ``--redis``: pages over the crawl's own elapsed time)::

    python bench/distributed.py [--articles 3000]

Last lines: ``redis_pages_per_second_1=..``, ``_2``, ``_3``, ``redis_speedup_3=<3 / 1>``,
``archive_worker_items_per_second=..``.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_overhead import _child_env, demo_server  # noqa: E402
from textile_news.distributed import ITEMS_STREAM  # noqa: E402
from textile_news.distributed.archive_worker import ArchiveConsumer  # noqa: E402

CLI = [sys.executable, "-m", "textile_news"]


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("FAILED: redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    proc = subprocess.Popen([*args, "--save", ""], stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def crawl(workers: int, start_url: str, redis_url: str) -> tuple[int, int, float]:
    """Pages, articles and the seconds from the first item to the last, of one crawl."""
    args = ["crawl", "sjfzxm_com", "--start-url", start_url, "--redis", redis_url]
    procs = [
        subprocess.Popen(
            [*CLI, *args, "--until-idle", "1"],
            cwd=ROOT,
            env=_child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    pages = articles = 0
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"FAILED: a worker exited {proc.returncode}: {err[-1500:]}")
        words = out.split()
        pages, articles = pages + int(words[1]), articles + int(words[3])
    client = redis.Redis.from_url(redis_url)
    first = client.xrange(ITEMS_STREAM, count=1)[0][0]
    last = client.xrevrange(ITEMS_STREAM, count=1)[0][0]
    client.close()
    window = (_millis(last) - _millis(first)) / 1000
    return pages, articles, window


def _millis(entry_id: bytes) -> int:
    return int(entry_id.split(b"-")[0])


def one_machine(start_url: str, db_file: Path) -> float:
    """Pages/s of the same crawl without Redis (its summary: pages, elapsed seconds)."""
    args = ["crawl", "sjfzxm_com", "--start-url", start_url, "--db", str(db_file)]
    out = subprocess.run(
        [*CLI, *args], cwd=ROOT, env=_child_env(), capture_output=True, text=True, check=True
    ).stdout
    words = out.split()
    return int(words[1]) / float(words[words.index("in") + 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server, redis_url = start_redis(folder)
        try:
            with demo_server(args.articles, folder) as (base, _pid):
                start_url = base + "global/en/"
                plain = one_machine(start_url, folder / "plain.sqlite")
                print(f"one machine, no Redis: {plain:.1f} pages/s")
                figures = {}
                for workers in (1, 2, 3):
                    redis.Redis.from_url(redis_url).flushall()
                    pages, articles, window = crawl(workers, start_url, redis_url)
                    if articles != args.articles:
                        raise SystemExit(
                            f"FAILED: {workers} worker(s) sent {articles} articles, "
                            f"not {args.articles}"
                        )
                    figures[workers] = pages / window
                    print(
                        f"{workers} worker(s): {pages} pages, {articles} articles in "
                        f"{window:.1f} s, {figures[workers]:.1f} pages/s"
                    )
                    if workers == 1:
                        writer = ArchiveConsumer(
                            redis.Redis.from_url(redis_url), folder / "redis.sqlite"
                        )
                        written = writer.run(until_idle=0.2)
                        if written.new != args.articles:
                            raise SystemExit(f"FAILED: the writer stored {written.new} articles")
                        print(written.summary())
        finally:
            server.terminate()
            server.wait()
    print(f"one_machine_pages_per_second={plain:.1f}")
    for workers, rate in figures.items():
        print(f"redis_pages_per_second_{workers}={rate:.1f}")
    print(f"redis_speedup_3={figures[3] / figures[1]:.2f}")
    print(f"archive_worker_items_per_second={written.rate():.0f}")


if __name__ == "__main__":
    main()
