"""A date as a site prints it -> ISO 8601 with its UTC offset (a fast path, then dateparser)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from textile_news.text.dates.months import ENGLISH_MONTH, ENGLISH_MONTHS
from textile_news.text.dates.relative import RELATIVE, relative_date
from textile_news.text.dates.zones import in_zone, instant, zone
from textile_news.text.normalize import clean_text

_YMD_HMS = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_RFC822 = re.compile(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}")
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


def parse_date(
    text: str | None, tz: str = "Asia/Shanghai", now: datetime | str | None = None
) -> str | None:
    """Parse a date as a site prints it into ISO 8601 with the UTC offset.

    A date without a zone is local time of the site (``tz``; :func:`zones.in_zone`). Known
    forms (``2020/9/9 23:17:00``, ``2026-09-11 16:38:13``, ``2020年01月08日``, ISO 8601, RFC
    822, ``23 Jul 2021``, datelines such as ``Brussels, 15 September 2020 –``) take a fast
    path of a few microseconds; so do relative dates (``3 hours ago``, ``昨天 14:30``,
    ``刚刚``). Anything else goes to dateparser, which costs 1-2 ms a string. Returns None
    when neither understands the text.

    :param now: the moment relative dates count back from: the page's fetch time (an
        aware datetime or ISO 8601 string; without an offset, UTC). Without it a relative
        date is None, and so is a date that lacks its day, month or year: this function
        never reads the clock.
    """
    text = clean_text(text)
    if not text:
        return None
    fast = _fast_iso(text, tz)
    if fast is not None:
        return fast
    text = LABEL.sub("", text)
    if not (relative := RELATIVE.fullmatch(text)):
        parsed = _dateparser_parse(text, tz, now)
        return parsed.isoformat() if parsed else None
    if now is None:
        return None
    reference = fetch_instant(now)
    try:
        return relative_date(relative, zone(tz), reference).isoformat()
    except (ValueError, OverflowError):  # "昨天 25:99", "99999999 weeks ago"
        return None


def fetch_instant(now: datetime | str) -> datetime:
    """A fetch time as an aware datetime: one without an offset is UTC, as the crawl records
    them. Raises ValueError for text that names no instant."""
    moment = instant(now, UTC)
    if moment is None:
        raise ValueError(f"not a fetch time: {now!r}")
    return moment


@lru_cache(maxsize=65536)
def _fast_iso(text: str, tz: str) -> str | None:
    # Cached: the dates of related links come round again and again in a crawl.
    parsed = _fast_parse(text, zone(tz))
    return parsed.isoformat() if parsed else None


def _fast_parse(text: str, tz: tzinfo) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        if _RFC822.match(text):
            try:
                return parsedate_to_datetime(text)
            except ValueError:
                return None
        text = LABEL.sub("", text)
        match = _YMD_HMS.fullmatch(text)
        if not match:
            return _day_month_year(text, tz)
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
    return in_zone(parsed, tz)


def _day_month_year(text: str, tz: tzinfo) -> datetime | None:
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if not match:
        return None
    month = ENGLISH_MONTHS[(match["m"] or match["m2"]).lower()]
    try:
        return datetime(int(match["y"]), month, int(match["d"] or match["d2"]), tzinfo=tz)
    except ValueError:  # 31 February
        return None


def _dateparser_parse(text: str, tz: str, now: datetime | str | None = None) -> datetime | None:
    import dateparser  # deferred: importing it costs ~0.3 s, and most dates never need it

    settings: dict[str, Any] = {
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
    }
    if now is None:
        # dateparser takes what a text leaves out ("3 weeks ago", the year of "March 5")
        # from the clock: without a reference instant such a date is not parseable
        settings["PARSERS"] = _ABSOLUTE_PARSERS
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    else:
        # dateparser reads its base as wall-clock time in TIMEZONE
        settings["RELATIVE_BASE"] = fetch_instant(now).astimezone(zone(tz)).replace(tzinfo=None)
    return dateparser.parse(text, settings=settings)


def is_iso_datetime(value: str | None) -> bool:
    """True for a full ISO 8601 timestamp with a UTC offset, as ``parse_date`` returns."""
    if not value:
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
