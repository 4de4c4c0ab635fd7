"""The dates an analyst types for --since and --until, made the text that compares with
``published_at`` (issue 16, item 2).

Accepted: a year (``2020``), a month (``2020-09``, ``2020-9``), a day (``2020-09-01``,
``2020-9-1``), a time (``2020-09-01T10:00``, ``2020-09-01 10:00:05+08:00``; without an
offset it is UTC) and a span back from today's UTC date (``7d``, ``2w``, ``3m``, ``1y``).

A date becomes a day, ``YYYY-MM-DD``: the first day of a year or month for --since, the
last for --until (which includes that whole day). A time becomes a UTC instant,
``YYYY-MM-DDTHH:MM:SSZ``, compared with the archive's order of articles
(:mod:`textile_news.archive.published`).

Pure: no I/O; the clock is a parameter.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta

FORMS = "2020, 2020-09, 2020-9-1, 2020-09-01, 2020-09-01T10:00[+08:00], 7d, 2w, 3m, 1y"

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RELATIVE = re.compile(r"(\d{1,5})([dwmy])")


class BadDate(ValueError):
    """Not a date of :data:`FORMS`; the message names the accepted forms."""


def bound(value: str, *, end: bool, today: date | None = None) -> str:
    """The normalised bound for ``value``: a day ``YYYY-MM-DD`` or a UTC instant.

    :param end: for --until: a year or month gives its last day
    :param today: the UTC date relative spans count back from (default: now)
    :raises BadDate: ``value`` is none of the accepted forms, or no real date
    """
    text = value.strip()
    try:
        if match := _DATE.fullmatch(text):
            return _day(match, end=end).isoformat()
        if match := _RELATIVE.fullmatch(text.lower()):
            return _back(int(match[1]), match[2], today or datetime.now(UTC).date()).isoformat()
        return _instant(text)
    except (ValueError, OverflowError):
        pass
    raise BadDate(f"{value!r} is not a date; use one of: {FORMS}")


def _day(match: re.Match[str], *, end: bool) -> date:
    year = int(match[1])
    if match[3] is not None:
        return date(year, int(match[2]), int(match[3]))
    if match[2] is not None:
        month = int(match[2])
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


def _back(n: int, unit: str, today: date) -> date:
    if unit == "d":
        return today - timedelta(days=n)
    if unit == "w":
        return today - timedelta(weeks=n)
    months = today.year * 12 + today.month - 1 - (n * 12 if unit == "y" else n)
    year, month = divmod(months, 12)
    # 31 March less one month is the last day of February
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _instant(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
        raise ValueError(text)
    when = datetime.fromisoformat(text.replace("z", "Z"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_instant(bound: str) -> bool:
    """Whether a normalised bound is an instant (not a day)."""
    return "T" in bound
