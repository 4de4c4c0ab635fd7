"""Which articles an analyst asks for: one filter shared by search, stats and export.

Every value reaches SQL as a bound parameter; only fixed fragments are formatted in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textile_news.archive import published

DUPLICATES = ("exclude", "include", "only")


@dataclass(frozen=True)
class ArticleFilter:
    """Conditions on articles, all of which must hold; None means "any".

    :param query: full-text query (``fts.match_expression`` syntax)
    :param site: site slug
    :param since: ``published_at`` on or after this date (``YYYY-MM-DD`` or ``YYYY-MM``,
        the article's local time), or from this UTC instant (``2020-09-01T02:00:00Z``, as
        :mod:`textile_news.text.date_bounds` makes it; a day-only article counts at the
        start of its day, as :mod:`textile_news.archive.published` orders it)
    :param until: ``published_at`` on or before this date, the whole day or month
        included, or up to this UTC instant
    :param tag: one of the article's own tags, as the site gave it (``articles.tags``)
    :param term: a taxonomy term id (``article_terms.term``, e.g. ``cotton``)
    :param language: ``en``, ``zh``...
    :param duplicates: ``exclude`` leaves out the copies (articles with ``duplicate_of``,
        issue 16 item 2), ``include`` keeps them, ``only`` keeps only them (to count
        what ``exclude`` left out)
    """

    query: str | None = None
    site: str | None = None
    since: str | None = None
    until: str | None = None
    tag: str | None = None
    term: str | None = None
    language: str | None = None
    duplicates: str = "exclude"

    def left_out(self) -> ArticleFilter | None:
        """The filter of the copies this one leaves out (None: it leaves none out)."""
        return replace(self, duplicates="only") if self.duplicates == "exclude" else None

    def where(self, alias: str = "a") -> tuple[str, list[Any]]:
        """A SQL condition on ``articles AS alias`` and its parameters (``"1"`` for none).

        :raises errors.QueryError: ``query`` is not a valid search query
        """
        from textile_news.archive.fts import match_expression

        a = alias
        parts: list[str] = []
        params: list[Any] = []
        if self.query is not None:
            parts.append(
                f"{a}.id IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)"
            )
            params.append(match_expression(self.query))
        if self.site:
            parts.append(f"{a}.site = ?")
            params.append(self.site)
        if self.since and "T" in self.since:
            parts.append(f"{published.order(a)} >= ?")
            params.append(self.since)
        elif self.since:
            parts.append(f"{a}.published_at >= ?")
            params.append(self.since)
        if self.until and "T" in self.until:
            parts.append(f"{published.order(a)} <= ?")
            params.append(self.until)
        elif self.until:
            # compare as many characters as given: 2020-09 includes all of September
            parts.append(f"substr({a}.published_at, 1, ?) <= ?")
            params.extend([len(self.until), self.until])
        if self.tag:
            parts.append(f"EXISTS (SELECT 1 FROM json_each({a}.tags) WHERE value = ?)")
            params.append(self.tag)
        if self.term:
            parts.append(f"{a}.id IN (SELECT article_id FROM article_terms WHERE term = ?)")
            params.append(self.term)
        if self.language:
            parts.append(f"{a}.language = ?")
            params.append(self.language)
        if self.duplicates not in DUPLICATES:
            raise ValueError(f"duplicates must be one of {', '.join(DUPLICATES)}")
        if self.duplicates == "exclude":
            # the copies (few) from their index, once: the ids alone then decide, so a
            # query that reads only an index (the export's order, stats' ranges) still does
            parts.append(f"{a}.id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
        elif self.duplicates == "only":
            parts.append(f"{a}.duplicate_of IS NOT NULL")
        return (" AND ".join(parts) or "1"), params
