"""The archive's order of articles by publication: one sort key for the three forms of
``published_at`` (issue 15, item 1).

An article with a known instant sorts by it (``published_utc``, ``2020-01-16T09:30:00Z``).
One whose page gave only a day (``2020-01-16``) has no instant: it sorts by that day, at
its start, before every instant of the same UTC day (oldest first; after them, newest
first). A time without a known zone (``2020-01-16T10:00:00``) sorts as if it were UTC.
Both follow from comparing the text ``coalesce(published_utc, published_at)``: a day is a
prefix of its instants, and a naive time has no ``Z``.
"""

from __future__ import annotations

# the expression index of m011: queries that order by :func:`order` read it in order
ORDER_INDEX = "idx_articles_published_order"


def order(alias: str = "a") -> str:
    """The sort key as SQL on ``articles AS alias`` (``""``: the bare columns); the same
    expression as :data:`ORDER_INDEX`'s, which SQLite matches whatever the alias."""
    prefix = f"{alias}." if alias else ""
    return f"coalesce({prefix}published_utc, {prefix}published_at)"


def not_before(key: str | None, instant: str) -> bool:
    """Whether an article of sort key ``key`` (:func:`order`'s value) may have been published
    at or after ``instant`` (``2020-01-16T09:30:00Z``): a day does when it is the instant's
    UTC day or later, as it may be any time of that day (the incremental crawl revisits the
    articles published recently)."""
    if not key:
        return False
    return key >= (instant[: len(key)] if len(key) == 10 else instant)
