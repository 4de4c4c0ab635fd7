"""Dates a page prints for its reader: next to a cue word, and under its headline (issue 15).

``发布时间：2005-03-21 11:21``, ``时间：2019年10月31日 23:00``, ``Posted on 5 March 2024``; the
line right after the ``<h1>`` (``<h1>…</h1><span>2019-09-05 11:10 游民星空</span>``). What
is found stays as printed: a full date as ``find.find_date`` writes it, a year-less one as
``MM-DD HH:MM`` (``yearless``: the page or the fetch time gives its year), a relative one
(``3小时前``) as its text, which the item processor counts back from the fetch time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from textile_news.text.dates import day_of, find_date
from textile_news.text.dates.relative import RELATIVE
from textile_news.text.dates.yearless import yearless_text

# Cue words of the publication time; an update (更新时间, 修改时间, "Updated") is not one.
_CUE = re.compile(
    r"(?<!更新)(?<!修改)(?<!编辑)(?:发布时间|发布日期|发表时间|发表日期|发稿时间|发布于|发表于"
    r"|时间\s*[:：]|日期\s*[:：]|\b(?:published|posted)(?:\s+on)?\b|\bpublication date\b)"
    r"\s*[:：]?\s*",
    re.IGNORECASE,
)
# An update's cue word and the date right after it (更新时间：2021-03-02 10:00, 修改日期：
# 3月2日, 最后更新：21-03-02): the text searches leave it out, so that a page printing its
# update before its publication gives the publication, in either order (issue 15 item 3)
_UPDATED = re.compile(
    r"(?:更新|修改)(?:时间|日期|于)?\s*[:：]?\s*"
    r"(?P<date>(?:\d{2,4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d)\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)"
)
_CUE_WINDOW = 40  # characters after a cue word that its date is printed in
# "18-03-08 23:16" after a cue: a two-digit year first, as some portals print this century's
_SHORT_YEAR = re.compile(r"(\d{2})([-/.]\d{1,2}[-/.]\d{1,2})(?!\d)")
_LINE = 200  # characters of an element after the headline: more is the article, not its date
_SIBLINGS = 3  # elements after the headline (and after its container) that are read
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_HEADINGS = 5  # <h1> elements that may be the headline
_SKIPPED = frozenset({"script", "style", "noscript", "svg"})


def printed_date(text: str, cue: bool = False) -> str | None:
    """The date a short text prints: full, year-less (``MM-DD HH:MM``) or relative.

    :param cue: ``text`` follows a cue word, so it opens with the date, and a two-digit
        year (``18-03-08``) is a year
    """
    text = " ".join(text.split())
    if cue and (relative := RELATIVE.match(text)):
        return relative[0]
    if cue and (short := _SHORT_YEAR.match(text)):
        text = f"20{short[1]}{short[2]}{text[short.end() :]}"
    if found := find_date(text):
        return found
    if found := yearless_text(text):
        return found
    if not cue and (relative := RELATIVE.search(text)):
        return relative[0]
    return None


def finer(
    marked: tuple[str | None, str | None], printed: str | None
) -> tuple[str | None, str | None]:
    """The markup's date, or the time printed under the headline on that same day.

    Markup often gives a day alone, or the time a record was made or re-stamped; the time
    a portal prints under its headline is the one its reader is shown (and labelled).
    """
    value = marked[0]
    if not value or not printed or "T" not in printed or day_of(printed) != day_of(value):
        return marked
    return printed, "text"


def without_updates(text: str) -> str:
    """``text`` without the dates it prints after an update's cue word (``更新时间：``)."""
    return _UPDATED.sub(" ", text) if ("更新" in text or "修改" in text) else text


def update_date(text: str) -> str | None:
    """The first date printed after an update's cue word in ``text``: a page's last
    resort, when it prints no other date."""
    for match in _UPDATED.finditer(text):
        if found := printed_date(match["date"], cue=True):
            return found
    return None


def cue_date(text: str) -> str | None:
    """The first date printed right after a cue word of the publication time in ``text``."""
    for match in _CUE.finditer(text):
        window = text[match.end() : match.end() + _CUE_WINDOW]
        if found := printed_date(window, cue=True):
            return found
    return None


def headline_date(h1s: Sequence[Any]) -> str | None:
    """The date printed in the lines right after the headline, the longest of the page's
    ``<h1>`` elements (lxml elements; the others name the site or its section)."""
    if not h1s:
        return None
    h1 = max(h1s[:_HEADINGS], key=lambda h: len("".join(h.itertext()).strip()))
    for node in _after_headline(h1):
        # the opening of a longer block: a bar with the date and the source, a dateline
        text = without_updates(" ".join(" ".join(_text(node)).split())[:_LINE])
        if len(_YEARS.findall(text)) > 1:
            continue  # a range, an archive's span: not the day of this article
        if found := cue_date(text) or printed_date(text):
            return found
    return None


def _after_headline(h1: Any) -> Iterator[Any]:
    # the headline's next elements, then (a headline alone in its own <header> or <div>)
    # the elements after that container
    for scope in (h1, h1.getparent()):
        if scope is None or scope.tag in ("body", "html"):
            return
        count = 0
        for node in scope.itersiblings():
            if not isinstance(node.tag, str) or node.tag in _SKIPPED:
                continue
            yield node
            count += 1
            if count == _SIBLINGS:
                break


def _text(node: Any) -> Iterator[str]:
    for part in node.iter():
        if isinstance(part.tag, str) and part.tag not in _SKIPPED and part.text:
            yield part.text
        if part is not node and part.tail:
            yield part.tail
