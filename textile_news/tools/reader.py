"""An extracted article as a reader sees it: ``textile-news extract --format text``.

A pure function of the item's dict (:func:`render_text`), so that what a page gives and
how it reads can be tested apart (issue 15, item 7; issue 16, item 8).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

WIDTH = 78

# Chinese and Japanese punctuation that may not begin a line (it closes what came before)
# or end one (it opens what follows): the usual kinsoku rule of CJK typesetting
_NO_LINE_START = set("，。、；：？！）》」』】〉”’…")
_NO_LINE_END = set("（《「『【〈“‘")
_TOKENS = re.compile(r"\s+|\S")


def render_text(item: Mapping[str, Any], width: int = WIDTH) -> str:
    """The title, one line of facts (date as written, site, category, source, authors,
    editors), the body's paragraphs wrapped at ``width`` display columns, the related
    links, tags and terms, and the URL; sections apart by a blank line."""
    sections = [_heading(item, width)]
    paragraphs = re.split(r"\n\s*\n", item.get("body") or "")
    sections += [wrap(p, width) for p in paragraphs if p.strip()]
    if related := _links(item, width):
        sections.append(related)
    if labels := _labels(item):
        sections.append(labels)
    sections.append(f"URL: {item.get('url') or '(none given)'}")
    return "\n\n".join(sections) + "\n"


def _heading(item: Mapping[str, Any], width: int) -> str:
    title = wrap(item.get("title") or "(no title)", width)
    return f"{title}\n{facts(item)}"


def facts(item: Mapping[str, Any]) -> str:
    """The line under the title, e.g. ``2020-09-09 23:17 +08:00 · sjfzxm_com · by Liang``."""
    parts = [
        show_date(item.get("published_at"), item.get("date_precision")) or "(no date)",
        item.get("site"),
        item.get("category"),
        _credit("source:", item.get("source")),
        _credit("by", item.get("author")),
        _credit("editor:", item.get("editor")),
    ]
    return " · ".join(p for p in parts if p)


def _credit(label: str, names: str | None) -> str | None:
    return f"{label} {names}" if names else None


def show_date(value: str | None, precision: str | None = None) -> str | None:
    """An ISO date as the publisher wrote it: a day alone as the day, a time to the minute
    without seconds (unless the page gave them), its offset when one is known; text that
    is not ISO (a date the crawl rejects) as it is."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if precision == "day" or (precision is None and "T" not in value and " " not in value):
        return moment.date().isoformat()
    seconds = precision == "second" or (precision is None and moment.second != 0)
    shown = moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{shown} {offset[:3]}:{offset[3:]}" if offset else shown


def _links(item: Mapping[str, Any], width: int) -> str | None:
    lines = []
    for link in item.get("related") or []:
        lines += _link(link, width)
    if following := item.get("next"):
        lines += _link(following, width, "Next: ")
    return "\n".join(["Related", *lines]) if lines else None


def _link(link: Mapping[str, Any], width: int, prefix: str = "") -> list[str]:
    """``- title (date)``, wrapped under its dash, then the URL; a link without a title
    or date is its URL alone, not twice."""
    day = show_date(link.get("published_at"))
    head = f"{prefix}{link.get('title') or ''}" + (f" ({day})" if day else "")
    if head == prefix:
        return [f"- {prefix}{link['url']}"]
    first, *rest = wrap(head, width - 2).split("\n")
    return [f"- {first}", *(f"  {line}" for line in rest), f"  {link['url']}"]


def _labels(item: Mapping[str, Any]) -> str | None:
    lines = [
        f"{name}: {', '.join(values)}"
        for name, values in (("Tags", item.get("tags")), ("Terms", item.get("terms")))
        if values
    ]
    return "\n".join(lines) or None


def wrap(paragraph: str, width: int = WIDTH) -> str:
    """A paragraph's lines wrapped at ``width`` display columns: English by words
    (``textwrap``), text with wide characters (Chinese, which has no spaces) between any two
    of them, counting each as two columns; a line kept in the paragraph stays a line."""
    lines = paragraph.strip().split("\n")
    if not any(_columns(ch) == 2 for ch in paragraph):
        return "\n".join(
            textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
            for line in lines
        )
    return "\n".join(out for line in lines for out in _wrap_wide(line, width))


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _wrap_wide(line: str, width: int) -> Iterator[str]:
    current, used = "", 0
    for token in _units(line):
        size = sum(map(_columns, token))
        if token.isspace():
            if current and used + 1 <= width:
                current, used = current + " ", used + 1
            continue
        if current and used + size > width:
            yield current.rstrip()
            current, used = "", 0
        current, used = current + token, used + size
    if current.strip():
        yield current.rstrip()


def _units(line: str) -> Iterator[str]:
    """What a line may break between: a wide character (with the punctuation that must
    stay beside it), a word of narrow characters, a run of spaces."""
    unit = ""
    for token in _TOKENS.findall(line):
        if token.isspace():
            if unit:
                yield unit
            yield " "
            unit = ""
        elif _columns(token) == 1 and unit and _columns(unit[-1]) == 1:
            unit += token  # a word (or number) of narrow characters is not broken
        elif token in _NO_LINE_START or (unit and unit[-1] in _NO_LINE_END):
            unit += token
        else:
            if unit:
                yield unit
            unit = token
    if unit:
        yield unit
