"""Extraction time per page: each site's profile, generic extraction and trafilatura alone.

Over the project's own page fixtures (``tests/fixtures/pages/<site>/<case>/page.html``, with
the URL and page class from its ``meta.json``), in one run and on the same pages:

- **profile**: the site's article page object, built from the page's text and ``to_item()``
  (what a crawl of that site does with a fetched article);
- **generic**: ``textile_news.pages.generic.ArticlePage(url, text).to_item()``, the
  extraction of a page from an unknown site (and the only one for ``generic``'s own cases);
- **trafilatura**: ``trafilatura.extract(text)``, standard settings, comments off.

All three get the page as a crawl has it, decoded (``response.text``); the decoding is not
timed. In each of ``--rounds`` rounds, each extractor runs over all the pages in turn, as a
crawl runs one page after another (run between calls of trafilatura, which leaves little of a
small page's work in the CPU caches, a profile takes up to twice as long); the extractors'
order alternates from round to round. Each call starts with trafilatura's text caches empty
(bench/devset_extraction.py says why). Times are CPU time of this process, which other
processes on a busy machine do not inflate. Prints a table per site, ratios first, then::

    site_profile_median_ms=0.42      (median of every profile call, all sites)
    site_profile_slowest_ms=0.61     (the slowest site's median)
    generic_vs_trafilatura=0.93      (median generic time over median trafilatura time)

The targets: a site profile under 1 ms a page; generic no slower than trafilatura.

Run from the repository root: ``python bench/page_timing.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura
from w3lib.encoding import html_to_unicode

from bench.devset_extraction import timed
from textile_news.pages import generic

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"
GENERIC = "generic"


@dataclass
class Case:
    site: str
    name: str
    url: str
    text: str
    page_class: type[Any]
    hints: dict[str, Any] | None


def article_cases() -> list[Case]:
    """Every fixture whose page is an article page (listings have no ``to_item``)."""
    cases = []
    for meta_file in sorted(FIXTURES.glob("*/*/meta.json")):
        meta = json.loads(meta_file.read_text())
        folder = meta_file.parent
        site = folder.parent.name
        page_class = getattr(importlib.import_module(f"textile_news.pages.{site}"), meta["page"])
        if not hasattr(page_class, "to_item"):
            continue
        _, text = html_to_unicode(None, (folder / "page.html").read_bytes())
        cases.append(Case(site, folder.name, meta["url"], text, page_class, meta.get("hints")))
    return cases


def extractors(case: Case) -> dict[str, Callable[[], Any]]:
    calls = {
        "generic": lambda: generic.ArticlePage(case.url, case.text, case.hints).to_item(),
        "trafilatura": lambda: trafilatura.extract(case.text, include_comments=False),
    }
    if case.site != GENERIC:
        calls["profile"] = lambda: case.page_class(case.url, case.text, case.hints).to_item()
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="times each page runs")
    args = parser.parse_args()
    cases = article_cases()
    cpu: dict[tuple[str, str], list[float]] = {}
    names = ["profile", "generic", "trafilatura"]
    for round_ in range(args.rounds):
        for name in names if round_ % 2 else reversed(names):
            for case in cases:
                if call := extractors(case).get(name):
                    _, seconds, _ = timed(call)
                    cpu.setdefault((case.site, name), []).append(seconds)

    def ms(site: str | None, name: str) -> float:
        """Median ms of ``name`` on ``site``'s pages, or on all pages."""
        if site is None:
            samples = [s for (_, what), v in cpu.items() if what == name for s in v]
        else:
            samples = cpu.get((site, name), [])
        return 1000 * statistics.median(samples) if samples else float("nan")

    sites = sorted({case.site for case in cases}, key=lambda s: (s == GENERIC, s))
    count = {site: sum(case.site == site for case in cases) for site in sites}
    print(f"{len(cases)} article pages, {args.rounds} rounds; median CPU ms per page")
    print(
        f"{'site':<26} {'pages':>5} {'profile/traf':>12} {'generic/traf':>12}"
        f" {'profile ms':>10} {'generic ms':>10} {'traf ms':>8}"
    )
    for site in sites:
        profile, gen, traf = ms(site, "profile"), ms(site, "generic"), ms(site, "trafilatura")
        print(
            f"{site:<26} {count[site]:>5} {profile / traf:>12.2f} {gen / traf:>12.2f}"
            f" {profile:>10.2f} {gen:>10.2f} {traf:>8.2f}"
        )
    slowest = max((s for s in sites if s != GENERIC), key=lambda s: ms(s, "profile"))
    print(f"site_profile_median_ms={ms(None, 'profile'):.2f}")
    print(f"site_profile_slowest_ms={ms(slowest, 'profile'):.2f} ({slowest})")
    print(f"generic_vs_trafilatura={ms(None, 'generic') / ms(None, 'trafilatura'):.2f}")


if __name__ == "__main__":
    main()
