"""Crawl overhead: pages/s of the real sjfzxm.com crawl against the same crawl, bare.

Starts the generated demo site (``python -m textile_news serve-demo --articles N``) in
its own process, then crawls it in fresh subprocesses (``python -m bench.run_crawl``),
alternating K times between

- **bare**: ``sjfzxm_com_bare`` (bench/bare_spider.py), the real spider's follow logic and
  page objects with ``ITEM_PIPELINES = {}``: fetch, parse, ``to_item()``, nothing stored;
- **real**: ``sjfzxm_com`` with the project's item pipeline and extensions into a fresh
  SQLite archive: the store pipeline hands each item to the archive writer, which
  normalises, validates, dedupes and stores it in its own process (and keeps each page
  in a WARC file).

Both get the same settings and ``-a start_url=<base>global/en/``. Throughput is each
crawl's own ``response_received_count / elapsed_time_seconds``; the result is the median
pages/s of the real crawls over the median of the bare ones, printed as the last line::

    crawl_overhead_ratio=0.912

Checks (exit status 1 when one fails): every crawl finished without errors, all crawls
fetched the same number of pages, the bare crawls scraped N items and stored nothing,
and every real crawl stored N articles in its archive.

Run from the repository root: ``python bench/crawl_overhead.py [--articles N] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import selectors
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
BARE, REAL = "bare", "real"
SERVE = [sys.executable, "-m", "textile_news", "serve-demo"]
SPIDERS = {BARE: "sjfzxm_com_bare", REAL: "sjfzxm_com"}
# The same for both crawls; concurrency and everything else come from the project settings.
COMMON_SETTINGS = {
    "SPIDER_MODULES": "textile_news.spiders,bench.bare_spider",
    "LOG_LEVEL": "WARNING",
    "TEXTILE_NEWS_PROGRESS": "False",
    "TELNETCONSOLE_ENABLED": "False",
    "REMOTE_CONTROL_ENABLED": "False",
}


class BenchError(Exception):
    """The benchmark cannot go on (a process failed to start or to report)."""


@dataclass
class Run:
    """One crawl: its kind, its stats, and what the checks found."""

    kind: str
    index: int
    stats: dict[str, Any]
    stored: int | None = None  # articles in the archive (real crawls)
    server_cpu: float | None = None  # CPU seconds the demo server spent during the crawl
    problems: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return int(self.stats.get("response_received_count", 0))

    @property
    def elapsed(self) -> float:
        return float(self.stats.get("elapsed_time_seconds", 0.0))

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def crawler_cpu_share(self) -> float:
        wall = float(self.stats.get("bench/wall_seconds", 0.0))
        return float(self.stats.get("bench/cpu_seconds", 0.0)) / wall if wall > 0 else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * float(self.stats.get("bench/cpu_seconds", 0.0)) / max(self.pages, 1)

    @property
    def server_cpu_share(self) -> float | None:
        if self.server_cpu is None or self.elapsed <= 0:
            return None
        return self.server_cpu / self.elapsed


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so that `finally` stops the server


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TEXTILE_NEWS_DB", None)  # every crawl gets its own archive on the command line
    return env


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid``, all threads (from /proc; else None)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After "pid (comm)": state is field 3, utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise BenchError(f"the demo server printed no URL within {timeout:.0f} s")
    return proc.stdout.readline().strip()


def stop(proc: subprocess.Popen[Any], grace: float = 10.0) -> None:
    """Terminate ``proc`` and wait for it; kill it if it does not go within ``grace`` s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@contextmanager
def demo_server(articles: int, workdir: Path) -> Iterator[tuple[str, int]]:
    """Serve a generated site of ``articles`` articles; yields its base URL and its pid."""
    log = workdir / "server.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [*SERVE, "--articles", str(articles), "--port", "0"],
            cwd=ROOT,
            env=_child_env(),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    try:
        url = _first_line(proc, timeout=60)
        if not url.startswith("http://"):
            raise BenchError(f"the demo server did not start: {url!r}; {_tail(log)}")
        yield url, proc.pid
        if proc.poll() is not None:
            raise BenchError(f"the demo server died (exit {proc.returncode}); {_tail(log)}")
    finally:
        stop(proc)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").rstrip().splitlines()[-lines:]
    except OSError:
        return f"(no {path.name})"
    return f"last lines of {path}:\n" + "\n".join(text) if text else f"{path.name} is empty"


