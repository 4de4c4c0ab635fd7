"""Incremental re-crawl: requests and wall time of a first crawl and of an unchanged re-crawl.

Serves a generated site (``python -m textile_news serve-demo --articles N``, its own
process), then runs ``textile-news crawl`` twice into a fresh archive, and reads the
requests of each run from ``crawl_runs``. Also times the whole command (start-up to exit)
when the archive is already up to date: what an hourly cron job costs when nothing is new.

Run from the repository root: ``python bench/recrawl.py [--articles N] [--idle-runs K]``.
The last line is ``recrawl_request_ratio=<first/second>``; the target is >= 20.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "textile_news"]


def timed_crawl(url: str, db_file: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [*CLI, "crawl", "sjfzxm_com", "--start-url", url, "--db", str(db_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--idle-runs", type=int, default=3, help="timed up-to-date runs")
    ns = parser.parse_args()
    with subprocess.Popen(
        [*CLI, "serve-demo", "--articles", str(ns.articles), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip() + "global/en/"
            with tempfile.TemporaryDirectory() as tmp:
                db_file = Path(tmp) / "archive.sqlite"
                first_s = timed_crawl(url, db_file)
                idle = [timed_crawl(url, db_file) for _ in range(max(1, ns.idle_runs))]
                with closing(sqlite3.connect(db_file)) as conn:
                    runs = conn.execute(
                        "SELECT requests, new FROM crawl_runs ORDER BY id"
                    ).fetchall()
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            server.terminate()
            server.wait(timeout=10)
    (first_requests, first_new), (second_requests, second_new) = runs[0], runs[1]
    if stored != ns.articles or first_new != ns.articles or second_new != 0:
        raise SystemExit(f"unexpected: stored {stored}, new {first_new} then {second_new}")
    print(f"site: {ns.articles} generated articles")
    print(f"first crawl:     {first_requests:>6} requests  {first_s:6.2f} s (whole command)")
    print(
        f"unchanged crawl: {second_requests:>6} requests  {statistics.median(idle):6.2f} s "
        f"(whole command, median of {len(idle)})"
    )
    print(f"idle_crawl_seconds={statistics.median(idle):.2f}")
    print(f"recrawl_request_ratio={first_requests / second_requests:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
