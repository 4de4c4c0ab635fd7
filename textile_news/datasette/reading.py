"""What each reading-room page shows, read from the archive in one call (run in
Datasette's thread for the database): an article, a page of search results with its
facets, a trend. Plain dicts for the templates; no Datasette here.

Search is :func:`textile_news.analysis.search.search`, the function and query language of
``textile-news search``: the room finds what the command finds, ranked the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from sqlite_utils import Database

from textile_news.analysis import search as searching
from textile_news.analysis import stats
from textile_news.archive import room
from textile_news.archive.counts import left_out_count, matching_count
from textile_news.archive.errors import QueryError
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import article_history, duplicates_of, find_article, get_article

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FACET_VALUES = 12  # values listed per facet; the rest are summed in one line
_MONTH = re.compile(r"\d{4}-\d{2}")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_MARKED = re.compile(r"\[([^\[\]]+)\]")  # the search snippet's [match]


@dataclass(frozen=True)
class Request:
    """A search page's parameters, as the URL gives them (strings; empty: not set)."""

    q: str = ""
    site: str = ""
    language: str = ""
    month: str = ""
    term: str = ""
    sort: str = "relevance"
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args: Any) -> Request:
        """From the query string (``request.args``); what is malformed is left at its
        default rather than refused: a link must not give an error page."""

        def number(name: str, default: int, top: int) -> int:
            value = args.get(name) or ""
            return min(top, max(1, int(value))) if value.isdigit() else default

        month = (args.get("month") or "").strip()
        return cls(
            q=(args.get("q") or "").strip(),
            site=(args.get("site") or "").strip(),
            language=(args.get("language") or "").strip(),
            month=month if _MONTH.fullmatch(month) else "",
            term=(args.get("term") or "").strip(),
            sort="newest" if args.get("sort") == "newest" else "relevance",
            page=number("page", 1, searching.MAX_LIMIT // MAX_PAGE_SIZE),
            size=number("size", PAGE_SIZE, MAX_PAGE_SIZE),
        )

    def filters(self, *, query: bool = True) -> ArticleFilter:
        return ArticleFilter(
            query=(self.q or None) if query else None,
            site=self.site or None,
            language=self.language or None,
            since=self.month or None,
            until=self.month or None,
            term=self.term or None,
        )

    def link(self, **changes: Any) -> str:
        """The query string of this page with ``changes`` (a filter changed resets the
        page to the first)."""
        if "page" not in changes:
            changes["page"] = 1
        changed = replace(self, **changes)
        pairs = {
            "q": changed.q,
            "site": changed.site,
            "language": changed.language,
            "month": changed.month,
            "term": changed.term,
            "sort": "" if changed.sort == "relevance" else changed.sort,
            "page": "" if changed.page == 1 else str(changed.page),
            "size": "" if changed.size == PAGE_SIZE else str(changed.size),
        }
        return "?" + urlencode({k: v for k, v in pairs.items() if v})


def search_page(db: Database, request: Request) -> dict[str, Any]:
    """The results, totals, facets and pages of a search (or, without a query, of the
    filters alone, newest first)."""
    filters = request.filters()
    offset = (request.page - 1) * request.size
    try:
        total = matching_count(db, filters)
        if request.q:
            found = searching.search(
                db,
                request.q,
                filters=request.filters(query=False),
                sort=request.sort,
                limit=offset + request.size,
            )[offset:]
        else:
            found = room.newest(db, filters, limit=request.size, offset=offset)
    except QueryError as exc:
        return {"wanted": request, "error": str(exc), "results": [], "total": 0, "facets": []}
    labels = room.term_labels(db)
    for result in found:
        result["marked"] = _marked(result.get("snippet") or result.get("summary") or "")
    return {
        "wanted": request,
        "error": None,
        "results": found,
        "total": total,
        "first": offset + 1 if found else 0,
        "last": offset + len(found),
        "pages": max(1, -(-total // request.size)),
        "facets": _facets(db, request, filters, labels),
        "limited": _limited(total),
        "left_out": left_out_count(db, filters),
        "active": _active(request, labels),
    }


def _limited(total: int) -> str:
    """What a reader cannot page to, said: ranked results stop at searching.MAX_LIMIT."""
    if total <= searching.MAX_LIMIT:
        return ""
    return (
        f"Only the first {searching.MAX_LIMIT:,} of the {total:,} articles can be paged through:"
        " add a filter or a word to narrow the search."
    )


def _facets(
    db: Database, request: Request, filters: ArticleFilter, labels: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    facets = []
    for name in room.FACETS:
        counted = room.facet_counts(db, filters, name)
        values = [
            {
                "value": value,
                "label": _label(name, value, labels),
                "count": count,
                "href": request.link(**{name: value}),
                "selected": getattr(request, name) == value,
            }
            for value, count in counted[:FACET_VALUES]
        ]
        rest = counted[FACET_VALUES:]
        facets.append(
            {
                "name": name,
                "values": values,
                "more": len(rest),
                "more_articles": sum(n for _, n in rest),
            }
        )
    return facets


def _active(request: Request, labels: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """The filters set, each with the link that removes it."""
    return [
        {
            "name": name,
            "label": _label(name, getattr(request, name), labels),
            "remove": request.link(**{name: ""}),
        }
        for name in room.FACETS
        if getattr(request, name)
    ]


def _label(facet: str, value: str, labels: dict[str, tuple[str, str]]) -> str:
    if facet == "term" and value in labels:
        en, zh = labels[value]
        return f"{en} {zh}".strip()
    return value


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as ``(text, is_match)`` pieces: the template escapes each and marks the
    matches, so that no markup from an article reaches the page."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _MARKED.finditer(snippet):
        pieces += [(snippet[at : match.start()], False), (match.group(1), True)]
        at = match.end()
    pieces.append((snippet[at:], False))
    return [piece for piece in pieces if piece[0]]


def article_page(db: Database, article_id: int) -> dict[str, Any] | None:
    """An article with what the page shows around it: its date as precise as the page
    gave it, the body in paragraphs, its terms' labels, related links (to the archived
    copy where there is one), its versions, its original and copies; None: no such id."""
    article = get_article(db, article_id)
    if article is None:
        return None
    labels = room.term_labels(db)
    related = article["related"]
    archived = room.archived_ids(db, [link["url"] for link in related if link["url"]])
    for link in related:
        link["archived_id"] = archived.get(link["url"])
    copies = duplicates_of(db, article_id)
    versions = article_history(db, article["url"])
    return {
        "article": article,
        "date": shown_date(article.get("published_at"), article.get("date_precision")),
        "paragraphs": paragraphs(article.get("body") or ""),
        "terms": [(term, _label("term", term, labels)) for term in article["terms"]],
        "related": related,
        "next": article["next"],
        "original": next((c for c in copies if c["id"] == article.get("duplicate_of")), None),
        "copies": [c for c in copies if c["id"] != article.get("duplicate_of")],
        "versions": versions if len(versions) > 1 else [],
    }


def article_id_of(db: Database, url: str) -> int | None:
    """The id of the article archived at ``url``, in any spelling that a crawl would have
    stored under it (as ``textile-news show URL``: scheme, case, tracking parameters,
    fragment, a mirror host)."""
    if not url or url.isdigit():
        return None
    found = find_article(db, url)
    return int(found["id"]) if found else None


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs: split at blank lines, else at line breaks."""
    parts = _PARAGRAPHS.split(body.strip())
    if len(parts) == 1:
        parts = body.strip().splitlines()
    return [" ".join(part.split()) if _latin(part) else part.strip() for part in parts if part]


def _latin(text: str) -> bool:
    return not any("\u3000" <= c <= "\u9fff" for c in text)


def shown_date(published_at: str | None, precision: str | None) -> str:
    """A date as precise as the page gave it: ``2011-01-08`` for a day,
    ``2011-01-06 09:12 +08:00`` to the minute, with seconds to the second."""
    if not published_at:
        return "date unknown"
    day, _, time = published_at.partition("T")
    if precision == "day" or not time:
        return day
    zone = re.search(r"(Z|[+-]\d{2}:?\d{2})$", time)
    clock = time[: zone.start()] if zone else time
    clock = clock[:5] if precision == "minute" else clock[:8]
    offset = "" if zone is None else (" UTC" if zone.group() == "Z" else f" {zone.group()}")
    return f"{day} {clock}{offset}"


def trend_page(db: Database, q: str, term: str, by: str, site: str = "") -> dict[str, Any]:
    """Articles per week or month and site for a query and/or a term."""
    by = by if by in ("week", "month") else "month"
    filters = ArticleFilter(query=q or None, term=term or None, site=site or None)
    try:
        rows = stats.counts(db, by, filters)
    except QueryError as exc:
        return {"error": str(exc), "rows": [], "by": by, "title": ""}
    labels = room.term_labels(db)
    said = [f"matching “{q}”"] if q else []
    if term:
        said.append(f"with the term {_label('term', term, labels)}")
    if site:
        said.append(f"on {site}")
    title = f"Articles per {by} {', '.join(said) or 'in the archive'}, by site"
    return {
        "error": None,
        "rows": rows,
        "by": by,
        "title": title,
        "total": sum(r["articles"] for r in rows),
        "periods": len({r["period"] for r in rows}),
    }
