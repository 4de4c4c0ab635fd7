"""A page's lxml tree, whole or not at all (issue 13, item 3).

What libxml2 (2.14, as lxml 6 builds it, with ``huge_tree`` as parsel sets it) does with a
page nested too deep: at 2048 levels of open elements (256 without ``huge_tree``) its HTML
and XML parsers log a fatal ``ERR_RESOURCE_LIMIT`` ("Excessive depth in document: 2048")
and stop reading. ``recover=True`` keeps that from raising: the tree holds what came before
the cut, and nothing after it, not even the rest of the enclosing elements. A page whose
text follows 50,000 nested ``<div>`` gave a tree of its date line alone, which a page object
returned as the article. Its other limits (a text node or attribute over 1 GB, entity
amplification) are the same kind of error. The parsers here read their error log and raise
:class:`UnparsablePage` instead of handing back such a tree; no error of another kind means
a tree cut short (libxml2 2.14 logs none at all for the tag soup of ordinary pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree, html
from parsel.selector import SafeXMLParser

# parsel reads a text that opens with an XML declaration as XML, any other as HTML
_XML_DECLARATION = re.compile(r"[\s\ufeff]*<\?xml\s")
_DEPTH = re.compile(r"depth in document: (\d+)")
_LIMITS = frozenset({etree.ErrorTypes.ERR_RESOURCE_LIMIT, etree.ErrorTypes.ERR_NO_MEMORY})
# libxml2 stops reading at the first </html>, and puts what follows a </body> outside the
# body: a stray one mid-page (a pasted template, an ad) cut off the article after it
# (zh-news other_1, issue 15 item 3)
_PAGE_END = re.compile(rb"</(html|body)\s*>", re.IGNORECASE)

ParserFactory = Callable[[], etree.XMLParser | etree.HTMLParser]


class UnparsablePage(ValueError):
    """The page's tree cannot be built whole; the message is the reason, for a reject."""


def is_xml(markup: str | bytes) -> bool:
    """Whether parsel would read ``markup`` as XML: it opens with an XML declaration."""
    head = markup[:256].decode("utf-8", "ignore") if isinstance(markup, bytes) else markup
    return bool(_XML_DECLARATION.match(head))


def html_parser() -> etree.HTMLParser:
    """The parser parsel uses for HTML (``lxml.html`` elements)."""
    return html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def xml_parser() -> etree.XMLParser:
    """The parser parsel uses for XML: no entities resolved."""
    return SafeXMLParser(recover=True, encoding="utf-8", huge_tree=True)


def parse(markup: str | bytes, base_url: str | None, parser: ParserFactory) -> Any:
    """The root element of ``markup`` read by a new ``parser()``, as parsel reads a text,
    but to its end past a stray ``</html>`` or ``</body>`` (:func:`without_stray_ends`).

    :raises UnparsablePage: libxml2 stopped before the end of the page
    """
    body = markup if isinstance(markup, bytes) else b""
    if body and not _is_utf8(body):
        markup = body.decode("utf-8", errors="replace")  # as parsel reads such bytes
    if isinstance(markup, str):
        body = markup.replace("\x00", "").strip().encode("utf-8")
    else:
        body = body.replace(b"\x00", b"").strip()
    # here, so that site pages, generic pages and feeds all read a page to its end: the
    # XML parser stops at a stray </html> too (issue 15). One regex pass: 0.4% of the time
    # the fixture pages take to extract (7% of the lxml parse alone)
    body = without_stray_ends(body) or b"<html/>"
    # one parser a page: a parser's error log is its last parse's, and pages are parsed on
    # the crawl's thread and on the parse thread at once (textile_news/spiders/offload.py)
    reader = parser()
    root = etree.fromstring(body, parser=reader, base_url=base_url)
    check_whole(reader)
    return root if root is not None else etree.fromstring(b"<html/>", parser=reader)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def without_stray_ends(body: bytes) -> bytes:
    """``body`` without its ``</html>`` and ``</body>`` end tags but the last of each."""
    ends = list(_PAGE_END.finditer(body))
    last = {end[1].lower(): end.start() for end in ends}
    if len(ends) == len(last):
        return body  # the common case: one of each, or none
    kept = set(last.values())
    parts, start = [], 0
    for end in ends:
        if end.start() not in kept:
            parts.append(body[start : end.start()])
            start = end.end()
    parts.append(body[start:])
    return b"".join(parts)


def check_whole(parser: etree.XMLParser | etree.HTMLParser) -> None:
    """Raise :class:`UnparsablePage` if ``parser``'s last parse hit one of libxml2's limits."""
    for error in parser.error_log:
        if error.type in _LIMITS:
            raise UnparsablePage(reason(error.message))


def reason(message: str) -> str:
    """The reject's reason for libxml2's error ``message``."""
    if depth := _DEPTH.search(message):
        return f"page too deeply nested to parse whole (more than {depth[1]} levels)"
    return f"page too large to parse whole ({message.strip()})"
