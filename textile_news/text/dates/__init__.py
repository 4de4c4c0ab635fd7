"""The one home of dates: every date string in the project is read here, with one zone rule.

Modules: ``zones`` (the zone rule and the instant a stamp names), ``parse`` (a date as a
site prints it -> the moment it names, as written, and its precision), ``written`` (the
stored stamp: a day, a naive time or a time with its offset; issue 15), ``page_zone`` (the
zone of a page's naive times inferred from its country domain and language), ``relative``
("3 hours ago", "昨天 14:30"), ``months`` (month names as pages print them) and ``find``
(dates in a page's text and URL).
Pure: imports the standard library, ``text.normalize`` (clean_text) and dateparser (only
this package may import dateparser: an import-linter contract in pyproject.toml says so).
"""

from __future__ import annotations

from textile_news.text.dates.find import (
    as_date,
    day_of,
    find_date,
    listed_date,
    local_stamp,
    url_day,
    ymd,
)
from textile_news.text.dates.page_zone import page_zone
from textile_news.text.dates.written import Written, is_iso_datetime, parse_date, written_date
from textile_news.text.dates.zones import in_zone, instant, utc_stamp, zone

__all__ = [
    "Written",
    "as_date",
    "day_of",
    "find_date",
    "in_zone",
    "instant",
    "is_iso_datetime",
    "listed_date",
    "local_stamp",
    "page_zone",
    "parse_date",
    "url_day",
    "utc_stamp",
    "written_date",
    "ymd",
    "zone",
]
