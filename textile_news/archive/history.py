"""A site's publishing history in the archive: its publication days and when the archive
last took a new article of it (what monitoring's "no new article" check learns from)."""

from __future__ import annotations

from sqlite_utils import Database


def publication_days(db: Database, site: str, *, limit: int = 20) -> list[str]:
    """The newest ``limit`` days on which ``site`` published, as ``YYYY-MM-DD``, newest first.

    :param site: the archive's ``site`` (a slug, or ``generic:HOST``)
    :param limit: at most this many days
    """
    # The day as the site dates it: published_at keeps the site's own offset. Only the site's
    # newest articles are read, in the order of the (site, published_at) index: a crawl of a
    # site of a million articles reads a few thousand rows, not the million.
    return [
        day
        for (day,) in db.execute(
            "SELECT DISTINCT substr(published_at, 1, 10) AS day FROM ("
            "  SELECT published_at FROM articles WHERE site = ?"
            "  ORDER BY published_at DESC LIMIT ?"
            ") WHERE day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
            "ORDER BY day DESC LIMIT ?",
            [site, _NEWEST, limit],
        )
    ]


_NEWEST = 5000  # articles read at most for the publication days: 20 days of a busy site


def last_new_at(db: Database, site: str) -> str | None:
    """When the archive first saw the newest of ``site``'s articles (``first_seen_at``)."""
    row = db.execute("SELECT max(first_seen_at) FROM articles WHERE site = ?", [site]).fetchone()
    return row[0] if row else None