def crawl(
    kind: str,
    index: int,
    base_url: str,
    server_pid: int,
    workdir: Path,
    timeout: float,
    extra: dict[str, str] | None = None,
    profile: Path | None = None,
) -> Run:
    """One crawl of ``kind`` (bare or real) in a fresh subprocess, with its stats."""
    name = f"{kind}-{index}"
    stats_file, db, log = (workdir / f"{name}{ext}" for ext in (".json", ".sqlite", ".log"))
    settings = {**COMMON_SETTINGS, **(extra or {}), "TEXTILE_NEWS_DB": str(db)}
    cmd = [sys.executable, "-m", "bench.run_crawl", SPIDERS[kind], "--stats-out", str(stats_file)]
    cmd += ["-a", f"start_url={base_url}global/en/"]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    cpu_before = process_cpu_seconds(server_pid)
    with log.open("w") as out:
        try:
            done = subprocess.run(
                cmd,
                cwd=ROOT,
                env=_child_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise BenchError(
                f"{name} crawl took longer than {timeout:.0f} s; {_tail(log)}"
            ) from None
    cpu_after = process_cpu_seconds(server_pid)
    if done.returncode != 0 or not stats_file.exists():
        raise BenchError(f"{name} crawl failed (exit {done.returncode}); {_tail(log)}")
    run = Run(kind, index, json.loads(stats_file.read_text()))
    if cpu_before is not None and cpu_after is not None:
        run.server_cpu = cpu_after - cpu_before
    if kind == REAL and db.exists():
        with closing(sqlite3.connect(db)) as conn:
            run.stored = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    elif kind == BARE and db.exists():
        run.problems.append(f"{name}: the bare crawl created an archive at {db}")
    return run


def expected_pipelines() -> list[str]:
    """The project's item pipelines, in the order Scrapy runs them: without the one that
    processes items in the crawl's process, which only a crawl with a feed runs."""
    from textile_news.pipeline.pipelines import ProcessPipeline
    from textile_news.settings import ITEM_PIPELINES

    skipped = f"{ProcessPipeline.__module__}.{ProcessPipeline.__qualname__}"
    enabled = [path for path in ITEM_PIPELINES if path != skipped]
    return sorted(enabled, key=lambda path: ITEM_PIPELINES[path])


def check(run: Run, articles: int) -> list[str]:
    """What is wrong with ``run``: an empty list when it is a valid measurement."""
    name, stats = f"{run.kind}-{run.index}", run.stats
    problems = list(run.problems)
    if stats.get("finish_reason") != "finished":
        problems.append(f"{name}: finish_reason {stats.get('finish_reason')!r}")
    for key in ("log_count/ERROR", "spider_exceptions/count"):
        if stats.get(key):
            problems.append(f"{name}: {key} = {stats[key]}")
    errors = {k: v for k, v in stats.items() if k.startswith("textile_news/errors/")}
    if errors:
        problems.append(f"{name}: fetch errors {errors}")
    if run.pages < articles or run.elapsed <= 0:
        problems.append(
            f"{name}: {run.pages} pages in {run.elapsed:.2f} s, for {articles} articles"
        )
    if stats.get("item_scraped_count", 0) != articles:
        problems.append(f"{name}: {stats.get('item_scraped_count', 0)} items, not {articles}")
    pipelines = stats.get("bench/pipelines")
    wanted = [] if run.kind == BARE else expected_pipelines()
    if pipelines != wanted:
        problems.append(f"{name}: item pipelines {pipelines}, expected {wanted}")
    if run.kind == REAL and run.stored != articles:
        problems.append(f"{name}: the archive holds {run.stored} articles, not {articles}")
    return problems


def table(runs: Sequence[Run], out: TextIO) -> None:
    def share(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.0f}%"

    header = ["crawl", "run", "pages", "items", "stored", "elapsed s", "pages/s"]
    header += ["cpu ms/page", "cpu", "server cpu"]
    rows = [header]
    for r in runs:
        rows.append(
            [
                r.kind,
                str(r.index),
                str(r.pages),
                str(r.stats.get("item_scraped_count", 0)),
                "-" if r.stored is None else str(r.stored),
                f"{r.elapsed:.2f}",
                f"{r.pages_per_second:.1f}",
                f"{r.cpu_ms_per_page:.2f}",
                share(r.crawler_cpu_share),
                share(r.server_cpu_share),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)), file=out)


