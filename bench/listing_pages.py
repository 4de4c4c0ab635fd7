"""Listing pages of 1,000, 10,000 and 100,000 links: time a page and a link, per page object.

Issue 13, item 5: the generic ``ListPage.entries()`` was quadratic (1k links 0.18 s, 8k 17.9 s;
an 11 MB page of 100,000 links ran for 651 s). Each listing is built by
``textile_news.demo.listings`` (seeded) in the markup of its page object's fixture: the
generic listing, every site's listing and the RSS and sitemap readers. For each page object
and size, the time of what a crawl does with the page (build it from its text, then
``entries()`` and ``next_page_url()``; feeds and sitemaps: ``entries()``) is the best of
``--rounds`` rounds, in CPU seconds of this process. Prints a table, then, per page object,
the growth of the cost per link from the smallest page to the largest (1.0 is linear; a
quadratic parse gives about 100 from 1k to 100k)::

    listing_generic_listing_ms_per_link_100000=0.0123
    listing_link_cost_ratio_max=1.31      (the largest ratio of all page objects)

Run from the repository root: ``python bench/listing_pages.py [--sizes 1000,10000,100000]``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textile_news.demo.listings import SITES, Listing, listing


def page_class(page: Listing) -> type[Any]:
    name = "feed" if page.site in ("feed", "sitemap") else page.site
    module = importlib.import_module(f"textile_news.pages.{name}")
    return getattr(module, page.page_class)  # type: ignore[no-any-return]


def reading(page: Listing) -> Callable[[], int]:
    """What a crawl does with the page: the number of entries it found, for a check."""
    cls = page_class(page)

    def read() -> int:
        obj = cls(page.url, page.body)
        entries = obj.entries()
        if hasattr(obj, "next_page_url"):
            obj.next_page_url()
        return len(entries)

    return read


def best(work: Callable[[], int], rounds: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(rounds):
        started = time.process_time()
        found = work()
        times.append(time.process_time() - started)
    return min(times), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="links a page, commas")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many")
    parser.add_argument("--only", nargs="*", choices=SITES, help="these page objects only")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    failed = False
    ratios: dict[str, float] = {}
    figures: list[str] = []
    print(f"{'page object':<22} {'links':>8} {'MB':>6} {'ms/page':>10} {'µs/link':>8}  entries")
    for site in args.only or SITES:
        per_link = {}
        for size in sizes:
            page = listing(site, size)
            # the largest page once: a round of 100,000 links takes seconds
            seconds, found = best(reading(page), args.rounds if size < 100_000 else 1)
            per_link[size] = seconds / size
            mb = len(page.body.encode()) / 1e6
            print(
                f"{site:<22} {size:>8,} {mb:>6.1f} {seconds * 1000:>10.1f}"
                f" {per_link[size] * 1e6:>8.2f}  {found:,}"
            )
            if found < size:  # every generated link is an article the page object must find
                print(f"  {site}: {found} entries of {size} links", file=sys.stderr)
                failed = True
            figures.append(f"listing_{site}_ms_per_link_{size}={per_link[size] * 1000:.4f}")
        ratios[site] = per_link[sizes[-1]] / per_link[sizes[0]]
    print()
    for site, ratio in ratios.items():
        print(f"{site}: cost per link at {sizes[-1]:,} links / at {sizes[0]:,}: {ratio:.2f}")
    for figure in figures:
        print(figure)
    print(f"listing_link_cost_ratio_max={max(ratios.values()):.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
