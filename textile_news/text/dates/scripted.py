"""Publication dates in inline scripts' variables: ``var pubtime = "2019-09-07 19:02:26"``.

Many Chinese portals render the article from a script's data and keep its time there
(``pubtime``, ``publishTime``, ``newsTime``, ``publish_time``, ``"pubDate"``; issue 15).
Keys are found with ``str.find`` on the lower-cased script, not with one regular expression
tried at every character: a portal's scripts run to hundreds of kilobytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textile_news.text.dates.find import as_date

# Names of the publication time, lower-cased; an update time ("updatetime") is not one.
KEYS = (
    "pubtime",
    "pub_time",
    "publishtime",
    "publish_time",
    "publishdate",
    "publish_date",
    "pubdate",
    "pub_date",
    "newstime",
    "news_time",
    "datepublished",
)
# After a key: its closing quote, then ":" or "=", then the quoted value.
_VALUE = re.compile(r"""["']?\s*[:=]\s*["']([^"'\n]{8,40})["']""")


def script_date(scripts: Iterable[str | None]) -> str | None:
    """The first publication date a script variable holds, as :func:`find.as_date` gives it."""
    for script in scripts:
        if not script:
            continue
        low = script.lower()
        for key in KEYS:
            start = low.find(key)
            while start >= 0:
                end = start + len(key)
                # a whole name: not "lastpubtime" nor "pubtimestamp"
                whole = not (start and (low[start - 1].isalnum() or low[start - 1] == "_"))
                match = _VALUE.match(script, end) if whole else None
                if match and (found := as_date(match[1])):
                    return found
                start = low.find(key, end)
    return None
