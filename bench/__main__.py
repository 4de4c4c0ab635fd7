"""The benchmark suite: ``python -m bench`` runs every benchmark and prints its figures next
to its target, ratios first.

Each benchmark is a script of its own (``python bench/<name>.py``, see its docstring and
docs/benchmarks.md); each measures its baseline in the same run and prints ``key=value``
lines last. This runs them one after the other, in fresh processes, with the sizes below
(together under 15 minutes on a 2-core machine), and then prints one table::

    python -m bench [--only NAME ...] [--quick]

``--quick`` runs smaller sizes (a check that everything runs, not figures to report).
Exit status 1 when a benchmark fails (its own checks) or a target is missed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    key: str  # the key=value a benchmark prints
    goal: float
    at_least: bool  # True: the figure must be >= goal; False: <= goal
    what: str


@dataclass(frozen=True)
class Bench:
    name: str
    args: tuple[str, ...]
    quick: tuple[str, ...]
    targets: tuple[Target, ...]


SUITE = (
    Bench(
        "crawl_overhead",
        ("--repeat", "3"),
        ("--articles", "1000", "--repeat", "1"),
        (Target("crawl_overhead_ratio", 0.9, True, "real/bare crawl pages/s"),),
    ),
    Bench(
        "listing_pages",
        (),
        ("--sizes", "1000,10000", "--rounds", "1"),
        (
            Target(
                "listing_link_cost_ratio_max", 2.0, False, "cost a link, 100k / 1k links (linear)"
            ),
        ),
    ),
    Bench(
        "date_parsing",
        ("--count", "10000"),
        ("--count", "500"),
        (Target("date_fast_path_speedup", 20, True, "parse_date vs dateparser, same answers"),),
    ),
    Bench(
        "archive_writes",
        ("--articles", "20000"),
        ("--articles", "2000", "--templates", "200"),
        (Target("archive_writes_per_second", 1000, True, "articles/s with FTS, fingerprints"),),
    ),
    Bench(
        "recrawl",
        (),
        ("--articles", "200"),
        (Target("recrawl_request_ratio", 20, True, "first/unchanged crawl requests"),),
    ),
    Bench(
        "quiet_cron",
        (),
        ("--runs", "7"),
        (Target("quiet_cron_mails", 0, False, "README cron runs that mail, of 24 (issue 17)"),),
    ),
    Bench(
        "crawl_memory",
        ("--articles", "50000"),
        ("--articles", "2000"),
        (
            Target("peak_rss_mb", 300, False, "crawl + writer peak RSS, 50,000 pages"),
            Target("rss_growth_mb_per_10k_pages", 15, False, "growth after the first tenth"),
        ),
    ),
    Bench(
        "devset_extraction",
        (),
        ("--limit", "50"),
        (Target("generic_vs_trafilatura", 1.0, False, "generic / trafilatura CPU a page"),),
    ),
    Bench(
        "devset_dates",
        (),
        ("--limit", "50"),
        (Target("generic_vs_htmldate", 1.0, True, "exact-day accuracy / htmldate's"),),
    ),
    Bench(
        "devset_zh_news",
        (),
        ("--only", "generic"),
        (
            Target("zh_generic_title", 0.95, True, "zh-news title exact match"),
            Target("zh_generic_author", 0.75, True, "zh-news credited names found"),
        ),
    ),
    Bench(
        "page_timing",
        (),
        ("--rounds", "3"),
        (Target("site_profile_slowest_ms", 1.0, False, "slowest site profile, ms a page"),),
    ),
    Bench(
        "parallel_jobs",
        ("--articles", "3000"),
        ("--articles", "300"),
        (),
    ),
    Bench(
        "archive_scale",
        ("--articles", "100000"),
        ("--articles", "3000", "--repeat", "3"),
        (
            Target("search_common_en_relevance_p50_ms", 50, False, "ranked search, cotton"),
            Target("search_common_zh_relevance_p50_ms", 50, False, "ranked search, 纺织"),
            Target("search_rare_en_relevance_p50_ms", 5, False, "ranked search, kenaf"),
            Target("search_rare_zh_relevance_p50_ms", 5, False, "ranked search, 苎麻"),
            Target("stats_by_month_command_s", 1, False, "textile-news stats --by month"),
            *(
                Target(f"export_{fmt}_{key}", goal, False, what)
                for fmt in ("csv", "json", "jsonl", "parquet")
                for key, goal, what in (
                    ("s", 60, f"export of all rows, {fmt}, seconds"),
                    ("peak_rss_mb", 300, f"export of all rows, {fmt}, peak RSS"),
                )
            ),
        ),
    ),
    Bench(
        "distributed",
        ("--articles", "3000"),
        ("--articles", "300"),
        (),
    ),
)

# "key=value" lines, several on one line or followed by a note: "slowest_ms=0.89 (sjfzxm_com)"
_FIGURE_LINE = re.compile(r"^[a-z_0-9]+=-?[0-9.]+")
_FIGURE = re.compile(r"([a-z_0-9]+)=(-?[0-9.]+)")


def run(bench: Bench, quick: bool) -> tuple[int, dict[str, float], float]:
    """Run one benchmark; its exit status, its ``key=value`` figures, and its seconds."""
    cmd = [sys.executable, str(ROOT / "bench" / f"{bench.name}.py")]
    cmd += list(bench.quick if quick else bench.args)
    print(f"$ {' '.join(['python', f'bench/{bench.name}.py', *cmd[2:]])}", flush=True)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    output = proc.stdout + proc.stderr
    for line in proc.stdout.splitlines()[-12:]:
        print(f"    {line}")
    if proc.returncode != 0:
        print(f"    FAILED (exit {proc.returncode}):\n{output[-1500:]}")
    figures = {m[1]: float(m[2]) for line in proc.stdout.splitlines() if (m := _FIGURE.match(line))}
    return proc.returncode, figures, seconds


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=[b.name for b in SUITE], default=None)
    parser.add_argument("--quick", action="store_true", help="small sizes: does it all run?")
    args = parser.parse_args()
    chosen = [b for b in SUITE if not args.only or b.name in args.only]
    targets: list[str] = []
    others: list[str] = []
    durations: list[str] = []
    failed = False
    for bench in chosen:
        code, figures, seconds = run(bench, args.quick)
        failed |= code != 0
        durations.append(f"{bench.name}: {seconds:.0f} s" + ("" if code == 0 else " (FAILED)"))
        for key, value in figures.items():
            target = next((t for t in bench.targets if t.key == key), None)
            if target is None:
                others.append(f"{key:<34} {value:>10g}")
                continue
            met = value >= target.goal if target.at_least else value <= target.goal
            failed |= not met
            sign = ">=" if target.at_least else "<="
            goal = f"{sign} {target.goal:g}"
            targets.append(
                f"{key:<34} {value:>10g}  {goal:>9}  {'met' if met else 'MISSED':<7} {target.what}"
            )
    print("\ntargets (figure, value, target, status):", *targets, sep="\n")
    print("\nother figures:", *others, sep="\n")
    print("\nrun times:", *durations, sep="\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
