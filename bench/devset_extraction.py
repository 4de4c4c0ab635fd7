"""Main-text extraction on the open development set: trafilatura alone against our generic page.

Reads ``../shared/devsets/article-snippets/`` (990 real pages with snippets that must and must
not appear; see its README) and scores, in one run and on the same pages,

- **trafilatura**: ``trafilatura.extract(raw bytes)``, standard settings (comments off), as
  the set's reference table runs it;
- **generic**: ``textile_news.pages.generic.ArticlePage(url, text).to_item().body``: the
  whole page object (metadata too), from the page decoded as Scrapy decodes a response.

with the set's own scorer (``score_snippets.py``, imported from the set's parent folder).
Prints P, R, F1 and the median ms/page of each, then as its last line::

    generic_f1=0.9390 trafilatura_f1=0.9261

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

import trafilatura
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
    truth = json.loads((args.data / "ground_truth.json").read_text())
    ids = sorted(truth)[: args.limit]
    counts = {name: [0, 0, 0, 0] for name in EXTRACTORS}
    times: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    for doc_id in ids:
        raw = gzip.decompress((args.data / "html" / f"{doc_id}.html.gz").read_bytes())
        for name, extract in EXTRACTORS.items():  # alternate, so both see the same machine
            start = time.perf_counter()
            try:
                body = extract(raw, truth[doc_id].get("url"))
            except Exception:  # a crash finds nothing, as the scorer counts it
                body = None
            times[name].append(time.perf_counter() - start)
            for k, n in enumerate(scorer.count_item(truth[doc_id], body)[:4]):
                counts[name][k] += n
    print(f"{len(ids)} pages from {args.data}")
    print(f"{'extractor':<12} {'P':>7} {'R':>7} {'F1':>7} {'ms/page':>8}")
    f1s = {}
    for name in EXTRACTORS:
        precision, recall, _, f1s[name] = scorer.scores(*counts[name])
        ms = 1000 * statistics.median(times[name])
        print(f"{name:<12} {precision:7.4f} {recall:7.4f} {f1s[name]:7.4f} {ms:8.1f}")
    print(f"generic_f1={f1s['generic']:.4f} trafilatura_f1={f1s['trafilatura']:.4f}")


if __name__ == "__main__":
    main()
