"""The sites, languages and terms a filter names, checked against the archive: a name it
does not hold is an error listing the nearest it does, not a filter that matches nothing
(issue 16, item 2)."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import TYPE_CHECKING

from textile_news import sites
from textile_news.archive.filters import ArticleFilter
from textile_news.text import taxonomy

if TYPE_CHECKING:
    from sqlite_utils import Database


class UnknownValue(ValueError):
    """A filter names a value the archive does not hold; the message lists the nearest."""


def resolve(db: Database, chosen: ArticleFilter) -> ArticleFilter:
    """``chosen`` with its site, language and term as the archive stores them.

    A site is its slug or one of its hosts (``sjfzxm.com``, ``www.sjfzxm.com``: the
    catalogue's ``sjfzxm_com``); a language any case of a stored one (``EN``); a term its
    id, English or Chinese label or one of the vocabulary's forms, in any case
    (``Cotton``, ``棉``, ``棉纱``).

    :raises UnknownValue: a value matches none of those
    """
    changes: dict[str, str] = {}
    if chosen.site:
        changes["site"] = _site(db, chosen.site)
    if chosen.language:
        changes["language"] = _language(db, chosen.language)
    if chosen.term:
        changes["term"] = _term(db, chosen.term)
    return replace(chosen, **changes) if changes else chosen


def _distinct(db: Database, column: str) -> list[str]:
    """The distinct values of an indexed column, by one index seek each (a DISTINCT
    would read the whole index)."""
    sql = f"""WITH RECURSIVE v(x) AS (
      SELECT min({column}) FROM articles
      UNION ALL SELECT (SELECT min({column}) FROM articles WHERE {column} > v.x) FROM v
      WHERE v.x IS NOT NULL)
    SELECT x FROM v WHERE x IS NOT NULL"""
    return [value for (value,) in db.execute(sql)]


def _held(db: Database, column: str, value: str) -> bool:
    return (
        None
        is not db.execute(f"SELECT 1 FROM articles WHERE {column} = ? LIMIT 1", [value]).fetchone()
    )


def _site(db: Database, given: str) -> str:
    if _held(db, "site", given):
        return given
    stored = _distinct(db, "site")
    catalogue = sites.packaged()
    host = given.strip().lower().removeprefix("http://").removeprefix("https://").split("/")[0]
    for site in catalogue.values():
        if given.lower() == site.slug or site.serves(host) or site.serves("www." + host):
            return site.slug
    folded = {s.lower(): s for s in stored}
    if given.lower() in folded:
        return folded[given.lower()]
    raise _unknown("--site", given, stored, extra=given.replace(".", "_").lower())


def _language(db: Database, given: str) -> str:
    if _held(db, "language", given):
        return given
    stored = _distinct(db, "language")
    folded = {lang.lower(): lang for lang in stored}
    if given.lower() in folded:
        return folded[given.lower()]
    raise _unknown("--language", given, stored)


def _term(db: Database, given: str) -> str:
    rows = db.execute("SELECT id, label_en, label_zh FROM terms ORDER BY id").fetchall()
    ids = [term_id for term_id, _, _ in rows]
    names: dict[str, str] = {}
    for term_id, label_en, label_zh in rows:
        for name in (label_en, label_zh):
            if name:
                names.setdefault(name.lower(), term_id)
    # the vocabulary's forms, where one names a single term of the archive
    try:
        forms: dict[str, set[str]] = {}
        for term in taxonomy.default():
            for form in (*term.en_forms, *term.zh_forms):
                forms.setdefault(form.lower(), set()).add(term.id)
    except taxonomy.TaxonomyError:
        forms = {}
    key = given.strip().lower()
    if key in ids:
        return key
    if key in names:
        return names[key]
    if len(found := forms.get(key, set()) & set(ids)) == 1:
        return found.pop()
    if found:
        return _raise(f"--term {given!r} is a form of several terms: {', '.join(sorted(found))}")
    raise _unknown("--term", given, ids, extra=key)


def _raise(message: str) -> str:
    raise UnknownValue(message)


def _unknown(option: str, given: str, valid: list[str], *, extra: str = "") -> UnknownValue:
    if not valid:
        return UnknownValue(f"{option} {given!r}: the archive has no {option[2:]} values")
    folded = {v.lower(): v for v in valid}
    near = difflib.get_close_matches(extra or given.lower(), list(folded), n=5, cutoff=0.5)
    listed = [folded[v] for v in near] or valid[:5]
    label = "nearest" if near else "some valid values"
    more = "" if near or len(valid) <= 5 else f" ({len(valid)} in all)"
    return UnknownValue(
        f"{option} {given!r} is not in the archive; {label}: {', '.join(listed)}{more}"
    )
