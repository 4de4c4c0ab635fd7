"""Disk cost of the stored originals: WARC bytes per archived article.

Crawls the bundled demo (``textile-news demo``) and a generated site
(``textile-news serve-demo --articles N``, crawled with ``scrapy crawl sjfzxm_com``), each
into a fresh archive in a temporary folder, then divides the size of the WARC files under
``warc/`` beside the archive by the number of articles. From the repository root::

    python bench/capture_bytes.py [--articles 1000] [--keep DIR]

The last line is ``warc_bytes_per_article=<n>`` for the generated site.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_overhead import _first_line  # noqa: E402
from textile_news.archive.captures import capture_totals  # noqa: E402
from textile_news.archive.counts import article_count  # noqa: E402
from textile_news.archive.db import open_db  # noqa: E402


def _run(args: Sequence[str], timeout: float) -> None:
    env = dict(os.environ)
    env.pop("TEXTILE_NEWS_DB", None)  # the archive is named on each command line
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def crawl_demo(folder: Path, timeout: float) -> Path:
    db_file = folder / "demo" / "archive.sqlite"
    _run([sys.executable, "-m", "textile_news", "demo", "--db", str(db_file)], timeout)
    return db_file


def crawl_generated(folder: Path, articles: int, timeout: float) -> Path:
    db_file = folder / f"generated-{articles}" / "archive.sqlite"
    server = subprocess.Popen(
        [sys.executable, "-m", "textile_news", "serve-demo", "--articles", str(articles)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        base = _first_line(server, timeout=30)
        _run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "sjfzxm_com",
                "-a",
                f"start_url={base}global/en/",
                "-s",
                f"TEXTILE_NEWS_DB={db_file}",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            timeout,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return db_file


def measure(db_file: Path) -> dict[str, int]:
    """Articles, captures and bytes of one archive (WARC sizes as the files are on disk)."""
    files = list((db_file.parent / f"{db_file.stem}.warc").rglob("*.warc.gz"))
    with closing(open_db(db_file, create=False)) as db:
        figures = {"articles": article_count(db), **capture_totals(db)}
    figures["files"] = len(files)
    figures["file_bytes"] = sum(f.stat().st_size for f in files)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/capture_bytes.py", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="generated site's size")
    parser.add_argument("--keep", type=Path, help="keep the archives and WARC files here")
    parser.add_argument("--timeout", type=float, default=600, help="time limit of each crawl")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="capture-bytes-") as tmp:
        folder = ns.keep or Path(tmp)
        rows = [
            ("demo", measure(crawl_demo(folder, ns.timeout))),
            (f"generated {ns.articles}", measure(crawl_generated(folder, ns.articles, ns.timeout))),
        ]
    print(
        f"{'site':<16} {'articles':>8} {'records':>8} {'body bytes':>11} {'warc bytes':>11} "
        f"{'files':>5} {'body/article':>12} {'warc/article':>12}"
    )
    for name, f in rows:
        print(
            f"{name:<16} {f['articles']:>8} {f['records']:>8} {f['body_bytes']:>11} "
            f"{f['file_bytes']:>11} {f['files']:>5} {f['body_bytes'] / f['articles']:>12.0f} "
            f"{f['file_bytes'] / f['articles']:>12.0f}"
        )
    generated = rows[-1][1]
    print(f"warc_bytes_per_article={generated['file_bytes'] / generated['articles']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
