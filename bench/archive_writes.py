"""Archive writes: articles per second through ``write.write_batch`` (the archive writer's
work: the article row, its related links, the FTS5 index kept in step by triggers, the
SimHash fingerprint and its duplicate look-up), against the same rows inserted into a
plain table with no index, trigger or fingerprint, in the same run.

The articles are the generated demo site's (``textile_news.demo.generated``), rendered
and extracted by the sjfzxm.com page object and normalised as a crawl does it, then
written in batches of 200 (``TEXTILE_NEWS_BATCH_SIZE``) into a fresh archive::

    python bench/archive_writes.py [--articles 20000] [--templates 2000] [--furniture]

The last line is ``archive_writes_per_second=<N>``; the line before it is the ratio to
the plain inserts. ``--furniture`` writes the rows a third time, as a site that learns its
furniture (archive/furniture.py: each new article's lines counted per site), into another
fresh archive, and prints ``furniture_cost=<ratio>``: its time over the archive's without.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textile_news.archive.db import open_db  # noqa: E402
from textile_news.archive.read import ARTICLE_COLUMNS  # noqa: E402
from textile_news.archive.write import write_batch  # noqa: E402
from textile_news.demo import generated  # noqa: E402
from textile_news.demo.render import render_article  # noqa: E402
from textile_news.pages.sjfzxm_com import ArticlePage  # noqa: E402
from textile_news.pipeline.processing import normalize_article  # noqa: E402

BATCH = 200
SITE = "http://www.sjfzxm.com/global/en/"


def templates(count: int, site_size: int) -> list[dict[str, Any]]:
    """``count`` archive-ready articles of the generated site, extracted and normalised."""
    out = []

    def lookup(article_id: int) -> generated.DemoArticle | None:
        return generated.article(article_id, site_size)

    for article_id in range(generated.FIRST_ID, generated.FIRST_ID + count):
        demo = generated.article(article_id, site_size)
        assert demo is not None
        url = f"{SITE}{article_id}.html"
        item = ArticlePage(url, render_article(demo, lookup)).to_item()
        item = normalize_article(item, "Asia/Shanghai")
        item.fetched_at = "2026-11-27T12:00:00+00:00"
        out.append(item.as_dict())
    return out


def articles(base: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """``count`` distinct articles: the templates again under new URLs, each body with a
    sentence of its own (so that no two are exact copies)."""
    out = []
    for n in range(count):
        article = dict(base[n % len(base)])
        article["url"] = f"{SITE}{10_000_000 + n}.html"
        article["body"] = f"{article['body']}\n\nRecord {n} of the benchmark."
        out.append(article)
    return out


def write_archive(
    rows: list[dict[str, Any]], folder: Path, name: str = "archive.sqlite", learns: bool = False
) -> float:
    with closing(open_db(folder / name)) as db:
        started = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            write_batch(db, rows[i : i + BATCH], [], learns_furniture=lambda site: learns)
        return time.perf_counter() - started


def write_plain(rows: list[dict[str, Any]], folder: Path) -> float:
    """The same rows, JSON-encoded where the archive encodes them, into one bare table."""
    columns = [c for c in ARTICLE_COLUMNS if c in rows[0]]
    with closing(sqlite3.connect(folder / "plain.sqlite")) as conn:
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute(f"CREATE TABLE articles ({', '.join(columns)})")
        sql = f"INSERT INTO articles VALUES ({', '.join('?' * len(columns))})"
        started = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            with conn:
                conn.executemany(
                    sql,
                    [
                        [
                            json.dumps(r[c], ensure_ascii=False)
                            if isinstance(r[c], list | dict)
                            else r[c]
                            for c in columns
                        ]
                        for r in rows[i : i + BATCH]
                    ],
                )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--templates", type=int, default=2000)
    parser.add_argument("--furniture", action="store_true", help="also time furniture learning")
    args = parser.parse_args()
    print(f"extracting {args.templates} generated articles ...", flush=True)
    rows = articles(templates(args.templates, args.templates), args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = write_plain(rows, folder)
        archive = write_archive(rows, folder)
        learning = write_archive(rows, folder, "learning.sqlite", True) if args.furniture else 0
        with closing(sqlite3.connect(folder / "archive.sqlite")) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            hits = conn.execute(
                "SELECT count(*) FROM articles_search WHERE articles_search MATCH 'benchmark'"
            ).fetchone()[0]
        size = (folder / "archive.sqlite").stat().st_size
        learnt_size = (folder / "learning.sqlite").stat().st_size if args.furniture else 0
    if stored != args.articles or hits != args.articles:
        raise SystemExit(f"FAILED: {stored} stored, {hits} found by FTS, of {args.articles}")
    per_second = args.articles / archive
    print(f"articles: {args.articles} in batches of {BATCH}")
    print(f"plain table (no index, no FTS):  {args.articles / plain:9.0f} articles/s")
    print(f"archive (write_batch, FTS5 ...): {per_second:9.0f} articles/s")
    print(f"archive bytes per article: {size / args.articles:.0f}")
    if args.furniture:
        print(f"archive, learning furniture:     {args.articles / learning:9.0f} articles/s")
        print(f"archive bytes per article, learning: {learnt_size / args.articles:.0f}")
        print(f"furniture_cost={learning / archive:.3f}")
    print(f"archive_vs_plain={plain / archive:.3f}")
    print(f"archive_writes_per_second={per_second:.0f}")


if __name__ == "__main__":
    main()
