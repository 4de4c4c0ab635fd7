"""The analyst's commands on a large archive: search latency, counts over time, exports,
and bytes per article (issue 5 at 100,000 articles, issue 6 at 1,000,000).

On the generated archive of ``bench/archive_gen.py`` (built once per size, then reused):

- **search**: ranked (``--sort relevance``) and newest-first searches for a common and a
  rare term, English and Chinese, through ``search.search`` on a read-only connection:
  p50/p95 over ``--repeat`` runs each, against the same query written the plain way in
  the same run (the FTS5 match joined to every matching article and sorted by bm25, what
  sqlite-utils' ``table.search()`` does): the ratio says what the two-step plan saves;
- **stats**: ``stats.counts(by="month")`` for the whole archive, in process, and the whole
  ``textile-news stats --by month --format csv`` command;
- **export**: ``textile-news export --format F -o FILE`` of every article in each format,
  wall time and the command's peak RSS, against a plain ``SELECT *`` written with
  ``csv.writer`` in the same run;
- **bytes per article**: the archive file over its articles, and the biggest tables
  (SQLite's dbstat).

``python bench/archive_scale.py [--articles 100000] [--repeat 20] [--skip-export]``;
figures as ``key=value`` lines at the end.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import archive_gen  # noqa: E402
from textile_news.analysis import search, stats  # noqa: E402
from textile_news.archive import fts  # noqa: E402
from textile_news.archive.db import open_readonly  # noqa: E402
from textile_news.archive.filters import ArticleFilter  # noqa: E402
from textile_news.archive.read import ARTICLE_COLUMNS  # noqa: E402

CLI = [sys.executable, "-m", "textile_news"]
TERMS = {
    "common_en": archive_gen.COMMON_EN,
    "rare_en": archive_gen.RARE_EN,
    "common_zh": archive_gen.COMMON_ZH,
    "rare_zh": archive_gen.RARE_ZH,
}
FORMATS = ("csv", "json", "jsonl", "parquet")


def timings(call: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` calls, after one warm-up call."""
    call()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append(1000 * (time.perf_counter() - started))
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def plain_ranked(db: Any, query: str, limit: int = 20) -> list[Any]:
    """The baseline: every match joined to its article, then sorted by bm25."""
    sql = (
        "SELECT a.id, a.url, a.title, a.published_at, a.site FROM articles_search "
        "JOIN articles a ON a.id = articles_search.rowid WHERE articles_search MATCH ? "
        "ORDER BY bm25(articles_search) LIMIT ?"
    )
    return db.execute(sql, [fts.match_expression(query), limit]).fetchall()


