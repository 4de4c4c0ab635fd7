"""Finding dates in a page: in its text, in its markup's values and in its URL.

Dates as pages print them: 2024-03-05 and 2024/3/5 (year first), 5.3.2024 and 05-03-2024
(day first, as wherever dots and dashes are used that way), 5/3/2024 (day first unless that
cannot be), 5 March 2024, 21. April 2020, 4 de mayo de 2022, March 5, 2024 and the Chinese
2005年3月11日; each with an optional time of day (``2005年3月11日12:12``, ``2005-3-11 12:12``).
A time without seconds stays to the minute (``T12:12``, issue 15), so that its precision is
the page's, not an invented ``:00``. What is found stays as the page gives it (ISO 8601
without an offset unless the page wrote one): :func:`parse.parse_date` applies the site's
zone later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from textile_news.text.dates.months import MONTH_NUMBERS
from textile_news.text.dates.zones import instant

# Each date has a year of four digits: the search finds the years, then reads the date
# around each, since one pattern for all the forms, tried at every character of a page's
# text, costs milliseconds.
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_AFTER_YEAR = re.compile(
    r"(?:[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
    r"|\s*年\s*(?P<zm>\d{1,2})\s*月\s*(?P<zd>\d{1,2})(?:\s*日|(?!\d)))"
)
_BEFORE_YEAR = re.compile(
    r"(?:(?<!\d)(?P<d>\d{1,2})(?P<sep>[-./])\s?(?P<m>\d{1,2})(?P=sep)\s?"
    r"|(?<!\d)(?P<d2>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+|of\s+)?(?P<mn>[^\W\d_]{3,})"
    r"\.?,?\s+(?:de\s+)?"
    r"|(?<![^\W\d_])(?P<mn2>[^\W\d_]{3,})\.?\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,?\s+)\Z"
)
_LOOK_BACK = 40  # characters before a year that its day and month can take
# A time of day right after a date: "2024-03-05 09:30", "05.03.2024, 9:30 Uhr", "- 16:40".
_TIME_AFTER = re.compile(
    r"(?:T|,?\s*(?:um|at|à|a las|alle|om|o|[-–|@])?\s*)(?P<H>\d{1,2})[:：](?P<M>\d{2})"
    r"(?:[:：](?P<S>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# /2024/03/05/slug, /2024-3-5-slug, and day first: /news/05-03-2024.
_URL_DATE = re.compile(
    r"/(?:(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})-(?P<m2>\d{1,2})-(?P<y2>(?:19|20)\d{2}))(?:[/.-]|\b)"
)
# A date next to a link in a listing: 2024-03-05, 2024/3/5, 2024年3月5日, 5 March 2024,
# March 5, 2024; stricter than find_date, as a listing's text holds numbers of every kind.
_LISTING_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_LISTED_DATE = re.compile(
    r"(?<!\d)(\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日"
    rf"|\d{{1,2}} {_LISTING_MONTH},? \d{{4}}|{_LISTING_MONTH} \d{{1,2}}, \d{{4}})(?!\d)",
    re.IGNORECASE,
)
# Publication dates of web pages: from the 1990s on; 2099-12-31 and the like are placeholders.
_YEARS = range(1990, 2090)
_SAME_INSTANT = 60  # seconds between two stamps of one moment (rounding, a lost fraction)


def ymd(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or None for a day that does not exist or cannot be a publication's."""
    if year not in _YEARS:
        return None
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def url_day(url: str) -> str | None:
    """The day a URL's path files its page under (``/2024/03/05/slug`` -> ``2024-03-05``)."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, month, day = (
        (match["y"], match["m"], match["d"])
        if match["y"]
        else (match["y2"], match["m2"], match["d2"])
    )
    return ymd(int(year), int(month), int(day))


def day_of(value: str) -> str | None:
    """The calendar day a date value names, in the offset it is written in."""
    if match := _ISO_DAY.match(value):
        return match[0]
    moment = instant(value)
    return moment.date().isoformat() if moment else None


def as_date(value: str | None, markup: bool = False) -> str | None:
    """A date as a page gives it, in a form ``parse_date`` reads without dateparser.

    ISO 8601 and RFC 822 stay as they are; anything else is read as a page prints dates
    (:func:`find_date`). None unless it names a whole day: a year or a month alone is none.

    :param markup: the value is a meta tag's or JSON-LD's, where 11/01/2023 is month first
    """
    value = " ".join((value or "").split())
    if not value:
        return None
    moment = instant(value)
    if moment is not None:
        return value if moment.year in _YEARS else None
    return find_date(value, month_first=markup)


def find_date(text: str, month_first: bool = False) -> str | None:
    """The first date in ``text`` as ISO 8601 (with its time of day if one follows), or None.

    :param month_first: read 11/01/2023 as November 1, as machines write dates (the en-US
        format); pages print it day first in most languages. 5.3.2024 is always day first.
    """
    for year_match in _YEAR.finditer(text):
        start, end = year_match.span()
        if start and text[start - 1].isdigit():
            continue
        year = int(year_match[0])
        if (after := _AFTER_YEAR.match(text, end)) and (
            day := ymd(year, int(after["m"] or after["zm"]), int(after["d"] or after["zd"]))
        ):
            return day + _time_after(text, after.end())
        before = _BEFORE_YEAR.search(text, max(0, start - _LOOK_BACK), start)
        if before is None:
            continue
        if before["d"]:
            first, second = int(before["d"]), int(before["m"])
            swap = second > 12 >= first or (
                month_first and before["sep"] == "/" and first <= 12 >= second
            )
            day = ymd(year, *((first, second) if swap else (second, first)))
        else:
            month = MONTH_NUMBERS.get((before["mn"] or before["mn2"]).lower(), 0)
            day = ymd(year, month, int(before["d2"] or before["d3"])) if month else None
        if day:
            return day + _time_after(text, end)
    return None


def listed_date(text: str) -> str | None:
    """The first date in a listing's text beside a link, as printed (``2024年3月5日``), or None."""
    match = _LISTED_DATE.search(text)
    return match[1] if match else None


def _time_after(text: str, end: int) -> str:
    """``THH:MM[:SS]`` (and the offset written with it) when a time of day follows a date:
    the seconds only when the page gives them."""
    match = _TIME_AFTER.match(text, end)
    if not match:
        return ""
    hour, minute = int(match["H"]), int(match["M"])
    if match["ampm"] and hour <= 12:
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return ""
    seconds = f":{min(int(match['S']), 59):02d}" if match["S"] else ""
    return f"T{hour:02d}:{minute:02d}{seconds}{match['tz'] or ''}"


def local_stamp(
    chosen: tuple[str, str], others: Iterable[tuple[str | None, str]]
) -> tuple[str, str]:
    """``chosen``, or the same moment as another stamp writes it in a local offset.

    A stamp in UTC names the moment but not the publisher's day: 22:04Z is already the next
    day in Vienna, as the page's own ``+02:00`` stamp of that moment says. A stamp without
    an offset is in no known zone here (``instant`` without a zone), so it is kept as is.
    """
    moment = instant(chosen[0])
    if moment is None or moment.utcoffset() != timedelta(0):
        return chosen
    for value, where in others:
        other = instant(" ".join((value or "").split()))
        if (
            other is not None
            and other.utcoffset()
            and abs((other - moment).total_seconds()) <= _SAME_INSTANT
        ):
            return " ".join((value or "").split()), where
    return chosen
