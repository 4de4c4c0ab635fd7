"""Both cores: pages/s of two sites crawled into one archive with one job, then with two
(``crawl --jobs``, ``textile_news.crawl.runner.run_parallel``), in one run.

Two generated sites of N articles each are served on 127.0.0.1 (``serve-demo --articles N``,
a process each); ``sjfzxm_com`` crawls one and ``sjfzxm_com_twin`` (bench/bare_spider.py:
the same spider, filing its articles under another host) the other: two sites of the same
weight.
With one job both crawls share one process (one Twisted reactor, one core); with two,
each has a process of its own (and each its archive writer)::

    python bench/parallel_jobs.py [--articles 3000]

The last line is ``parallel_speedup=<pages/s with 2 jobs / with 1>``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack, closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_overhead import demo_server  # noqa: E402
from textile_news.crawl.runner import run_parallel  # noqa: E402


def crawl(urls: list[str], jobs: int, db_file: Path) -> tuple[float, int, int]:
    """Seconds, pages fetched and articles stored by one crawl of both sites."""
    spider_args = {
        "sjfzxm_com": {"start_url": urls[0] + "global/en/"},
        "sjfzxm_com_twin": {"start_url": urls[1] + "global/en/"},
    }
    settings = {
        "TEXTILE_NEWS_DB": str(db_file),
        "LOG_LEVEL": "ERROR",
        "TEXTILE_NEWS_PROGRESS": False,
        "SPIDER_MODULES": "textile_news.spiders,bench.bare_spider",
    }
    started = time.perf_counter()
    results = run_parallel(list(spider_args), settings, spider_args, jobs=jobs)
    elapsed = time.perf_counter() - started
    failures = [f"{r.site}: {r.failure}" for r in results if r.failure]
    if failures:
        raise SystemExit(f"FAILED: {failures}")
    pages = sum(int(r.summary["pages"]) for r in results)
    with closing(sqlite3.connect(db_file)) as conn:
        stored = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    return elapsed, pages, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        urls = [servers.enter_context(demo_server(args.articles, Path(tmp)))[0] for _ in "ab"]
        figures = {}
        for jobs in (1, 2):
            db_file = Path(tmp) / f"jobs{jobs}.sqlite"
            elapsed, pages, stored = crawl(urls, jobs, db_file)
            if stored != 2 * args.articles:
                raise SystemExit(f"FAILED: {jobs} job(s) stored {stored}, not {2 * args.articles}")
            figures[jobs] = pages / elapsed
            print(
                f"{jobs} job(s): {pages} pages, {stored} articles in {elapsed:.1f} s, "
                f"{figures[jobs]:.1f} pages/s"
            )
    print(f"parallel_speedup={figures[2] / figures[1]:.2f}")


if __name__ == "__main__":
    main()
