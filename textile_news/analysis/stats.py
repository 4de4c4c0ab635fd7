"""Article counts per day, ISO week, month or year and per site (`textile-news stats`).

Periods are those of ``published_at``, the article's local date as the site gave it (an
article of 2021-01-01T00:30+08:00 counts for January 2021, though it was still 2020 in
UTC). A week is an ISO week, ``2020-W53``; its days may fall in two calendar years.

Every period from the first to the last one with an article is listed for every site that
has an article, with 0 where a site has none: charts have no holes and a gap in a site's
crawl shows as one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from textile_news.archive.counts import period_counts, range_counts, site_spans
from textile_news.archive.filters import ArticleFilter

BY = ("day", "week", "month", "year")
# characters of published_at grouped on in SQL; weeks are summed from days in Python
# (SQLite 3.40 has no %V, and SQLite's own %W weeks are not ISO weeks)
_LENGTH = {"day": 10, "week": 10, "month": 7, "year": 4}


def counts(
    db: Database, by: str = "month", filters: ArticleFilter | None = None
) -> list[dict[str, Any]]:
    """Articles per period and site, oldest period first, then by site.

    :param by: ``day`` (``2020-09-09``), ``week`` (``2020-W37``), ``month`` (``2020-09``)
        or ``year`` (``2020``)
    :param filters: which articles count (all without)
    :returns: dicts with ``period``, ``site`` and ``articles``; zero counts included
        between the first and the last period
    :raises errors.QueryError: ``filters.query`` is not a valid search query
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    filters = filters or ArticleFilter()
    found = None
    if not (filters.query or filters.term or filters.tag or filters.language):
        found = _counted_by_ranges(db, by, filters)
    if found is None:
        found = _grouped(db, by, filters)
    if not found:
        return []
    sites = sorted({site for _, site in found})
    periods = sorted({period for period, _ in found})
    # a malformed date is its own period rather than lost; it is not filled around
    every = sorted(set(_periods(periods[0], periods[-1], by)) | set(periods))
    return [
        {"period": period, "site": site, "articles": found.get((period, site), 0)}
        for period in every
        for site in sites
    ]


def _grouped(db: Database, by: str, filters: ArticleFilter) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for period, site, n in period_counts(db, _LENGTH[by], filters):
        found[(_week(period) if by == "week" else period), site] += n
    return found


def _counted_by_ranges(
    db: Database, by: str, filters: ArticleFilter
) -> Counter[tuple[str, str]] | None:
    """The counts above zero, by one index range per site and period (fast: no sort);
    None when the archive's dates are not all ISO 8601 (then GROUP BY finds them)."""
    spans = site_spans(db, filters.site)
    if not spans:
        return Counter()
    first, last = min(span[1] for span in spans)[:10], max(span[2] for span in spans)[:10]
    if _parse(first, "day") is None or _parse(last, "day") is None:
        return None
    # the days to count: those of the articles, within --since and --until
    first = max(first, _day(filters.since, last=False))
    last = min(last, _day(filters.until, last=True))
    if first > last:
        return Counter()
    start, end = _period_of(first, by), _period_of(last, by)
    if start is None or end is None:
        return None
    bounds = [(period, *_range(period, by)) for period in _periods(start, end, by)]
    sites = [span[0] for span in spans]
    if filters.duplicates == "only":
        return None
    # the index has no duplicate_of: count every article in range, less the copies (few,
    # found by their own index), rather than read each article's row
    counted = range_counts(db, sites, bounds, replace(filters, duplicates="include"))
    found = Counter({(period, site): n for period, site, n in counted if n})
    if (copies := filters.left_out()) is not None:
        found.subtract(_grouped(db, by, copies))
    return +found


def _day(given: str | None, *, last: bool) -> str:
    """The first (or last) day of a --since (--until) date, ``YYYY-MM-DD`` or ``YYYY-MM``."""
    if not given:
        return "9999-12-31" if last else ""
    given = given[:10]  # an instant's day: the ranges are refined by the filter's own test
    if len(given) != 7 or not last:
        return given if len(given) != 7 else given + "-01"
    month = _parse(given, "month")
    try:
        return (_step(month, "month") - timedelta(days=1)).isoformat() if month else given
    except ValueError:  # 9999-12
        return "9999-12-31"


def _period_of(day: str, by: str) -> str | None:
    period = _week(day) if by == "week" else day[: _LENGTH[by]]
    return period if _parse(period, by) else None


def _range(period: str, by: str) -> tuple[str, str]:
    """The ``published_at`` values of ``period``: from the first (inclusive) to the
    second (exclusive), compared as text."""
    day = _parse(period, by)
    assert day is not None
    first = day.isoformat() if by == "week" else period
    try:
        after = _step(day, by)
    except (ValueError, OverflowError):  # past the year 9999
        return first, "~"
    return first, after.isoformat() if by == "week" else _label(after, by)


def _week(day: str) -> str:
    try:
        year, week, _ = date.fromisoformat(day).isocalendar()
    except ValueError:
        return day
    return f"{year}-W{week:02d}"


def _periods(first: str, last: str, by: str) -> Iterator[str]:
    """Every period label from ``first`` to ``last``; nothing when one does not parse."""
    start, end = _parse(first, by), _parse(last, by)
    if start is None or end is None:
        return
    current = start
    while current <= end:
        yield _label(current, by)
        try:
            current = _step(current, by)
        except (ValueError, OverflowError):  # past the year 9999
            return


def _parse(period: str, by: str) -> date | None:
    try:
        if by == "day":
            return date.fromisoformat(period)
        if by == "week":
            year, week = period.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        if by == "month":
            return date.fromisoformat(period + "-01")
        return date(int(period), 1, 1)
    except ValueError:
        return None


def _label(day: date, by: str) -> str:
    if by == "day":
        return day.isoformat()
    if by == "week":
        return _week(day.isoformat())
    if by == "month":
        return day.isoformat()[:7]
    return f"{day.year:04d}"


def _step(day: date, by: str) -> date:
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(weeks=1)
    if by == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def totals(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Articles per site over all periods, the biggest site first."""
    per_site: Counter[str] = Counter()
    for row in rows:
        per_site[row["site"]] += row["articles"]
    return dict(sorted(per_site.items(), key=lambda item: (-item[1], item[0])))
