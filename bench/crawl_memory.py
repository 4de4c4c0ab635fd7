"""Crawl memory: the resident memory of a long crawl, sampled as it goes, to show whether it
stays flat or grows with the pages crawled.

Serves a generated site (``serve-demo --articles N``, its own process), crawls it with the
real ``sjfzxm_com`` spider and pipelines into a fresh archive, through the command users run
(``textile-news crawl sjfzxm_com --start-url ...``: its frontier is on disk, in the JOBDIR),
and samples twice a second the RSS of the crawl's process and of its archive writer
(``/proc``), next to the pages crawled so far (the ``captures`` rows the writer has
indexed, one per article page). The baseline, measured in the same run, is the RSS after
the first 10% of the articles: the growth over the rest of the crawl is the figure::

    python bench/crawl_memory.py [--articles 50000]

Prints the RSS at each tenth of the crawl; the last lines are ``peak_rss_mb=<crawl+writer>``
and ``rss_growth_mb_per_10k_pages=<slope after the first tenth>``.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_overhead import COMMON_SETTINGS, _child_env, _on_sigterm, demo_server  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident set size of ``pid`` in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def pages_done(db_file: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=1)) as conn:
            return int(conn.execute("SELECT count(*) FROM captures").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _on_sigterm)
    samples: list[tuple[int, float, float]] = []  # pages, crawl RSS, writer RSS
    with tempfile.TemporaryDirectory() as tmp, demo_server(args.articles, Path(tmp)) as server:
        base_url, _ = server
        db_file = Path(tmp) / "archive.sqlite"
        # the command users run: its frontier is on disk (the per-site JOBDIR)
        cmd = [sys.executable, "-m", "textile_news", "crawl", "sjfzxm_com"]
        cmd += ["--start-url", f"{base_url}global/en/", "--db", str(db_file)]
        for key, value in COMMON_SETTINGS.items():
            cmd += ["-s", f"{key}={value}"]
        started = time.monotonic()
        with (Path(tmp) / "crawl.log").open("w") as log:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=_child_env(), stdout=log, stderr=log)
            while proc.poll() is None:
                if time.monotonic() - started > args.timeout:
                    proc.kill()
                    raise SystemExit(f"FAILED: the crawl took longer than {args.timeout:.0f} s")
                writer = sum(rss_mb(child) for child in children(proc.pid))
                samples.append((pages_done(db_file), rss_mb(proc.pid), writer))
                time.sleep(0.5)
        if proc.returncode != 0:
            tail = (Path(tmp) / "crawl.log").read_text()[-2000:]
            raise SystemExit(f"FAILED: crawl exit {proc.returncode}\n{tail}")
        stored = pages_done(db_file)
    elapsed = time.monotonic() - started
    print(f"site: {args.articles} generated articles; {stored} article pages in {elapsed:.0f} s")
    print(f"{'pages':>8} {'crawl MB':>9} {'writer MB':>9}")
    # while both processes run (the writer exits first, when the crawl closes)
    samples = [s for s in samples if s[1] and s[2]] or samples
    marks = []
    for tenth in range(1, 11):
        goal = args.articles * tenth // 10
        at = next((s for s in samples if s[0] >= goal), samples[-1])
        marks.append(at)
        print(f"{at[0]:>8} {at[1]:>9.1f} {at[2]:>9.1f}")
    peak = max(crawl + writer for _, crawl, writer in samples)
    first, last = marks[0], marks[-1]
    span = max(last[0] - first[0], 1)
    slope = ((last[1] + last[2]) - (first[1] + first[2])) / span * 10_000
    print(f"baseline (after the first tenth): {first[1] + first[2]:.1f} MB")
    print(f"peak_rss_mb={peak:.1f}")
    print(f"rss_growth_mb_per_10k_pages={slope:.2f}")


if __name__ == "__main__":
    main()
