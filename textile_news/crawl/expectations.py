"""How often a site publishes, and whether its silence is unusual (issue 17, item 2). Pure.

The rule: a run that found nothing new gets a finding when the archive has taken no new
article of the site for more than ``factor`` (3) times its usual gap. The gap is the site's
``publishes_every`` in the catalogue, else the median gap between its consecutive
publication days in the archive (its newest 20), learnt once it has ``min_days`` (5) of
them; before that there is no expectation, and no finding. A weekly trade association is
quiet for three weeks before monitoring speaks; an hourly cron of it stays silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from statistics import median


@dataclass(frozen=True)
class Expectation:
    """A site's usual gap between new articles, and where it comes from (for the message)."""

    gap: timedelta
    source: str  # "publishes_every in its catalogue entry", "its last 20 publication days"


def expectation(
    publishes_every: timedelta | None, days: Sequence[str], min_days: int = 5
) -> Expectation | None:
    """The site's expected gap: the catalogue's, else learnt from its publication ``days``
    (``YYYY-MM-DD``, any order), or None while it has fewer than ``min_days`` of them."""
    if publishes_every:
        return Expectation(publishes_every, "publishes_every in its catalogue entry")
    dates = sorted({d for d in map(_date, days) if d is not None})
    if len(dates) < max(2, min_days):
        return None
    gaps = [(later - earlier).days for earlier, later in pairwise(dates)]
    return Expectation(timedelta(days=median(gaps)), f"its last {len(dates)} publication days")


def silence(
    site: str, last_new: datetime, now: datetime, expected: Expectation, factor: float
) -> dict[str, str] | None:
    """The ``zero_new`` finding when nothing new arrived for more than ``factor`` times the
    expected gap since ``last_new`` (when the archive took the site's newest article)."""
    limit = expected.gap * factor
    if now - last_new <= limit:
        return None
    # a day is precise enough for a limit of days; one of hours needs the time too
    since = (
        f"{last_new:%Y-%m-%d}" if limit >= timedelta(days=2) else f"{last_new:%Y-%m-%d %H:%M %Z}"
    )
    return {
        "check": "zero_new",
        "message": (
            f"{site}: no new article since {since} (usual gap {duration(expected.gap)}, from "
            f"{expected.source}; {factor:g}× is {duration(limit)})"
        ),
    }


def duration(span: timedelta) -> str:
    """``7 days``, ``1 day``, ``36 hours``, ``30 minutes``: whole units, the largest that fits."""
    seconds = round(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} seconds"


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
