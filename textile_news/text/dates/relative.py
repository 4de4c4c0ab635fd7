"""Relative dates ("3 hours ago", "yesterday 14:30", "3小时前", "昨天", "刚刚"): a distance back
from the moment the page was fetched."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

RELATIVE = re.compile(
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


def relative_date(match: re.Match[str], tz: tzinfo, now: datetime) -> datetime:
    """The moment a :data:`RELATIVE` match names, counted back from the aware ``now``, in ``tz``.

    Raises ValueError or OverflowError for a moment that cannot be ("昨天 25:99").
    """
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
