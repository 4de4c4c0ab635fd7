"""The last resort for a page's date: htmldate's extensive search (issue 15, item 2).

Run only when nothing else on the page gave a date: it costs milliseconds a page. It reads
the first publication date (``original_date``), from 1990 to 2089 as ``find.ymd`` does, and
keeps a time of day only when htmldate found one (it writes a day it found as midnight),
and a 1 January only when the page names that day (it dates a year alone so).
Only this module imports htmldate (an import-linter contract in pyproject.toml).
"""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import datetime
from typing import Any

import htmldate
from lxml import etree

_MIN = datetime(1990, 1, 1)
_MAX = datetime(2089, 12, 31)
_FORMAT = "%Y-%m-%dT%H:%M:%S"


def extensive_date(page: Any, url: str | None = None) -> str | None:
    """The date htmldate's extensive search finds in ``page`` (an lxml tree, left as it is,
    or HTML), ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``."""
    if isinstance(page, etree._Element):
        # a link's address dates the page it points to, which htmldate's search of the
        # markup would take for this one's (a sidebar's "most read" story)
        page = deepcopy(page)
        for link in page.iter("a"):
            link.attrib.pop("href", None)
    try:
        found = htmldate.find_date(
            page,
            extensive_search=True,
            original_date=True,
            outputformat=_FORMAT,
            url=url,
            min_date=_MIN,
            max_date=_MAX,
        )
    except ValueError:  # a page lxml cannot serialise again
        return None
    if not found:
        return None
    if found[4:] == "-01-01T00:00:00" and not _names_new_year(page, found[:4]):
        return None  # a year alone ("since 1998", "© 2024"), which htmldate dates 1 January
    # htmldate writes a day alone as its midnight: a midnight is a day, not a time
    return found[:10] if found.endswith("T00:00:00") else found


def _names_new_year(page: Any, year: str) -> bool:
    text = " ".join(page.itertext()) if isinstance(page, etree._Element) else str(page)
    pattern = rf"{year}\D{{1,3}}0?1\D{{1,3}}0?1(?!\d)|(?<!\d)0?1\D0?1\D{year}|\bjan"
    return re.search(pattern, text, re.IGNORECASE) is not None
