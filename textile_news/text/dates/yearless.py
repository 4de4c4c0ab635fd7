"""Dates printed without their year: ``10-08 12:00``, ``10月8日 12:00`` (issue 15).

Chinese portals print the day of this year's articles without the year. The page may name
the year elsewhere (another full date of that day, its URL); failing that the item processor
takes it from the fetch time, never in the future: a month and day after the fetch day are
last year's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

# A time of day is required: "10-08" alone is as often a score, a range or a part number.
YEARLESS = re.compile(
    r"(?<![\d./-])(?P<m>\d{1,2})(?:-|/|\s*月\s*)(?P<d>\d{1,2})(?:\s*日)?(?![\d./-])"
    r"\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?!\d)"
)


def yearless_text(text: str) -> str | None:
    """The first year-less date with a time in ``text``, written ``MM-DD HH:MM[:SS]``."""
    match = YEARLESS.search(text)
    if not match or not _valid(match, 2000):
        return None
    return _written(match)


def with_year(text: str, year: int) -> str | None:
    """A :func:`yearless_text` stamp in ``year``, as ISO 8601 (``2019-10-08T12:00``)."""
    match = YEARLESS.fullmatch(text)
    if not match or not _valid(match, year):
        return None
    seconds = f":{match['S']}" if match["S"] else ""
    return f"{year:04d}-{int(match['m']):02d}-{int(match['d']):02d}T{_hm(match)}{seconds}"


def page_year(text: str, days: Iterable[str | None]) -> int | None:
    """The year a page gives a year-less date: that of another date of the same month and
    day on it, else that of the first full date (``YYYY-MM-DD...``, its URL's first)."""
    match = YEARLESS.fullmatch(text)
    if not match:
        return None
    known = [day for day in days if day and len(day) >= 10 and day[:4].isdigit()]
    same = f"-{int(match['m']):02d}-{int(match['d']):02d}"
    for day in known:
        if day[4:10] == same:
            return int(day[:4])
    return int(known[0][:4]) if known else None


def resolve(text: str, now: datetime) -> datetime | None:
    """The naive moment a year-less ``text`` names, in the year of ``now`` (wall-clock time
    where the page was read) or the year before when that would be after ``now``."""
    match = YEARLESS.fullmatch(text)
    if not match:
        return None
    for year in (now.year, now.year - 1):
        if not _valid(match, year):
            continue
        moment = datetime(
            year,
            int(match["m"]),
            int(match["d"]),
            int(match["H"]),
            int(match["M"]),
            int(match["S"] or 0),
        )
        if moment.date() <= now.date():
            return moment
    return None


def _valid(match: re.Match[str], year: int) -> bool:
    try:
        datetime(year, int(match["m"]), int(match["d"]), int(match["H"]), int(match["M"]))
    except ValueError:
        return False
    return not match["S"] or int(match["S"]) < 60


def _hm(match: re.Match[str]) -> str:
    return f"{int(match['H']):02d}:{match['M']}"


def _written(match: re.Match[str]) -> str:
    seconds = f":{match['S']}" if match["S"] else ""
    return f"{int(match['m']):02d}-{int(match['d']):02d} {_hm(match)}{seconds}"
