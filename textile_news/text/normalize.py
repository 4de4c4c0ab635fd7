"""Pure normalisation helpers: text, paragraphs, dates (URLs: ``text.urls``). No I/O, no clock."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo


def clean_text(text: str | None) -> str | None:
    """NFC-normalise, collapse runs of whitespace (NBSP and ideographic space included), strip.

    Returns None for None or for text that is only whitespace.
    """
    if text is None:
        return None
    # str.split() splits on exactly what the regex \s matches (str.isspace), in C
    return " ".join(unicodedata.normalize("NFC", text).split()) or None


def clean_paragraphs(paragraphs: Iterable[str | None]) -> str | None:
    """Join paragraphs with exactly one blank line, each paragraph's whitespace collapsed."""
    kept = [p for p in map(clean_text, paragraphs) if p]
    return "\n\n".join(kept) or None


def clean_body(body: str | None) -> str | None:
    """Re-flow a body whose paragraphs are separated by blank lines."""
    if body is None:
        return None
    return clean_paragraphs(re.split(r"\n\s*\n", body))


# --- dates -----------------------------------------------------------------

_YMD_HMS = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_RFC822 = re.compile(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}")
# A short label before the date, as in "发布时间:2020-01-16" or "Updated: 2010-8-3".
_LABEL = re.compile(r"^[^\d:：]{1,12}[:：]\s*")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# "23 Jul 2021", "Dec 06, 2019", and the datelines that open English press releases:
# "Brussels, 15 September 2020 –", "NEW YORK CITY — February 3, 2025 —" (shared/SITES.md).
_DAY_MONTH_YEAR = re.compile(
    r"(?:[a-z][a-z .,'’()-]{0,60}?(?:,|\s[—–-]+)\s*)?"
    rf"(?:(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\.?,?|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}}),?)"
    r"\s+(?P<y>\d{4})(?:\s*[—–-]+)?",
    re.IGNORECASE,
)
# "3 hours ago", "yesterday 14:30", "3小时前", "昨天", "刚刚": a distance back from the moment
# the page was fetched.
_RELATIVE = re.compile(
    r"(?P<now>just now|刚刚|刚才)"
    r"|(?P<n>\d+|an?|one)\s*(?P<unit>sec|second|min|minute|hr|hour|day|week)s?\s+ago"
    r"|(?P<zn>\d+)\s*(?P<zunit>秒钟?|分钟?|个?小时|天|日|周|个?星期)前"
    r"|(?P<day>today|yesterday|the day before yesterday|今天|昨天|前天)"
    r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?",
    re.IGNORECASE,
)
_UNITS = {
    **dict.fromkeys(("s", "秒"), "seconds"),
    **dict.fromkeys(("m", "分"), "minutes"),
    **dict.fromkeys(("h", "小"), "hours"),
    **dict.fromkeys(("d", "天", "日"), "days"),
    **dict.fromkeys(("w", "周", "星"), "weeks"),
}
_DAYS_BACK = {
    **dict.fromkeys(("today", "今天"), 0),
    **dict.fromkeys(("yesterday", "昨天"), 1),
    **dict.fromkeys(("the day before yesterday", "前天"), 2),
}
# dateparser's parsers but "relative-time", which counts back from the clock
_ABSOLUTE_PARSERS = ["timestamp", "custom-formats", "absolute-time"]


@lru_cache(maxsize=32)
def zone(name: str) -> tzinfo:
    """The tzinfo for an IANA zone name such as ``Asia/Shanghai``."""
    return ZoneInfo(name)


def parse_date(
    text: str | None, tz: str = "Asia/Shanghai", now: datetime | str | None = None
) -> str | None:
    """Parse a date as a site prints it into ISO 8601 with the UTC offset.

    A date without a zone is local time of the site (``tz``). Known forms
    (``2020/9/9 23:17:00``, ``2026-09-11 16:38:13``, ``2020年01月08日``, ISO 8601, RFC 822,
    ``23 Jul 2021``, datelines such as ``Brussels, 15 September 2020 –``) take a fast path
    of a few microseconds; so do relative dates (``3 hours ago``, ``昨天 14:30``, ``刚刚``).
    Anything else goes to dateparser, which costs 1-2 ms a string. Returns None when
    neither understands the text.

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
    text = _LABEL.sub("", text)
    if not (relative := _RELATIVE.fullmatch(text)):
        parsed = _dateparser_parse(text, tz, now)
        return parsed.isoformat() if parsed else None
    if now is None:
        return None
    reference = _instant(now)
    try:
        return _relative(relative, zone(tz), reference).isoformat()
    except (ValueError, OverflowError):  # "昨天 25:99", "99999999 weeks ago"
        return None


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
        text = _LABEL.sub("", text)
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
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _day_month_year(text: str, tz: tzinfo) -> datetime | None:
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if not match:
        return None
    month = _MONTHS.index((match["m"] or match["m2"])[:3].lower()) + 1
    try:
        return datetime(int(match["y"]), month, int(match["d"] or match["d2"]), tzinfo=tz)
    except ValueError:  # 31 February
        return None


def _instant(moment: datetime | str) -> datetime:
    """``moment`` as an aware datetime; one without an offset is UTC, as fetch times are."""
    parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _relative(match: re.Match[str], tz: tzinfo, now: datetime) -> datetime:
    local = now.astimezone(tz)
    if match["now"]:
        return local
    if day := match["day"]:
        # "yesterday" is a calendar day on the site's clock, which a DST change makes 23 or
        # 25 hours long; aware arithmetic in one zone is on the wall clock
        moment = local - timedelta(days=_DAYS_BACK[day.lower()])
        if match["H"] is None:
            return moment
        return moment.replace(
            hour=int(match["H"]), minute=int(match["M"]), second=int(match["S"] or 0)
        )
    count, name = (match["n"], match["unit"]) if match["n"] else (match["zn"], match["zunit"])
    unit = _UNITS[name.lower().lstrip("个")[0]]
    back = timedelta(**{unit: int(count) if count.isdigit() else 1})
    if unit in ("days", "weeks"):
        return local - back  # calendar days, as for "yesterday"
    # hours are hours elapsed, whatever the wall clock did meanwhile
    return (now - back).astimezone(tz)


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
        settings["RELATIVE_BASE"] = _instant(now).astimezone(zone(tz)).replace(tzinfo=None)
    return dateparser.parse(text, settings=settings)


def is_iso_datetime(value: str | None) -> bool:
    """True for a full ISO 8601 timestamp with a UTC offset, as ``parse_date`` returns."""
    if not value:
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
