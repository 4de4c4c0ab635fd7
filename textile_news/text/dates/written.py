"""A normalised ``published_at``: the date as the page wrote it, with what is known of it.

The contract with the archive (issue 15, item 1): a stamp is one of

- ``YYYY-MM-DD``: the page states only a day (precision "day"), never a made-up midnight;
- ``YYYY-MM-DDTHH:MM:SS±HH:MM``: a time with a known offset: the page's own (zone source
  "page"), the site's zone for a naive time ("site"), or a zone inferred from the page
  ("inferred", :mod:`page_zone`); precision "minute" or "second" (the seconds always
  written);
- ``YYYY-MM-DDTHH:MM:SS``: a time in no known zone (zone source None), no invented offset.

A relative date ("3小时前") names an instant counted back from the fetch time: without a
zone it is written in UTC, as the fetch time is (zone source None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from textile_news.text.dates.parse import read_date
from textile_news.text.dates.zones import in_zone, zone
from textile_news.text.normalize import clean_text

ZONE_SOURCES = frozenset({"page", "site", "inferred"})
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?)?")


@dataclass(frozen=True)
class Written:
    """A normalised date: ``value`` (one of the three forms), ``precision`` ("day",
    "minute", "second") and ``zone_source`` ("page", "site", "inferred" or None)."""

    value: str
    precision: str
    zone_source: str | None


def written_date(
    text: str | None,
    tz: str | None = None,
    now: datetime | str | None = None,
    inferred: str | None = None,
    zone_source: str | None = None,
    precision: str | None = None,
) -> Written | None:
    """``text`` as a normalised stamp, or None when it names no date.

    :param tz: the site's zone (a catalogue entry's ``timezone``), for a naive time
    :param now: the fetch time, which relative dates count back from
    :param inferred: a zone inferred from the page, for a naive time on a site without one
    :param zone_source: where the offset of ``text`` came from when something already set
        it (a page object's "inferred", or a stamp normalised before): kept, so that
        normalising twice changes nothing
    :param precision: the precision a stamp normalised before was given ("minute" for
        its ":00" seconds), kept for the same reason
    """
    text = clean_text(text)
    if not text:
        return None
    read = read_date(text, tz or inferred, now)
    if read is None:
        return None
    moment, stated, counted = read
    if precision == "minute" and stated == "second" and moment.second == 0:
        stated = "minute"
    precision = stated
    if precision == "day":
        return Written(moment.date().isoformat(), "day", None)
    moment = moment.replace(microsecond=0)
    if counted:  # its offset is the zone it was counted back in
        source = "site" if tz else "inferred" if inferred else None
        return Written(moment.isoformat(), precision, source)
    if moment.tzinfo is not None:
        known = zone_source if zone_source in ZONE_SOURCES else "page"
        return Written(moment.isoformat(), precision, known)
    for name, source in ((tz, "site"), (inferred, "inferred")):
        if name:
            return Written(in_zone(moment, zone(name)).isoformat(), precision, source)
    return Written(moment.isoformat(), precision, None)


def parse_date(
    text: str | None, tz: str | None = "Asia/Shanghai", now: datetime | str | None = None
) -> str | None:
    """A date as a site prints it, as the stored stamp (:func:`written_date`'s value)."""
    written = written_date(text, tz, now)
    return written.value if written else None


def is_iso_datetime(value: str | None) -> bool:
    """True for a normalised ``published_at``: a day, a naive time or a time with an offset."""
    if not value or not _STAMP.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
