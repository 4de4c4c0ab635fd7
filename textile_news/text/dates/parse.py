"""A date as a site prints it -> the moment it names and how much of it the text states.

A fast path for the forms pages use most, then dateparser. What is read stays as written: a
moment is naive unless the text gives its offset, and its precision says whether the text
gave a time of day, and seconds (``written.written_date`` makes the stored stamp of it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from textile_news.text.dates.months import ENGLISH_MONTH, ENGLISH_MONTHS
from textile_news.text.dates.relative import RELATIVE, relative_date
from textile_news.text.dates.yearless import YEARLESS, resolve
from textile_news.text.dates.zones import instant, zone

# A moment, what its text stated of it ("day", "minute" or "second"), and whether it was
# counted back from the fetch time (a relative date: aware, in the zone it was counted in).
Read = tuple[datetime, str, bool]

_YMD_HMS = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
)
_RFC822 = re.compile(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?P<S>:\d{2})?")
# The time of day in ISO 8601 text ("T09:30", " 09:30:15"): its seconds say the precision.
_ISO_TIME = re.compile(r"\d{4}-?\d{2}-?\d{2}[T ]\d{2}(?::?\d{2}(?P<S>:?\d{2})?)?")
_SECONDS = re.compile(r"\d:\d{2}:\d{2}")
# A short label before the date, as in "发布时间:2020-01-16" or "Updated: 2010-8-3".
LABEL = re.compile(r"^[^\d:：]{1,12}[:：]\s*")
# "23 Jul 2021", "Dec 06, 2019", and the datelines that open English press releases:
# "Brussels, 15 September 2020 –", "NEW YORK CITY — February 3, 2025 —" (shared/SITES.md).
_DAY_MONTH_YEAR = re.compile(
    r"(?:[a-z][a-z .,'’()-]{0,60}?(?:,|\s[—–-]+)\s*)?"
    rf"(?:(?P<d>\d{{1,2}})\s+(?P<m>{ENGLISH_MONTH})\.?,?|(?P<m2>{ENGLISH_MONTH})\.?\s+(?P<d2>\d{{1,2}}),?)"
    r"\s+(?P<y>\d{4})(?:\s*[—–-]+)?",
    re.IGNORECASE,
)
# dateparser's parsers but "relative-time", which counts back from the clock
_ABSOLUTE_PARSERS = ["timestamp", "custom-formats", "absolute-time"]
# relative dates that name a calendar day, not a moment ("yesterday", "3天前")
_DAY_UNITS = frozenset("天日周星")


def read_date(text: str, tz: str | None = None, now: datetime | str | None = None) -> Read | None:
    """The moment a cleaned date text names, as written, and its precision; None if unreadable.

    Known forms (``2020/9/9 23:17:00``, ``2026-09-11 16:38:13``, ``2020年01月08日12:12``,
    ISO 8601, RFC 822, ``23 Jul 2021``, datelines such as ``Brussels, 15 September 2020 –``)
    take a fast path of a few microseconds; so do relative dates (``3 hours ago``, ``昨天
    14:30``, ``刚刚``), which count back from ``now`` in ``tz`` (UTC without one) and come
    back aware, and year-less dates (``10-08 12:00``), in the year of ``now`` unless that
    would be after it (then the year before). Anything else goes to dateparser (1-2 ms a string).

    :param now: the page's fetch time (an aware datetime or ISO 8601 string; without an
        offset, UTC). Without it a relative date is None, and so is a date that lacks its
        day, month or year: this function never reads the clock.
    """
    fast = _fast_iso(text)
    if fast is not None:
        return fast
    text = LABEL.sub("", text)
    if YEARLESS.fullmatch(text):
        return _yearless_read(text, tz, now)
    if not (relative := RELATIVE.fullmatch(text)):
        return _dateparser_read(text, tz, now)
    if now is None:
        return None
    reference = fetch_instant(now)
    try:
        moment = relative_date(relative, zone(tz or "UTC"), reference)
    except (ValueError, OverflowError):  # "昨天 25:99", "99999999 weeks ago"
        return None
    unit = relative["zunit"] or relative["unit"] or ""
    if (relative["day"] and relative["H"] is None) or unit.lstrip("个")[:1] in _DAY_UNITS:
        return moment, "day", True
    if unit.lower().startswith(("day", "week")):
        return moment, "day", True
    if relative["S"] or relative["now"] or unit.lower().startswith(("s", "秒")):
        return moment.replace(microsecond=0), "second", True
    return moment.replace(second=0, microsecond=0), "minute", True


def _yearless_read(text: str, tz: str | None, now: datetime | str | None) -> Read | None:
    # "10-08 12:00": the year is the fetch day's on the site's clock, or the one before
    if now is None:
        return None
    reference = fetch_instant(now).astimezone(zone(tz or "UTC")).replace(tzinfo=None)
    moment = resolve(text, reference)
    if moment is None:
        return None
    return moment, "second" if _SECONDS.search(text) else "minute", False


def fetch_instant(now: datetime | str) -> datetime:
    """A fetch time as an aware datetime: one without an offset is UTC, as the crawl records
    them. Raises ValueError for text that names no instant."""
    moment = instant(now, UTC)
    if moment is None:
        raise ValueError(f"not a fetch time: {now!r}")
    return moment


@lru_cache(maxsize=65536)
def _fast_iso(text: str) -> Read | None:
    # Cached: the dates of related links come round again and again in a crawl.
    return _fast_parse(text)


def _fast_parse(text: str) -> Read | None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        time = _ISO_TIME.match(text)
        return parsed, "day" if not time else "second" if time["S"] else "minute", False
    if rfc := _RFC822.match(text):
        try:
            return parsedate_to_datetime(text), "second" if rfc["S"] else "minute", False
        except ValueError:
            return None
    text = LABEL.sub("", text)
    match = _YMD_HMS.fullmatch(text)
    if not match:
        return _day_month_year(text)
    try:
        parsed = datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"] or 0),
            int(match["M"] or 0),
            int(match["S"] or 0),
        )
    except ValueError:  # 2020/13/45 is not a date at all
        return None
    return parsed, "day" if match["H"] is None else "second" if match["S"] else "minute", False


def _day_month_year(text: str) -> Read | None:
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if not match:
        return None
    month = ENGLISH_MONTHS[(match["m"] or match["m2"]).lower()]
    try:
        return datetime(int(match["y"]), month, int(match["d"] or match["d2"])), "day", False
    except ValueError:  # 31 February
        return None


def _dateparser_read(text: str, tz: str | None, now: datetime | str | None) -> Read | None:
    from dateparser.date import DateDataParser  # deferred: importing it costs ~0.3 s

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if now is None:
        # dateparser takes what a text leaves out ("3 weeks ago", the year of "March 5")
        # from the clock: without a reference instant such a date is not parseable
        settings["PARSERS"] = _ABSOLUTE_PARSERS
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    else:
        # dateparser reads its base as wall-clock time (the zone's, or UTC's)
        base = fetch_instant(now).astimezone(zone(tz or "UTC"))
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
    data = DateDataParser(settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    if data.period != "time":
        return data.date_obj, "day", False
    return data.date_obj, "second" if _SECONDS.search(text) else "minute", False


def _dateparser_parse(text: str, tz: str, now: datetime | str | None = None) -> datetime | None:
    """dateparser's own reading of ``text`` in zone ``tz``, aware (bench/date_parsing.py
    compares the fast path with it)."""
    import dateparser

    settings: dict[str, Any] = {
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
    }
    if now is None:
        settings["PARSERS"] = _ABSOLUTE_PARSERS
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    else:
        # dateparser reads its base as wall-clock time in TIMEZONE
        settings["RELATIVE_BASE"] = fetch_instant(now).astimezone(zone(tz)).replace(tzinfo=None)
    return dateparser.parse(text, settings=settings)
