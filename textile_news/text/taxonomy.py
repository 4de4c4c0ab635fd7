"""The textile taxonomy (issue 5, item 4): a curated bilingual vocabulary of fibres, segments,
places and organisations, and the tagger that finds its terms in an article.

Pure: no SQL, no I/O but reading the vocabulary files. The packaged vocabulary is
``textile_news/data/taxonomy.toml``; its comments say how a user file extends it.

Matching rules:

- English forms match case-insensitively on word boundaries, also with ``s``, ``es`` or
  ``'s`` after them ("cotton" finds "Cotton's" and "cottons"); other inflections are forms
  of their own ("knitted", "knitwear"). A space or hyphen in a form matches a space, a
  hyphen or nothing ("e-commerce" finds "ecommerce" and "e commerce"). A form with a
  capital letter ("US", "Turkey") matches only as written or in capitals.
- Chinese forms match as substrings, Simplified as written and in Traditional characters
  (the vocabulary's ``traditional`` pairs).
- Where forms overlap, the leftmost and then the longest wins, and the text it covers is
  not read again: "China Cotton Association" is the organisation, not also ``cotton``.
  An exclusion form is such a longer phrase that tags nothing (芝麻 stops 麻).
- A term's ``implies`` adds other terms (a city its province, recycled polyester polyester).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

ENV = "TEXTILE_NEWS_TAXONOMY"
PACKAGED = "data/taxonomy.toml"
# Part of the digest: a change to the matching rules changes the tags as much as a change
# to the vocabulary does, and `retag` should then run.
MATCHER_VERSION = 1

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FACET = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LISTS = ("en_forms", "zh_forms", "en_exclude", "zh_exclude", "implies")
_TERM_KEYS = {"en", "zh", *_LISTS}
_TOP_KEYS = {"extend", "remove", "traditional"}
# Letters and digits that make a word go on: the English boundaries. Not \w, which holds
# Chinese characters too: "涤纶POY" has a word boundary before "POY".
_WORD = "0-9A-Za-z\u00c0-\u024f"
_SUFFIXES = ("'s", "es", "s")
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")


class TaxonomyError(Exception):
    """A vocabulary file cannot be used; the one-line message names the file and the entry."""


@dataclass(frozen=True)
class Term:
    """One entry of the vocabulary.

    :param id: stable lower-case ASCII id, e.g. ``home-textiles``: what articles are tagged with
    :param facet: ``fibre``, ``segment``, ``place``, ``organisation`` (or a user's own)
    :param en_forms: English words and phrases that mean the term
    :param zh_forms: Chinese ones, in Simplified characters
    :param en_exclude: longer English phrases in which the forms do not mean the term
    :param zh_exclude: the same in Chinese (麻烦 for 麻)
    :param implies: ids of terms an article with this one also gets
    """

    id: str
    facet: str
    label_en: str
    label_zh: str | None = None
    en_forms: tuple[str, ...] = ()
    zh_forms: tuple[str, ...] = ()
    en_exclude: tuple[str, ...] = ()
    zh_exclude: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()


class Vocabulary:
    """The terms and their compiled matchers; :meth:`tag` finds them in an article."""

    def __init__(self, terms: Iterable[Term], traditional: Mapping[str, str] | None = None) -> None:
        """:param traditional: Simplified character -> its Traditional form, for Chinese forms
        :raises TaxonomyError: a term implies an id that is not in the vocabulary
        """
        self.terms: dict[str, Term] = {term.id: term for term in terms}
        self.traditional = dict(traditional or {})
        for term in self.terms.values():
            for other in term.implies:
                if other not in self.terms:
                    raise TaxonomyError(f"term {term.id!r} implies {other!r}, not a term")
        self._implied = {tid: _closure(tid, self.terms) for tid in self.terms}
        self._english = _english_matcher(self.terms.values())
        self._chinese = _chinese_matcher(self.terms.values(), self.traditional)
        self.digest = _digest(self.terms.values(), self.traditional)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Vocabulary:
        """The packaged vocabulary, with a user file merged over it.

        :param path: the user file; None: ``$TEXTILE_NEWS_TAXONOMY`` when set, else none
        :raises TaxonomyError: a file cannot be read or is not a valid vocabulary
        """
        user = path if path is not None else (os.environ.get(ENV) or None)
        packaged = resources.files("textile_news").joinpath(PACKAGED)
        entries, traditional = _parse(packaged.read_text(encoding="utf-8"), PACKAGED)[:2]
        if user is not None:
            name = str(user)
            try:
                text = Path(user).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
                raise TaxonomyError(f"taxonomy file {name}: cannot read it: {reason}") from None
            mine, pairs, extend, remove = _parse(text, name)
            if not extend:
                entries, traditional = {}, {}
            for tid in remove:
                if tid not in entries:
                    raise TaxonomyError(f"taxonomy file {name}: remove: no term {tid!r}")
                del entries[tid]
            for entry in entries.values():  # terms that pointed at a removed one
                entry["implies"] = [t for t in entry.get("implies", []) if t not in remove]
            for tid, entry in mine.items():
                entries[tid] = {**entries.get(tid, {}), **entry}
            traditional = {**traditional, **pairs}
        else:
            name = PACKAGED
        return cls(_terms(entries, name), traditional)

    def tag(self, title: str | None, body: str | None = None) -> list[str]:
        """The ids of the terms found in an article, implied ones included, sorted."""
        text = f"{title or ''}\n{body or ''}"
        found = self._english.ids(text) | self._chinese.ids(text)
        tags: set[str] = set()
        for tid in found:
            tags |= self._implied[tid]
        return sorted(tags)


@functools.cache
def _default(path: str | None) -> Vocabulary:
    return Vocabulary.load(path)


def default() -> Vocabulary:
    """The vocabulary of this process: packaged, with ``$TEXTILE_NEWS_TAXONOMY`` merged over
    it when set; loaded once (per value of the variable) and kept."""
    return _default(os.environ.get(ENV) or None)


# --- reading a vocabulary file ------------------------------------------------


def _parse(
    text: str, name: str
) -> tuple[dict[str, dict[str, Any]], dict[str, str], bool, list[str]]:
    """A file's terms (id -> entry with its facet), traditional pairs, ``extend`` and
    ``remove``: checked for shape, not yet for completeness (a user entry may change only
    some keys of a packaged term)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"taxonomy file {name}: invalid TOML: {exc}") from None

    def fail(problem: str) -> TaxonomyError:
        return TaxonomyError(f"taxonomy file {name}: {problem}")

    extend = doc.get("extend", True)
    if not isinstance(extend, bool):
        raise fail("extend must be true or false")
    remove = doc.get("remove", [])
    if not _strings(remove):
        raise fail("remove must be a list of term ids")
    traditional = _pairs(doc.get("traditional", ""), fail)
    entries: dict[str, dict[str, Any]] = {}
    for facet, table in doc.items():
        if facet in _TOP_KEYS:
            continue
        if not isinstance(table, dict) or not _FACET.fullmatch(facet):
            raise fail(
                f"{facet!r} is neither a setting ({', '.join(sorted(_TOP_KEYS))}) nor a facet "
                "table such as [fibre.cotton] with a lower-case facet name"
            )
        for tid, entry in table.items():
            where = f"term {facet}.{tid}"
            if not _ID.fullmatch(tid):
                raise fail(f"{where}: an id is lower-case ASCII letters, digits and hyphens")
            if not isinstance(entry, dict):
                raise fail(f"{where}: not a table of keys (en, zh, en_forms...)")
            if tid in entries:
                raise fail(f"{where}: the id is also in facet {entries[tid]['facet']!r}")
            unknown = sorted(set(entry) - _TERM_KEYS)
            if unknown:
                raise fail(
                    f"{where}: unknown key {unknown[0]!r}; keys: {', '.join(sorted(_TERM_KEYS))}"
                )
            for key in ("en", "zh"):
                if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                    raise fail(f"{where}: {key} must be a non-empty string")
            for key in _LISTS:
                if key in entry and not _strings(entry[key]):
                    raise fail(f"{where}: {key} must be a list of non-empty strings")
            for form in entry.get("en_forms", []) + entry.get("en_exclude", []):
                if not re.match(f"[{_WORD}]", form):
                    raise fail(f"{where}: English form {form!r} must begin with a letter or digit")
            entries[tid] = {**entry, "facet": facet}
    return entries, traditional, extend, remove


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _pairs(value: Any, fail: Any) -> dict[str, str]:
    """``"纺紡 织織"``: each Simplified character followed by its Traditional form."""
    if not isinstance(value, str):
        raise fail('traditional must be a string of character pairs such as "纺紡 织織"')
    pairs = {}
    for pair in value.split():
        if len(pair) != 2:
            raise fail(f"traditional: {pair!r} is not a pair of characters")
        pairs[pair[0]] = pair[1]
    return pairs


