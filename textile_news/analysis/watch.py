"""What ``watch run`` prints: each watch's new and revised articles as text or JSON, and a
watch's feed as Atom (issue 16, item 7)."""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from textile_news.archive.watches import Watch

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50  # entries in a watch's feed: a reader that polls daily misses none

Found = tuple[Watch, Sequence[Mapping[str, Any]]]


def as_text(found: Sequence[Found]) -> str:
    """Readable lines, grouped by watch: date, site, title (and "revised"), then the URL."""
    lines: list[str] = []
    for watch, articles in found:
        if not articles:
            lines.append(f"{watch.name}: nothing new")
            continue
        lines.append(f"{watch.name}: {_count(articles)}")
        for a in articles:
            revised = "  (revised)" if a["change"] == "revised" else ""
            lines.append(f"  {(a['published_at'] or '')[:16]}  {a['site']}  {a['title']}{revised}")
            lines.append(f"      {a['url']}")
    return "".join(line + "\n" for line in lines)


def as_json(found: Sequence[Found]) -> str:
    """One JSON array of every watch's articles, each with ``watch``, its watch's name."""
    rows = [{"watch": watch.name, **a} for watch, articles in found for a in articles]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def as_atom(watch: Watch, articles: Sequence[Mapping[str, Any]]) -> str:
    """The watch's feed: ``articles`` (:func:`archive.watches.latest`) as Atom entries.

    An entry's id follows from the article's URL alone and its ``updated`` from when the
    archive stored that version, so a reader sees a revised article as the same entry,
    updated; the feed's id from the watch's name and creation.
    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(_tag("feed"))
    _add(feed, "id", _urn(f"textile-news watch {watch.name} {watch.created_at}"))
    _add(feed, "title", f"textile-news watch {watch.name}: {watch.query}")
    times = [_instant(a["updated"]) for a in articles if a["updated"]]
    _add(feed, "updated", max(times, default=_instant(watch.created_at)))
    author = _add(feed, "author")
    _add(author, "name", "textile-news")
    _add(feed, "generator", "textile-news")
    for a in articles:
        entry = _add(feed, "entry")
        _add(entry, "id", _urn(a["url"]))
        _add(entry, "title", a["title"])
        ET.SubElement(entry, _tag("link"), rel="alternate", href=a["url"])
        _add(entry, "updated", _instant(a["updated"] or watch.created_at))
        if a.get("published_utc"):
            _add(entry, "published", _instant(a["published_utc"]))
        if a.get("author"):
            _add(_add(entry, "author"), "name", a["author"])
        ET.SubElement(entry, _tag("category"), term=a["site"])
        if a.get("summary"):
            _add(entry, "summary", a["summary"])
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _count(articles: Sequence[Mapping[str, Any]]) -> str:
    new = sum(a["change"] == "new" for a in articles)
    parts = [f"{new} new"] if new else []
    if revised := len(articles) - new:
        parts.append(f"{revised} revised")
    return ", ".join(parts)


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = text
    return element


def _urn(key: str) -> str:
    # a name-based UUID: the same key gives the same id on every run, on every machine
    return uuid.uuid5(uuid.NAMESPACE_URL, key).urn


def _instant(value: str) -> str:
    """An RFC 3339 time (Atom's dates), in UTC; a time stored without an offset is UTC."""
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    when = when.replace(tzinfo=when.tzinfo or UTC).astimezone(UTC)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")
