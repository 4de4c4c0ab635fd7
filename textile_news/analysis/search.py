"""Full-text search of the archive: ranking (bm25), filters and snippets, over the index
that :mod:`textile_news.archive.fts` keeps and whose query language it parses.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textile_news.archive import published
from textile_news.archive.errors import QueryError
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.fts import (
    HAN,
    IS_HAN,
    Column,
    Node,
    Phrase,
    fts_expression,
    parse_query,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

SORTS = ("relevance", "newest")
# the most results a search returns: beyond, SQLite's 64-bit LIMIT (and the plans' multiples
# of it) would overflow (issue 13, item 11)
MAX_LIMIT = 1_000_000

_RESULT_COLUMNS = ("id", "url", "title", "published_at", "site", "source", "author", "language")
# Below this many matches a query's hits are all looked up and sorted; above, the plans that
# stop early or intersect (see _plan)
_FEW = 2000
_SCORE = "-bm25(articles_search, 5.0, 1.0)"  # higher is better


def search(
    db: Database,
    query: str,
    *,
    filters: ArticleFilter | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Articles whose title or body matches ``query``, best or newest first.

    :param query: the search syntax of :func:`match_expression`
    :param filters: further conditions (site, dates, tag, term, language, duplicates);
        its ``query`` is ignored. None: ``ArticleFilter()``, which leaves out the copies
        of articles found elsewhere
    :param sort: ``relevance`` or ``newest`` (:func:`published.order`: the instant, a day
        at its start; then id). Relevance is
        FTS5's bm25 with a title match worth five in the body and without length
        normalisation (the index keeps no document sizes, see m006): articles with the
        words in their title first, then those that use them more; equal scores newest
        archived (id) first. ``score``: higher is better.
    :param limit: at most this many, from 1 to :data:`MAX_LIMIT`
    :param offset: after skipping this many (a page of results: ``limit`` times the pages
        before it); ``offset + limit`` at most :data:`MAX_LIMIT`
    :returns: dicts with ``id``, ``url``, ``title``, ``published_at``, ``site``,
        ``source``, ``author``, ``language``, ``snippet`` (the text around the first match,
        matches in ``[ ]``, ``…`` where it is cut) and, by relevance, ``score``
    :raises errors.QueryError: the query is malformed
    :raises ValueError: ``sort`` is neither relevance nor newest, or ``limit`` is out of range
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be from 1 to {MAX_LIMIT}, not {limit}")
    if not 0 <= offset <= MAX_LIMIT - limit:
        raise ValueError(f"offset + limit must be at most {MAX_LIMIT}, not {offset + limit}")
    node = parse_query(query)
    if node is None:
        raise QueryError(f"invalid search query {query!r}: it has no word to search for")
    expression = fts_expression(node)
    filters = filters or ArticleFilter()
    where, params = replace(filters, query=None).where("a")
    try:
        find = _best if sort == "relevance" else _newest
        hits = find(db, expression, filters, where, params, offset + limit)[offset:]
    except sqlite3.OperationalError as exc:
        if not str(exc).startswith("fts5:"):
            raise
        # a query FTS5 refuses that the parser let by
        raise QueryError(f"invalid search query {query!r}: {exc}") from None
    marker = _marker(node)
    results = []
    for (_, score), row in zip(hits, _details(db, hits), strict=True):
        if row is None:  # deleted by hand, outside write_batch: still in the index
            continue
        result = dict(zip(_RESULT_COLUMNS, row[:-1], strict=True))
        result["snippet"] = snippet(row[-1], marker) or snippet(result["title"], marker)
        if sort == "relevance":
            result["score"] = score
        results.append(result)
    return results


def total(db: Database, query: str, filters: ArticleFilter | None = None) -> int:
    """How many articles :func:`search` finds for ``query`` and ``filters``, without a limit.

    :raises errors.QueryError: the query is malformed
    """
    from textile_news.archive.counts import matching_count

    return matching_count(db, replace(filters or ArticleFilter(), query=query))


def _count(db: Database, expression: str) -> int:
    # walks the doclists without positions or ranking: ~30 ns a match
    row = db.execute(
        "SELECT count(*) FROM articles_search WHERE articles_search MATCH ?", [expression]
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class _Plan:
    """How to find the hits: ``all`` (few matches: look each up, then sort), ``early`` (take
    the matches best or newest first and stop at the limit), or ``intersect`` (the filters
    leave few of many matches: find those first, then rank or sort them)."""

    name: str
    matches: int
    share: float = 1.0  # of the matches, those that pass the filters (estimated)


def _plan(
    db: Database, expression: str, filters: ArticleFilter | None, where: str, params: list[Any]
) -> _Plan:
    """The plan for a query and filters. The share of matches that pass the filters is
    estimated from a sample of 256 matches taken in four stretches of the index (~1 ms)."""
    count = _count(db, expression)
    if count <= _FEW:
        return _Plan("all", count)
    if filters is None or where == "1":
        return _Plan("early", count)
    sample: set[int] = set()
    first, last = (
        db.execute(
            "SELECT rowid FROM articles_search WHERE articles_search MATCH ? "
            f"ORDER BY rowid {direction} LIMIT 1",
            [expression],
        ).fetchone()[0]
        for direction in ("ASC", "DESC")
    )
    for k in range(4):
        sample.update(
            rowid
            for (rowid,) in db.execute(
                "SELECT rowid FROM articles_search WHERE articles_search MATCH ? AND rowid >= ? "
                "LIMIT 64",
                [expression, first + (last - first) * k // 4],
            )
        )
    passing = db.execute(
        f"SELECT count(*) FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) "
        f"AND {where}",
        [json.dumps(sorted(sample)), *params],
    ).fetchone()[0]
    # none of the sample passes: the matches that do are so few that finding them first
    # costs less than walking the matches until enough of them pass
    return _Plan("early" if passing else "intersect", count, passing / len(sample))


def _indexed(filters: ArticleFilter) -> bool:
    """Whether an index finds the articles that pass ``filters`` (without reading rows)."""
    return bool(filters.site or filters.language or filters.term)  # m001, m006, m007


def _passing(
    db: Database, expression: str, filters: ArticleFilter, where: str, params: list[Any]
) -> str:
    """The ids of the matches that pass the filters, as a JSON array."""
    # the unary + keeps SQLite from looking up each match by id: the filter's index drives
    plus = "+" if _indexed(filters) else ""
    rows = db.execute(
        f"SELECT a.id FROM articles a WHERE {plus}a.id IN "
        f"(SELECT rowid FROM articles_search WHERE articles_search MATCH ?) AND {where}",
        [expression, *params],
    ).fetchall()
    return json.dumps([article_id for (article_id,) in rows])


def _best(
    db: Database,
    expression: str,
    filters: ArticleFilter | None,
    where: str,
    params: list[Any],
    limit: int,
) -> list[tuple[int, float]]:
    """(id, score) of the best ``limit`` matches by bm25."""
    if filters is None or where == "1":
        # ranked inside FTS5, a bounded sort; articles are read for the hits only
        sql = (
            f"SELECT rowid, {_SCORE} AS score FROM articles_search "
            "WHERE articles_search MATCH ? ORDER BY score DESC, rowid DESC LIMIT ?"
        )
        return db.execute(sql, [expression, limit]).fetchall()
    plan = _plan(db, expression, filters, where, params)
    if plan.name == "all":
        sql = (
            f"SELECT s.rowid, {_SCORE} AS score "
            "FROM articles_search s JOIN articles a ON a.id = s.rowid "
            f"WHERE articles_search MATCH ? AND {where} ORDER BY score DESC, s.rowid DESC LIMIT ?"
        )
        return db.execute(sql, [expression, *params, limit]).fetchall()
    if plan.name == "early":
        # the best of all matches, enough of them for ``limit`` to pass the filters (twice
        # what the share says), then those that pass; more when too few did
        take = int(limit / plan.share * 2) + 50
        while True:
            best = db.execute(
                f"SELECT rowid, {_SCORE} AS score FROM articles_search "
                "WHERE articles_search MATCH ? ORDER BY score DESC, rowid DESC LIMIT ?",
                [expression, take],
            ).fetchall()
            passing = {
                article_id
                for (article_id,) in db.execute(
                    "SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) "
                    f"AND {where}",
                    [json.dumps([article_id for article_id, _ in best]), *params],
                )
            }
            hits = [hit for hit in best if hit[0] in passing][:limit]
            if len(hits) == limit or len(best) < take:
                return hits
            take *= 4
    # bm25 of the passing matches only; + keeps the id list out of FTS5 (one query per id)
    sql = (
        f"SELECT rowid, {_SCORE} AS score FROM articles_search WHERE articles_search MATCH ? "
        "AND +rowid IN (SELECT value FROM json_each(?)) ORDER BY score DESC, rowid DESC LIMIT ?"
    )
    passing_ids = _passing(db, expression, filters, where, params)
    return db.execute(sql, [expression, passing_ids, limit]).fetchall()


def _newest(
    db: Database,
    expression: str,
    filters: ArticleFilter | None,
    where: str,
    params: list[Any],
    limit: int,
) -> list[tuple[int, float]]:
    """(id, 0.0) of the ``limit`` newest matches."""
    plan = _plan(db, expression, filters, where, params)
    order = f"ORDER BY {published.order('a')} DESC, a.id DESC LIMIT ?"
    if plan.name == "intersect":
        assert filters is not None
        passing = _passing(db, expression, filters, where, params)
        sql = (
            "SELECT a.id, 0.0 FROM articles a "
            f"WHERE a.id IN (SELECT value FROM json_each(?)) {order}"
        )
        return db.execute(sql, [passing, limit]).fetchall()
    # all: each match is looked up by id and the lot sorted; early: walk the articles
    # newest first and keep those in the matches (a set built once, in C), until the limit
    early = plan.name == "early"
    source = f"articles a INDEXED BY {published.ORDER_INDEX}" if early else "articles a"
    sql = (
        f"SELECT a.id, 0.0 FROM {source} WHERE a.id IN "
        f"(SELECT rowid FROM articles_search WHERE articles_search MATCH ?) AND {where} {order}"
    )
    return db.execute(sql, [expression, *params, limit]).fetchall()


def _details(db: Database, hits: Sequence[tuple[int, float]]) -> list[tuple[Any, ...] | None]:
    """The result columns and the body of each hit, in the hits' order (None: no article)."""
    if not hits:
        return []
    ids = [article_id for article_id, _ in hits]
    rows = db.execute(
        f"SELECT {', '.join(_RESULT_COLUMNS)}, body FROM articles "
        f"WHERE id IN ({', '.join('?' * len(ids))})",
        ids,
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    return [by_id.get(article_id) for article_id in ids]


# --- snippets ----------------------------------------------------------------

SNIPPET_WORDS = 20  # a snippet's length: 20 words, or three Chinese characters a word
_BEFORE = 4  # words shown before the first match
_REACH = 600  # characters read past the first match: more than 20 words
_UNIT = re.compile(f"[{HAN}]|[^\\s{HAN}]+")  # a Chinese character, or a word and its marks
_WORD = re.compile(f"[^\\W_{HAN}]+")  # letters and digits, without Chinese
_HAN_RUN = re.compile(f"[{HAN}]+")
# endings stripped to compare English words as porter roughly does (exports ~ export)
_SUFFIXES = (
    ("ies", "i"),
    ("ied", "i"),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("ers", ""),
    ("er", ""),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("y", "i"),
)


@dataclass(frozen=True)
class _Marker:
    """Finds a query's terms in a text: Chinese strings as they are, English words by their
    stem (porter matched ``exports`` to ``export``), a prefix* by the start of the stem."""

    pattern: re.Pattern[str] | None  # candidates: Chinese terms, words starting like a stem
    stems: frozenset[str]
    prefixes: tuple[str, ...]

    def spans(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[tuple[int, int]]:
        """(start, end) of each term in ``text[pos:endpos]``, in order."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text, pos, len(text) if endpos is None else endpos):
            if match.lastgroup == "han":
                yield match.span()
                continue
            stem = _stem(match.group())
            if stem in self.stems or (self.prefixes and stem.startswith(self.prefixes)):
                yield match.span()


def _marker(node: Node) -> _Marker:
    """What a snippet marks: the query's terms that a matching text contains (not those
    after NOT)."""
    chinese: set[str] = set()
    stems: set[str] = set()
    prefixes: set[str] = set()

    def visit(node: Node) -> None:
        if isinstance(node, Phrase):
            chinese.update(_HAN_RUN.findall(node.text))
            words = [_stem(word) for word in _WORD.findall(node.text)]
            (prefixes if node.prefix else stems).update(words[-1:])
            stems.update(words[:-1])
        elif isinstance(node, Column):
            visit(node.node)
        else:
            for operand in node.operands[:1] if node.op == "NOT" else node.operands:
                visit(operand)

    visit(node)
    alternatives = []
    if chinese:  # the longest first: 纺织品 before 纺织
        alternatives.append(
            "(?P<han>" + "|".join(map(re.escape, sorted(chinese, key=len, reverse=True))) + ")"
        )
    if stems or prefixes:  # only words that start as a stem does are stemmed and compared
        starts = sorted({stem[:3] for stem in stems | prefixes})
        alternatives.append(f"(?<![^\\W_{HAN}])(?:{'|'.join(map(re.escape, starts))})[^\\W_{HAN}]*")
    pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
    return _Marker(pattern, frozenset(stems), tuple(sorted(prefixes)))


def _fold(word: str) -> str:
    """Lower case without diacritics (unicode61 remove_diacritics)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(word: str) -> str:
    """A rough English stem: exports, exported, exporting, exporter -> export."""
    stem = _fold(word)
    for suffix, replacement in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            if suffix == "s" and stem.endswith("ss"):
                break
            stem = stem[: -len(suffix)] + replacement
            break
    if len(stem) > 3 and stem.endswith("e"):
        stem = stem[:-1]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        stem = stem[:-1]  # stopped -> stopp -> stop
    return stem


def snippet(text: str | None, marker: _Marker) -> str | None:
    """~20 words (or ~60 Chinese characters) of ``text`` around the first match, matches in
    ``[ ]``, ``…`` where the text is cut; None when nothing in ``text`` matches."""
    first = next(marker.spans(text), None) if text else None
    if text is None or first is None:
        return None
    # the window is counted in units read around the first match, not over the whole text
    lo, hi = max(0, first[0] - 40 * _BEFORE), min(len(text), first[0] + _REACH)
    units = [m.span() for m in _UNIT.finditer(text, lo, hi)]
    start = next(i for i, (_, end) in enumerate(units) if end > first[0])
    weight = 0.0
    while start > 0 and weight < _BEFORE:
        start -= 1
        weight += _weight(text, units[start])
    end, weight = start, 0.0
    while end < len(units) and weight < SNIPPET_WORDS:
        weight += _weight(text, units[end])
        end += 1
    while start > 0 and weight < SNIPPET_WORDS:  # the text ends soon: show more before
        start -= 1
        weight += _weight(text, units[start])
    lo, hi = units[start][0], units[end - 1][1]
    parts, at = [], lo
    for s, e in marker.spans(text, lo, hi):
        parts += [text[at:s], "[", text[s:e], "]"]
        at = e
    parts.append(text[at:hi])
    shown = " ".join("".join(parts).split())
    return ("…" if text[:lo].strip() else "") + shown + ("…" if text[hi:].strip() else "")


def _weight(text: str, unit: tuple[int, int]) -> float:
    return 1 / 3 if unit[1] - unit[0] == 1 and IS_HAN.match(text, unit[0]) else 1.0


def result_fields(sort: str = "relevance") -> list[str]:
    """The keys of a :func:`search` result, in order (CSV columns)."""
    return [*_RESULT_COLUMNS, "snippet", *(["score"] if sort == "relevance" else [])]