def print_profile(path: Path, out: TextIO, limit: int = 25) -> None:
    print(f"\ncProfile of one extra real crawl (not measured): {path}", file=out)
    for order in ("tottime", "cumulative"):
        print(f"--- top {limit} by {order} ---", file=out)
        pstats.Stats(str(path), stream=out).strip_dirs().sort_stats(order).print_stats(limit)


STAGES = (
    ("extract", "extraction (page objects, the crawl's process)"),
    ("normalize", "normalisation (the writer process)"),
    ("store", "storage (the writer process)"),
)


def split(runs: list[Run]) -> str:
    """The real crawls' CPU ms per article page by stage (medians), from their
    ``textile_news/cpu_us/*`` stats; the rest of the crawl's CPU is fetching, scheduling,
    following links and the other pipelines."""
    real = [r for r in runs if r.kind == REAL]
    parts = []
    for key, name in STAGES:
        values = [
            r.stats.get(f"textile_news/cpu_us/{key}", 0) / 1000 / max(r.pages, 1) for r in real
        ]
        parts.append(f"{name} {statistics.median(values):.2f} ms" if values else f"{name} -")
    return "real crawl CPU per page by stage: " + ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Pages/s of the real sjfzxm_com crawl (pipelines, archive) over a bare "
        "crawl of the same links, against the generated demo site."
    )
    parser.add_argument("--articles", type=int, default=5000, help="articles of the site")
    parser.add_argument("--repeat", type=int, default=1, help="bare/real pairs (medians)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per crawl")
    parser.add_argument(
        "--profile", type=Path, help="also run one real crawl under cProfile, dump it here"
    )
    parser.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Scrapy setting for both crawls, e.g. CONCURRENT_REQUESTS_PER_DOMAIN=16",
    )
    parser.add_argument("--keep", type=Path, help="keep logs, stats and archives in this dir")
    ns = parser.parse_args(argv)
    if ns.articles < 1 or ns.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")
    extra = dict(value.partition("=")[::2] for value in ns.settings)
    if any(not key for key in extra) or any("=" not in value for value in ns.settings):
        parser.error("-s wants KEY=VALUE")
    signal.signal(signal.SIGTERM, _on_sigterm)

    with tempfile.TemporaryDirectory(prefix="crawl-overhead-") as tmp:
        workdir = ns.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        runs: list[Run] = []
        try:
            with demo_server(ns.articles, workdir) as (url, pid):
                print(f"demo site: {url} ({ns.articles} articles), {ns.repeat} pair(s)", flush=True)
                if extra:
                    print(f"settings for both crawls: {extra}", flush=True)
                for index in range(1, ns.repeat + 1):
                    for kind in (BARE, REAL):
                        runs.append(crawl(kind, index, url, pid, workdir, ns.timeout, extra))
                        r = runs[-1]
                        print(
                            f"  {kind}-{index}: {r.pages} pages in {r.elapsed:.2f} s, "
                            f"{r.pages_per_second:.1f} pages/s",
                            flush=True,
                        )
                if ns.profile is not None:
                    profile = ns.profile.resolve()
                    crawl(REAL, 0, url, pid, workdir, ns.timeout, extra, profile)
        except BenchError as exc:
            print(f"crawl_overhead: {exc}", file=sys.stderr)
            return 1
        if ns.profile is not None:
            print_profile(ns.profile.resolve(), sys.stdout)

    problems = [p for r in runs for p in check(r, ns.articles)]
    if len({r.pages for r in runs}) > 1:
        problems.append(f"the crawls fetched different numbers of pages: {[r.pages for r in runs]}")
    bare = statistics.median(r.pages_per_second for r in runs if r.kind == BARE)
    real = statistics.median(r.pages_per_second for r in runs if r.kind == REAL)
    print()
    table(runs, sys.stdout)
    cpu_bare = statistics.median(r.cpu_ms_per_page for r in runs if r.kind == BARE)
    cpu_real = statistics.median(r.cpu_ms_per_page for r in runs if r.kind == REAL)
    print(f"\nmedian pages/s: bare {bare:.1f}, real {real:.1f}")
    print(f"median crawler CPU per page: bare {cpu_bare:.2f} ms, real {cpu_real:.2f} ms")
    print(split(runs))
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    print(f"crawl_overhead_ratio={real / bare if bare else 0.0:.3f}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
