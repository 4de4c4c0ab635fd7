"""Main-text extraction on the open development set: trafilatura alone against our generic page.

Reads ``../shared/devsets/article-snippets/`` (990 real pages with snippets that must and must
not appear; see its README) and scores, in one run and on the same pages,

- **trafilatura**: ``trafilatura.extract(raw bytes)``, standard settings (comments off), as
  the set's reference table runs it;
- **generic**: ``textile_news.pages.generic.ArticlePage(url, text).to_item().body``: the
  whole page object (metadata and date too), from the page decoded as Scrapy decodes a
  response (the decoding is timed as part of it).

with the set's own scorer (``score_snippets.py``, imported from the set's parent folder).
Both extractors run on each page in turn, in alternating order, and each call starts with
trafilatura's text caches empty: trafilatura caches the lines it has cleaned, and the second
extractor on a page would otherwise find the first one's lines there (about 1 ms a page).
Times are the CPU time of this process (``time.process_time``), which other processes on a
busy machine do not inflate the way they inflate wall time; the wall-time medians are printed
too. Prints P, R, F1 and the median ms/page of each, then as its last line::

    generic_f1=0.9374 trafilatura_f1=0.9261 generic_vs_trafilatura=0.93

where the last figure is generic's median CPU time per page over trafilatura's.

Run from the repository root: ``python bench/devset_extraction.py [--data DIR] [--limit N]``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import trafilatura
import trafilatura.utils
from w3lib.encoding import html_to_unicode

from textile_news.pages.generic import ArticlePage

DEFAULT_DATA = Path("../shared/devsets/article-snippets")


def load_scorer(data: Path) -> ModuleType:
    """The set's own scorer, so that the metric is exactly the published one."""
    spec = importlib.util.spec_from_file_location(
        "score_snippets", data.parent / "score_snippets.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_truth(data: Path) -> dict[str, dict[str, Any]]:
    return json.loads((data / "ground_truth.json").read_text())


def read_page(data: Path, doc_id: str) -> bytes:
    return gzip.decompress((data / "html" / f"{doc_id}.html.gz").read_bytes())


def cold() -> None:
    """Empty trafilatura's caches of cleaned text lines, so no call reuses another's work."""
    trafilatura.utils.line_processing.cache_clear()
    trafilatura.utils.trim.cache_clear()


def timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    """``call()``, its CPU seconds and its wall seconds; an exception counts as None."""
    cold()
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        result = call()
    except Exception:  # a crash finds nothing, as the scorer counts it
        result = None
    return result, time.process_time() - cpu, time.perf_counter() - wall


def trafilatura_body(raw: bytes, url: str | None) -> str | None:
    return trafilatura.extract(raw, include_comments=False)


def generic_body(raw: bytes, url: str | None) -> str | None:
    _, text = html_to_unicode(None, raw)  # what Scrapy's response.text does
    return ArticlePage(url or "https://example.invalid/", text).to_item().body


EXTRACTORS: dict[str, Callable[[bytes, str | None], str | None]] = {
    "trafilatura": trafilatura_body,
    "generic": generic_body,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the dev-set folder")
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted ids)")
    args = parser.parse_args()
    scorer = load_scorer(args.data)
    truth = load_truth(args.data)
    ids = sorted(truth)[: args.limit]
    counts = {name: [0, 0, 0, 0] for name in EXTRACTORS}
    cpu: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    wall: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    for n, doc_id in enumerate(ids):
        raw = read_page(args.data, doc_id)
        url = truth[doc_id].get("url")
        order = list(EXTRACTORS.items())
        for name, extract in order if n % 2 else reversed(order):
            body, seconds, elapsed = timed(lambda f=extract, r=raw, u=url: f(r, u))
            cpu[name].append(seconds)
            wall[name].append(elapsed)
            for k, count in enumerate(scorer.count_item(truth[doc_id], body)[:4]):
                counts[name][k] += count
    print(f"{len(ids)} pages from {args.data}")
    print(f"{'extractor':<12} {'P':>7} {'R':>7} {'F1':>7} {'cpu ms/page':>12} {'wall ms/page':>13}")
    f1s, medians = {}, {}
    for name in EXTRACTORS:
        precision, recall, _, f1s[name] = scorer.scores(*counts[name])
        medians[name] = statistics.median(cpu[name])
        ms, wall_ms = 1000 * medians[name], 1000 * statistics.median(wall[name])
        print(
            f"{name:<12} {precision:7.4f} {recall:7.4f} {f1s[name]:7.4f} {ms:12.2f} {wall_ms:13.2f}"
        )
    ratio = medians["generic"] / medians["trafilatura"]
    print(
        f"generic_f1={f1s['generic']:.4f} trafilatura_f1={f1s['trafilatura']:.4f}"
        f" generic_vs_trafilatura={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
