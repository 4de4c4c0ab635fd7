"""End-of-run checks per site: the signs that a site changed or a crawl went wrong. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textile_news.crawl.expectations import Expectation, silence


@dataclass(frozen=True)
class Thresholds:
    # nothing new for more than this many times the site's usual gap: a finding
    # (textile_news/crawl/expectations.py); the gap is learnt once there are this many
    # publication days in the archive
    silence_factor: float = 3.0
    min_publication_days: int = 5
    max_empty_field_pct: float = 20.0  # of article pages, per monitored field
    max_error_pct: float = 10.0  # failed fetches among all fetches
    min_pages: int = 5  # fewer article pages than this: no field check
    max_listing_links: int = 5000  # a listing with more had only this many followed


def findings(
    site: str,
    summary: Mapping[str, Any],
    field_counts: Mapping[str, int],
    article_pages: int,
    thresholds: Thresholds,
    empty_selectors: Sequence[tuple[str, str, int]] = (),
    selector_pages: int = 0,
    *,
    expected: Expectation | None = None,
    last_new: datetime | None = None,
    now: datetime | None = None,
) -> list[dict[str, str]]:
    """What looks wrong with this run of ``site``.

    :param summary: the run's figures: ``new``, ``errors``, ``fetches`` (responses
        received plus requests that got none) and ``listings_capped`` (listing pages with
        more article links than ``thresholds.max_listing_links``)
    :param field_counts: per monitored field, the article pages where it was empty
    :param article_pages: article pages extracted in this run
    :param empty_selectors: ``(field, CSS, pages)`` of each selector of the site's entry
        that matched nothing on ``pages`` of the ``selector_pages`` article pages it was
        tried on (generic extraction filled the field in)
    :param expected: how often the site publishes (None: not known yet, no silence check)
    :param last_new: when the archive took the site's newest article
    :param now: the time of the check
    """
    found = []
    quiet = None
    if not summary.get("new", 0) and expected and last_new and now:
        quiet = silence(site, last_new, now, expected, thresholds.silence_factor)
    if quiet:
        found.append(quiet)
    if article_pages >= thresholds.min_pages:
        for field, empty in sorted(field_counts.items()):
            pct = 100.0 * empty / article_pages
            if pct > thresholds.max_empty_field_pct:
                found.append(
                    {
                        "check": "empty_field",
                        "message": (
                            f"{site}: {field} empty on {pct:.0f}% of {article_pages} article "
                            f"pages (limit {thresholds.max_empty_field_pct:g}%): "
                            "has the markup changed?"
                        ),
                    }
                )
    for field, css, empty in empty_selectors:
        if empty:  # however few: a selector of one's own that misses is a fault in it
            found.append(
                {
                    "check": "empty_selector",
                    "message": (
                        f"{site}: selector {field} = {css!r} matched nothing on {empty} of "
                        f"{selector_pages} article pages (generic extraction filled it in)"
                    ),
                }
            )
    fetches = summary.get("fetches", 0)
    if fetches:
        pct = 100.0 * summary.get("errors", 0) / fetches
        if pct > thresholds.max_error_pct:
            found.append(
                {
                    "check": "error_rate",
                    "message": (
                        f"{site}: {pct:.0f}% of {fetches} fetches failed "
                        f"(limit {thresholds.max_error_pct:g}%)"
                    ),
                }
            )
    if capped := summary.get("listings_capped", 0):
        found.append(
            {
                "check": "listing_cap",
                "message": (
                    f"{site}: {capped} listing page(s) linked more than "
                    f"{thresholds.max_listing_links} articles; only the first "
                    f"{thresholds.max_listing_links} of each were followed "
                    "(TEXTILE_NEWS_MAX_LISTING_LINKS)"
                ),
            }
        )
    return found