def _terms(entries: Mapping[str, Mapping[str, Any]], name: str) -> list[Term]:
    terms = []
    for tid, entry in entries.items():
        if "en" not in entry:
            raise TaxonomyError(f"taxonomy file {name}: term {entry['facet']}.{tid}: no en label")
        terms.append(
            Term(
                id=tid,
                facet=entry["facet"],
                label_en=entry["en"],
                label_zh=entry.get("zh"),
                **{key: tuple(entry.get(key, ())) for key in _LISTS},
            )
        )
    ids = {term.id for term in terms}
    for term in terms:
        for other in term.implies:
            if other not in ids:
                raise TaxonomyError(
                    f"taxonomy file {name}: term {term.facet}.{term.id}: implies {other!r}, "
                    "which is not a term"
                )
    return terms


def _closure(tid: str, terms: Mapping[str, Term]) -> frozenset[str]:
    seen, todo = {tid}, [tid]
    while todo:
        for other in terms[todo.pop()].implies:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return frozenset(seen)


def _digest(terms: Iterable[Term], traditional: Mapping[str, str]) -> str:
    """A short fingerprint of everything that decides the tags."""
    data = {
        "matcher": MATCHER_VERSION,
        "terms": sorted((asdict(term) for term in terms), key=lambda t: t["id"]),
        "traditional": sorted(traditional.items()),
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- matchers -------------------------------------------------------------------
#
# One regular expression per language for the whole vocabulary, its forms merged into a
# trie. Python's regex engine tries a choice's alternatives one by one, so both patterns
# begin with a character class, which lets the engine skip to the places where a form can
# begin (issue 5, item 4: tagging runs in the crawl's writer for every article):
#
# - English: a separator, then the trie of forms; on lower-cased text, with Chinese
#   characters blanked out (a form may stand right after one, as in 涤纶POY).
# - Chinese: the form's first character, one class for all; then a few groups of first
#   characters, each the trie of the rest of its forms, ending in a lookbehind that checks
#   the whole form. Hundreds of first characters as alternatives would cost hundreds of
#   tries at every common character.

_END = ""  # trie key: a form ends here
_SEP = " "  # trie key: a space or hyphen of an English form
_LATIN = "0-9a-z\u00c0-\u024f"  # word characters of lower-cased text
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
_CHINESE_GROUPS = 8


def _trie_pattern(node: Mapping[str, Any], render: Any, end: Any) -> str:
    """The regex of a trie node: its children (longest first), then its ending."""
    branches = [
        render(key) + _trie_pattern(child, render, end)
        for key, child in sorted(node.items())
        if key != _END
    ]
    if _END in node:
        branches.append(end(node[_END]))
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# English: lower-cased key -> [(the form when its case matters, else None; term ids)]
_Index = dict[str, list[tuple[str | None, frozenset[str]]]]


def _english_key(text: str) -> str:
    return _SEPARATORS.sub("", text.replace("\u2019", "'"))


class _English:
    def __init__(self, pattern: str, index: _Index) -> None:
        self.pattern = re.compile(pattern)  # for lower-cased text
        self.source = pattern
        self.index = index

    @functools.cached_property
    def anycase(self) -> re.Pattern[str]:
        """The pattern for text that lower() makes longer: rare, and slower to compile."""
        return re.compile(self.source, re.IGNORECASE)

    def ids(self, text: str) -> set[str]:
        text = " " + _CJK.sub(" ", text)
        lowered = text.lower()
        pattern = self.pattern
        if len(lowered) != len(text):  # "İ" lowers to two characters: offsets would drift
            lowered, pattern = text, self.anycase
        found: set[str] = set()
        pos = 0
        while match := pattern.search(lowered, pos):
            ids, end = self._agreed(match, text, lowered)
            if ids is None:
                pos = match.start(1)  # read on inside it, where "wool" is still a word
                continue
            found |= ids
            pos = end
        return found

    def _agreed(
        self, match: re.Match[str], text: str, lowered: str
    ) -> tuple[frozenset[str] | None, int]:
        """The ids and end of the longest form at ``match`` whose case agrees: a form with
        capitals in other case ("china wool association") gives way to a shorter one at
        the same place ("China")."""
        pattern = match.re
        while True:
            start, end = match.span(1)
            ids = _english_ids(text[start:end], self.index)
            if ids is not None:
                return ids, end
            limit = end - 1
            while True:
                shorter = pattern.match(lowered, match.start(), limit)
                if shorter is None:
                    return None, 0
                # a match cut at the limit may end inside a word of the real text
                if shorter.end(1) < limit or not re.match(f"[{_LATIN}]", lowered[limit]):
                    break
                limit = shorter.end(1) - 1
            match = shorter


def _english_matcher(terms: Iterable[Term]) -> _English:
    index: _Index = {}
    trie: dict[str, Any] = {}
    for term in terms:
        for forms, ids in ((term.en_forms, frozenset({term.id})), (term.en_exclude, frozenset())):
            for form in forms:
                form = form.strip()
                key = _english_key(form)
                exact = key if key != key.lower() else None
                index.setdefault(key.lower(), []).append((exact, ids))
                node = trie
                for token in _english_tokens(form.lower()):
                    node = node.setdefault(token, {})
                # a form that ends in a letter or digit ends a word; "US$" need not
                node[_END] = bool(re.search(f"[{_WORD}]$", form))

    def render(token: str) -> str:
        if token == _SEP:
            return "[\\s\\-\u2010\u2011]*"
        if token == "'":
            return "['\u2019]"
        return re.escape(token)

    def end(word: bool) -> str:
        return f"(?:['\u2019]s|e?s)?(?![{_LATIN}])" if word else ""

    body = _trie_pattern(trie, render, end) if trie else "(?!)"
    return _English(f"[^{_LATIN}]({body})", index)


def _english_tokens(form: str) -> Iterator[str]:
    previous = ""
    for char in form.replace("\u2019", "'"):
        if char.isspace() or char in "-\u2010\u2011":
            if previous != _SEP:
                yield _SEP
            previous = _SEP
        else:
            yield char
            previous = char


def _english_ids(matched: str, index: _Index) -> frozenset[str] | None:
    """The ids of an English match: the form as matched, else without a plural or
    possessive ending; a form with capitals only when the case agrees (None: it does not)."""
    key = _english_key(matched)
    candidates = [key] + [key[: -len(s)] for s in _SUFFIXES if key.lower().endswith(s)]
    for candidate in candidates:
        agreed = [
            term_ids
            for exact, term_ids in index.get(candidate.lower(), ())
            if exact is None or candidate in (exact, exact.upper())
        ]
        if agreed:  # an exclusion agrees too, and tags nothing
            return frozenset().union(*agreed)
    return None


@dataclass(frozen=True)
class _Chinese:
    pattern: re.Pattern[str]
    index: dict[str, frozenset[str]]

    def ids(self, text: str) -> set[str]:
        found: set[str] = set()
        for match in self.pattern.finditer(text):
            found |= self.index[match.group()]
        return found


def _chinese_matcher(terms: Iterable[Term], traditional: Mapping[str, str]) -> _Chinese:
    index: dict[str, set[str]] = {}
    table = str.maketrans(dict(traditional))
    for term in terms:
        for forms, ids in ((term.zh_forms, {term.id}), (term.zh_exclude, set())):
            for form in forms:
                form = form.strip()
                for variant in (form, form.translate(table)):
                    index.setdefault(variant, set()).update(ids)
    firsts = sorted({form[0] for form in index})
    groups = [firsts[i::_CHINESE_GROUPS] for i in range(_CHINESE_GROUPS)]
    branches = []
    for group in filter(None, groups):
        trie: dict[str, Any] = {}
        for form in index:
            if form[0] in group:
                node = trie
                for char in form[1:]:
                    node = node.setdefault(char, {})
                node.setdefault(_END, []).append(form)

        def end(forms: list[str]) -> str:
            checks = [f"(?<={re.escape(form)})" for form in forms]
            return checks[0] if len(checks) == 1 else "(?:" + "|".join(checks) + ")"

        chars = "".join(re.escape(c) for c in group)
        branches.append(f"(?<=[{chars}])" + _trie_pattern(trie, re.escape, end))
    chars = "".join(re.escape(c) for c in firsts)
    pattern = f"[{chars}](?:{'|'.join(branches)})" if firsts else "(?!)"
    return _Chinese(re.compile(pattern), {form: frozenset(ids) for form, ids in index.items()})
