"""Run one spider of the project in this process and write its final stats as JSON.

``crawl_overhead.py`` starts one of these per crawl, from the repository root::

    python -m bench.run_crawl SPIDER --stats-out stats.json \\
        [-s KEY=VALUE ...] [-a NAME=VALUE ...] [--profile crawl.prof]

The stats are the crawler's own (``response_received_count``, ``elapsed_time_seconds``,
...) plus a few ``bench/`` keys: the item pipelines that were enabled, and the CPU and
wall seconds of this process around the crawl. With ``--profile`` the crawl runs under
cProfile (the reactor thread, where spider callbacks and pipelines run).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess

from textile_news.crawl.runner import project_settings


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise SystemExit(f"{option} wants NAME=VALUE, not {value!r}")
        pairs[key] = rest
    return pairs


def _pipelines(crawler: Crawler) -> list[str]:
    """Class paths of the item pipelines the crawl runs (read when the spider opens)."""
    scraper = getattr(crawler.engine, "scraper", None)
    itemproc = getattr(scraper, "itemproc", None)
    return [
        f"{type(m).__module__}.{type(m).__qualname__}" for m in getattr(itemproc, "middlewares", ())
    ]


def crawl(
    spider: str,
    settings: dict[str, str],
    spider_args: dict[str, str],
    profile: Path | None = None,
) -> dict[str, Any]:
    """Crawl with ``spider`` (blocking) and return its stats with the ``bench/`` keys."""
    process = CrawlerProcess(project_settings(settings))
    crawler = process.create_crawler(spider)
    seen: dict[str, Any] = {}

    def spider_opened() -> None:
        seen["bench/pipelines"] = _pipelines(crawler)

    crawler.signals.connect(spider_opened, signal=signals.spider_opened)
    process.crawl(crawler, **spider_args)
    cpu, wall = time.process_time(), time.perf_counter()
    if profile is None:
        process.start()
    else:
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            process.start()
        finally:
            profiler.disable()
            profiler.dump_stats(profile)
    stats: dict[str, Any] = dict(crawler.stats.get_stats()) if crawler.stats else {}
    stats.update(seen)
    stats["bench/cpu_seconds"] = time.process_time() - cpu
    stats["bench/wall_seconds"] = time.perf_counter() - wall
    stats["bench/profiled"] = profile is not None
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_crawl", description=__doc__)
    parser.add_argument("spider", help="spider name, e.g. sjfzxm_com")
    parser.add_argument("--stats-out", type=Path, required=True, help="where the JSON goes")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("-a", dest="args", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--profile", type=Path, help="run under cProfile, dump stats here")
    ns = parser.parse_args(argv)
    stats = crawl(ns.spider, _pairs(ns.settings, "-s"), _pairs(ns.args, "-a"), ns.profile)
    partial = ns.stats_out.with_name(ns.stats_out.name + ".part")
    partial.write_text(json.dumps(stats, default=str, indent=2, sort_keys=True))
    os.replace(partial, ns.stats_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
