"""Publication dates on the open development set: our generic page against htmldate.

``../shared/devsets/article-snippets/ground_truth.json`` gives the publication day
(``YYYY-MM-DD``) of 728 of its 990 pages. On those pages, in one run, each method's day is
compared with it:

- **generic**: ``ArticlePage(url, text).published_at()`` (textile_news.pages.generic), from
  the page decoded as Scrapy decodes a response, read as the archive stores it
  (``dates.parse_date`` in UTC, as extraction without a site does): its calendar day is
  the one the page wrote, in the page's own offset. ``2024-03-05T23:30:00-05:00`` is the 5th
  although it is the 6th in UTC: the annotated day is the one the page shows, where it was
  published. A date without an offset keeps its day.
- **htmldate original**: ``htmldate.find_date(raw bytes, original_date=True, url=url)``, the
  first publication date;
- **htmldate**: ``htmldate.find_date(raw bytes, url=url)``, its default (the latest date).

Both get the page's URL (it is null for 36 pages of the set). For each: days right, wrong and
not found, the share right, and the median CPU time per page (each from the page's bytes:
ours includes the decoding, the parse and the page's other metadata that the date needs).
Then where generic's dates came from (``date_source``) and how many of each were right. The
last line is::

    generic_date_accuracy=0.872 htmldate_original_accuracy=0.865 generic_vs_htmldate=1.01

the last figure being generic's share of right days over htmldate original's.

Run from the repository root: ``python bench/devset_dates.py [--data DIR] [--limit N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import htmldate
from w3lib.encoding import html_to_unicode

from bench.devset_extraction import DEFAULT_DATA, load_truth, read_page, timed
from textile_news.pages.generic import ArticlePage
from textile_news.text.dates import parse_date

RIGHT, WRONG, NONE = "right", "wrong", "not found"


def generic_day(raw: bytes, url: str | None) -> tuple[str | None, str | None]:
    """(the day, where it came from)."""
    _, text = html_to_unicode(None, raw)  # what Scrapy's response.text does
    page = ArticlePage(url or "https://example.invalid/", text)
    stored = parse_date(page.published_at(), "UTC")
    return (stored[:10] if stored else None), page.date_source()


METHODS: dict[str, Callable[[bytes, str | None], tuple[str | None, str | None]]] = {
    "generic": generic_day,
    "htmldate original": lambda raw, url: (
        htmldate.find_date(raw, original_date=True, url=url),
        None,
    ),
    "htmldate": lambda raw, url: (htmldate.find_date(raw, url=url), None),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the dev-set folder")
    parser.add_argument("--limit", type=int, help="only the first N dated pages (sorted ids)")
    args = parser.parse_args()
    truth = load_truth(args.data)
    ids = sorted(i for i in truth if truth[i].get("date"))[: args.limit]
    outcomes = {name: Counter[str]() for name in METHODS}
    cpu: dict[str, list[float]] = {name: [] for name in METHODS}
    sources: Counter[tuple[str | None, str]] = Counter()
    for n, doc_id in enumerate(ids):
        raw = read_page(args.data, doc_id)
        url, expected = truth[doc_id].get("url"), truth[doc_id]["date"]
        order = list(METHODS.items())
        for name, method in order if n % 2 else reversed(order):
            found, seconds, _ = timed(lambda f=method, r=raw, u=url: f(r, u))
            day, source = found or (None, None)
            outcome = NONE if not day else RIGHT if day == expected else WRONG
            outcomes[name][outcome] += 1
            cpu[name].append(seconds)
            if name == "generic":
                sources[source, outcome] += 1
    print(f"{len(ids)} dated pages from {args.data}")
    print(f"{'method':<18} {'accuracy':>8} {RIGHT:>6} {WRONG:>6} {NONE:>9} {'cpu ms/page':>11}")
    accuracy = {}
    for name in METHODS:
        counts = outcomes[name]
        accuracy[name] = counts[RIGHT] / len(ids)
        ms = 1000 * statistics.median(cpu[name])
        print(
            f"{name:<18} {accuracy[name]:8.3f} {counts[RIGHT]:6} {counts[WRONG]:6}"
            f" {counts[NONE]:9} {ms:11.2f}"
        )
    print(f"\ngeneric by date_source: {'source':<8} {'pages':>5} {RIGHT:>6} {WRONG:>6}")
    for source in sorted({s for s, _ in sources}, key=lambda s: (s is None, s or "")):
        right, wrong = sources[source, RIGHT], sources[source, WRONG]
        total = right + wrong + sources[source, NONE]
        print(f"{'':<23} {source or '-':<8} {total:5} {right:6} {wrong:6}")
    ratio = accuracy["generic"] / accuracy["htmldate original"]
    print(
        f"generic_date_accuracy={accuracy['generic']:.3f}"
        f" htmldate_original_accuracy={accuracy['htmldate original']:.3f}"
        f" generic_vs_htmldate={ratio:.3f}"
    )


if __name__ == "__main__":
    main()
