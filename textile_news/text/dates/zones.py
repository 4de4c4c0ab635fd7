"""The zone rule, and the instant in UTC of a stamp: how a date's moment is read."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=32)
def zone(name: str) -> tzinfo:
    """The tzinfo for an IANA zone name such as ``Asia/Shanghai``."""
    return ZoneInfo(name)


def in_zone(moment: datetime, tz: tzinfo) -> datetime:
    """The zone rule: a date without an offset is wall-clock time in ``tz``.

    ``tz`` is the site's zone for a date a publisher prints, and UTC for the moments the
    crawl itself records (fetch times). A date with an offset keeps the one it gives.
    """
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def instant(value: datetime | str | None, tz: tzinfo | None = None) -> datetime | None:
    """The moment a stamp names: a datetime, or ISO 8601 or RFC 822 text; None for other text.

    A stamp without an offset takes ``tz`` (:func:`in_zone`); with ``tz`` None it stays
    naive, a wall-clock time of no known zone, which callers that compare offsets or
    calendar days need as the page wrote it.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed: datetime | None = value
    else:
        parsed = _read_stamp(value)
    if parsed is None or tz is None:
        return parsed
    return in_zone(parsed, tz)


def _read_stamp(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def utc_stamp(value: str | None) -> str | None:
    """A stored ``published_at`` as its instant in UTC, ``2020-09-09T09:48:00Z``.

    Only a full ISO 8601 stamp with an offset has one, as the archive stores dates that
    passed validation: a date without an offset, or text that is not ISO 8601 (RFC 822
    included), gives None rather than a guess at its zone.
    """
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