def bench_search(db: Any, repeat: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    for name, term in TERMS.items():
        hits = db.execute(
            "SELECT count(*) FROM articles_search WHERE articles_search MATCH ?",
            [fts.match_expression(term)],
        ).fetchone()[0]
        for sort in ("relevance", "newest"):
            ms = timings(lambda t=term, s=sort: search.search(db, t, sort=s, limit=20), repeat)
            figures[f"search_{name}_{sort}_p50_ms"] = pct(ms, 0.5)
            figures[f"search_{name}_{sort}_p95_ms"] = pct(ms, 0.95)
        base = timings(lambda t=term: plain_ranked(db, t), max(3, repeat // 4))
        figures[f"search_{name}_plain_ranked_p50_ms"] = pct(base, 0.5)
        print(
            f"search {name:<10} {term!r:<9} {hits:>8,} hits  ranked p50 "
            f"{figures[f'search_{name}_relevance_p50_ms']:7.1f} ms p95 "
            f"{figures[f'search_{name}_relevance_p95_ms']:7.1f}  newest p50 "
            f"{figures[f'search_{name}_newest_p50_ms']:7.1f}  plain ranked p50 "
            f"{figures[f'search_{name}_plain_ranked_p50_ms']:7.1f} ms",
            flush=True,
        )
    return figures


def measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd`` in a child that reports its own wall time and peak memory: the largest
    sum, sampled every 50 ms, of the proportional set size (Pss) of the command and its
    descendants (an export's reader processes share pages with it, counted once)."""
    probe = (
        "import resource, subprocess, sys, tempfile, time\n"
        "from pathlib import Path\n"
        "def tree(pid):\n"
        "    kids = Path(f'/proc/{pid}/task/{pid}/children')\n"
        "    try: found = [int(k) for k in kids.read_text().split()]\n"
        "    except OSError: return [pid]\n"
        "    return [pid] + [d for k in found for d in tree(k)]\n"
        "def pss(pid):\n"
        "    try: lines = Path(f'/proc/{pid}/smaps_rollup').read_text().splitlines()\n"
        "    except OSError: return 0\n"
        "    return sum(int(l.split()[1]) for l in lines if l.startswith('Pss:'))\n"
        "err_file = tempfile.TemporaryFile('w+')\n"
        "t = time.perf_counter()\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err_file)\n"
        "peak = 0\n"
        "while p.poll() is None:\n"
        "    peak = max(peak, sum(pss(q) for q in tree(p.pid)))\n"
        "    time.sleep(0.05)\n"
        "s = time.perf_counter() - t\n"
        "err_file.seek(0); err = err_file.read()\n"
        "rss = max(peak / 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
        "print(f'{s} {rss} {p.returncode}'); sys.stderr.write(err[-2000:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *cmd], cwd=ROOT, capture_output=True, text=True
    )
    seconds, rss, code = done.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr}")
    return float(seconds), float(rss), done.stderr


def bench_stats(db: Any, db_file: Path, repeat: int) -> dict[str, float]:
    ms = timings(lambda: stats.counts(db, "month", ArticleFilter()), max(3, repeat // 4))
    seconds, _, _ = measured(
        [*CLI, "stats", "--by", "month", "--format", "csv", "--db", str(db_file)]
    )
    print(f"stats --by month: {pct(ms, 0.5):.0f} ms in process, {seconds:.2f} s the command")
    return {"stats_by_month_ms": pct(ms, 0.5), "stats_by_month_command_s": seconds}


def plain_csv(db_file: Path, out: Path) -> None:
    with closing(sqlite3.connect(db_file)) as conn, out.open("w", newline="") as f:
        cursor = conn.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles")
        writer = csv.writer(f)
        writer.writerow(ARTICLE_COLUMNS)
        writer.writerows(cursor)


def bench_export(db_file: Path, workdir: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    base = workdir / "plain.csv"
    probe_cmd = [
        sys.executable,
        "-c",
        "import sys; sys.path.insert(0, '.'); "
        "from bench.archive_scale import plain_csv; from pathlib import Path; "
        f"plain_csv(Path({str(db_file)!r}), Path({str(base)!r}))",
    ]
    seconds, rss, _ = measured(probe_cmd)
    figures["export_plain_csv_s"] = seconds
    print(f"export plain csv (baseline) {seconds:6.1f} s  peak RSS {rss:6.0f} MB")
    for fmt in FORMATS:
        out = workdir / f"all.{fmt}"
        seconds, rss, _ = measured(
            [*CLI, "export", "--format", fmt, "-o", str(out), "--db", str(db_file)]
        )
        figures[f"export_{fmt}_s"] = seconds
        figures[f"export_{fmt}_peak_rss_mb"] = rss
        size = out.stat().st_size / 1e6
        print(
            f"export {fmt:<7} {seconds:6.1f} s  peak RSS {rss:6.0f} MB  {size:8.0f} MB  "
            f"{seconds / figures['export_plain_csv_s']:.2f}x the plain csv",
            flush=True,
        )
        out.unlink()
    base.unlink(missing_ok=True)
    return figures


def bench_bytes(db: Any, db_file: Path, articles: int) -> dict[str, float]:
    size = db_file.stat().st_size
    print(f"archive {size / 1e6:,.0f} MB: {size / articles:,.0f} bytes per article")
    try:
        rows = db.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8"
        ).fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        rows = []
    for name, pages in rows:
        print(f"  {name:<32} {pages / articles:8,.0f} bytes per article")
    return {"archive_bytes_per_article": size / articles}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed searches per case")
    parser.add_argument("--skip-export", action="store_true")
    ns = parser.parse_args()
    db_file = archive_gen.build(ns.articles, archive_gen.archive_path(ns.articles))
    figures: dict[str, float] = {"articles": ns.articles}
    with closing(open_readonly(db_file)) as db:
        figures |= bench_search(db, ns.repeat)
        figures |= bench_stats(db, db_file, ns.repeat)
        figures |= bench_bytes(db, db_file, ns.articles)
    if not ns.skip_export:
        with tempfile.TemporaryDirectory(prefix="textile_news-export-") as tmp:
            figures |= bench_export(db_file, Path(tmp))
    for key, value in figures.items():
        print(f"{key}={value:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
