"""A site's furniture: the lines its article pages repeat word for word, learnt from the
archive and taken out of its bodies (issue 15, item 5).

A single-page extractor cannot tell a site's "Press contact: …" or "Members can download
the full report…" paragraph from the news: on one page it is text like any other. A crawl
sees many pages of one site, and news does not repeat a whole line on a quarter of a site's
articles, where a template does. So the archive counts, per site, on how many of its
articles each line occurs (``site_lines``: a 64-bit hash of the line, not its text), and a
line on at least :data:`MIN_PAGES` articles and :data:`MIN_SHARE` of the site's is learnt
(``site_furniture``, with its text and the counts that made it furniture). A learnt line
stays learnt: it is taken out of every body of the site the archive stores from then on,
and out of those stored before (``write.write_batch`` does both, in its transaction).

Only sites extracted by the generic page object learn furniture (the caller says which:
``sites.Catalogue.learns_furniture``); a site's own page object knows its layout already.
A body that would lose every line keeps them: a page made only of furniture is not made
into an empty article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# A line is furniture once it is on this many of a site's articles and on this share of them:
# five pages are enough to tell a template from a coincidence, and a quarter of the pages is
# far above what any sentence of news reaches (a quote, a standard paragraph of one series)
MIN_PAGES = 5
MIN_SHARE = 0.25

LearnsFurniture = Callable[[str], bool]  # whether the site of this slug learns furniture


def body_lines(body: str | None) -> list[str]:
    """The lines of a body (paragraphs separated by blank lines), stripped, in order."""
    return [line for line in (part.strip() for part in (body or "").split("\n")) if line]


def line_key(line: str) -> int:
    """The 64-bit key of a line in ``site_lines`` (signed: SQLite's INTEGER)."""
    digest = hashlib.blake2b(line.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def without(body: str, furniture: frozenset[str]) -> str:
    """``body`` without the lines in ``furniture``; the body as it is when no line would
    be left (or none is furniture)."""
    if not furniture:
        return body
    lines = body_lines(body)
    kept = [line for line in lines if line not in furniture]
    if not kept or len(kept) == len(lines):
        return body
    return "\n\n".join(kept)


class SiteFurniture:
    """The furniture of the sites one transaction writes: read once per site, then kept up
    to date as :meth:`count` learns lines.

    :param learns: whether a site (by slug) learns furniture
    :param now: the time a line learnt now is recorded under (UTC, ISO 8601)
    """

    def __init__(self, db: Database, learns: LearnsFurniture, now: str) -> None:
        self.db = db
        self.now = now
        self._learns = learns
        self._learning: dict[str, bool] = {}
        self._lines: dict[str, frozenset[str]] = {}

    def learns(self, site: str) -> bool:
        if site not in self._learning:
            self._learning[site] = self._learns(site)
        return self._learning[site]

    def lines(self, site: str) -> frozenset[str]:
        """The learnt lines of ``site``; none for a site that does not learn."""
        if site not in self._lines:
            found: Iterable[tuple[str]] = ()
            if self.learns(site):
                found = self.db.execute(
                    "SELECT line FROM site_furniture WHERE site = ?", [site]
                ).fetchall()
            self._lines[site] = frozenset(line for (line,) in found)
        return self._lines[site]

    def strip(self, site: str, body: str | None) -> str | None:
        """``body`` without ``site``'s furniture."""
        lines = self.lines(site)
        return without(body, lines) if body and lines else body

    def count(self, site: str, body: str | None) -> frozenset[str]:
        """Counts the lines of a new article of ``site`` (before its furniture is taken
        out, so that a learnt line keeps its count); the lines that this article made
        furniture, learnt and returned (none for a site that does not learn)."""
        if not self.learns(site):
            return frozenset()
        distinct = {line_key(line): line for line in body_lines(body)}
        self.db.execute(
            "INSERT INTO furniture_sites (site, pages) VALUES (?, 1) "
            "ON CONFLICT (site) DO UPDATE SET pages = pages + 1",
            [site],
        )
        if not distinct:
            return frozenset()
        self.db.conn.executemany(
            "INSERT INTO site_lines (site, line, pages) VALUES (?, ?, 1) "
            "ON CONFLICT (site, line) DO UPDATE SET pages = pages + 1",
            [(site, key) for key in distinct],
        )
        (site_pages,) = self.db.execute(
            "SELECT pages FROM furniture_sites WHERE site = ?", [site]
        ).fetchone()
        needed = max(MIN_PAGES, MIN_SHARE * site_pages)
        keys = list(distinct)
        rows = self.db.execute(
            f"SELECT line, pages FROM site_lines WHERE site = ? AND pages >= ? "
            f"AND line IN ({', '.join('?' * len(keys))})",
            [site, needed, *keys],
        ).fetchall()
        known = self.lines(site)
        reached = dict(rows)
        # in the body's order, which is the order they are listed in
        learnt = {
            line: reached[key]
            for key, line in distinct.items()
            if key in reached and line not in known
        }
        if learnt:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO site_furniture (site, line, pages, site_pages, learnt_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [(site, line, pages, site_pages, self.now) for line, pages in learnt.items()],
            )
            self._lines[site] = known | learnt.keys()
        return frozenset(learnt)


def backfill(db: Database) -> None:
    """Counts the lines of the articles already archived, as :meth:`SiteFurniture.count`
    would have (m013): their bodies stay as they are until a crawl of their site learns
    a line and takes it out of them."""
    sites: dict[str, int] = {}
    counts: dict[tuple[str, int], int] = {}
    for site, body in db.execute("SELECT site, body FROM articles"):
        sites[site] = sites.get(site, 0) + 1
        for key in {line_key(line) for line in body_lines(body)}:
            counts[site, key] = counts.get((site, key), 0) + 1
    db.conn.executemany("INSERT INTO furniture_sites (site, pages) VALUES (?, ?)", sites.items())
    db.conn.executemany(
        "INSERT INTO site_lines (site, line, pages) VALUES (?, ?, ?)",
        [(site, key, pages) for (site, key), pages in counts.items()],
    )


def learnt(db: Database, site: str | None = None) -> list[dict[str, object]]:
    """The lines learnt as furniture (of ``site``, or of every site), by site and the
    order they were learnt in, each with the counts that made it furniture."""
    sql = "SELECT site, line, pages, site_pages, learnt_at FROM site_furniture"
    params: list[str] = []
    if site is not None:
        sql += " WHERE site = ?"
        params.append(site)
    rows = db.execute(sql + " ORDER BY site, learnt_at, rowid", params).fetchall()
    names = ("site", "line", "pages", "site_pages", "learnt_at")
    return [dict(zip(names, row, strict=True)) for row in rows]
