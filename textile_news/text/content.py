"""What a response's bytes are: the text encoding that fits them, or a binary format. Pure.

Scrapy decodes a page with the charset its Content-Type header declares, else the one its
``<meta>`` declares, else a guess; a wrong label is trusted and the text comes out garbled.
``better_encoding`` checks the label against the bytes (issue 3, item 6).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    resolve_encoding,
)

# Multi-byte encodings: bytes with the high bit set decode under one of them only when
# they form its sequences, which text in another encoding rarely does. UTF-16 and UTF-32
# are left out: almost any even-length byte string "decodes" as UTF-16.
_MULTIBYTE = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8",
        "gb18030",
        "gbk",
        "gb2312",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "euc_jp",
        "euc_kr",
        "cp949",
    )
)
# The web's default for unlabelled Western text (WHATWG Encoding Standard). A detector
# cannot tell windows-1252 from windows-1250 by a few accented letters: "naïve" came out
# as "naďve" when Scrapy's guess was trusted.
FALLBACK = "cp1252"

# A charset label as written: Content-Type header, <meta charset> or <meta http-equiv>.
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEAD_BYTES = 4096  # where browsers look for a <meta> charset (WHATWG: first 1024, prescan)

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
)


def binary_type(body: bytes) -> str | None:
    """The media type of a known binary format that ``body`` starts with, else None."""
    if body[8:12] == b"WEBP" and body.startswith(b"RIFF"):
        return "image/webp"
    return next((ctype for magic, ctype in _SIGNATURES if body.startswith(magic)), None)


def declared_label(body: bytes | str, content_type: str | None = None) -> str | None:
    """The charset label the ``Content-Type`` header, else the page's ``<meta>``, gives, as
    written (lower case): what the page claims, right or wrong; None when it claims nothing."""
    head = body[:_HEAD_BYTES]
    for source in (
        (content_type or "").encode("latin-1", "replace"),
        head.encode("utf-8", "replace") if isinstance(head, str) else head,
    ):
        if match := _CHARSET.search(source):
            return match[1].decode("ascii").lower()
    return None


def is_mislabelled(declared: str | None, used: str | None) -> bool:
    """True when a page declares a label and was decoded with another encoding.

    Labels are compared as w3lib resolves them, as Scrapy decodes: ``gbk`` and ``gb2312``
    name gb18030, ``iso-8859-1`` names windows-1252 (the WHATWG rule). A label that names
    no known encoding is a wrong one.
    """
    if not declared or not used:
        return False
    return resolve_encoding(declared) != (resolve_encoding(used) or used)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(the encoding, the text) of an HTML page's bytes, decoded as a crawl decodes them.

    The charset the ``Content-Type`` header, else the page's ``<meta>``, declares (w3lib's
    ``html_to_unicode``, as Scrapy's HtmlResponse), unless another fits the bytes better
    (``better_encoding``, as textile_news.crawl.middlewares.CharsetMiddleware).

    :param content_type: the ``Content-Type`` header it was served with, if any
    """
    declared = (http_content_type_encoding(content_type or ""), html_body_declared_encoding(body))
    encoding, text = html_to_unicode(content_type, body)
    if better := better_encoding(body, encoding, declared):
        return better, body.decode(better, "replace")
    return encoding, text


def better_encoding(body: bytes, current: str, declared: Iterable[str | None] = ()) -> str | None:
    """The encoding to decode ``body`` with when ``current`` is wrong, or None to keep it.

    :param current: the encoding Scrapy chose (``response.encoding``)
    :param declared: the encodings the response declares (header, ``<meta>``), resolved
        names as w3lib gives them; None for a missing one
    """
    if body.isascii():
        return None
    current = resolve_encoding(current) or current
    labels = [e for e in declared if e]
    fits = _decodes(body, current)
    if fits and current in _MULTIBYTE:
        return None  # a strict multi-byte decode is strong evidence
    if not fits and current == "utf-8" and _mostly_utf8(body):
        return None  # a few stray bytes in a UTF-8 page: replacement characters
    # What the page says, and UTF-8, which text in no other encoding passes for.
    for encoding in ("utf-8", *labels):
        if encoding != current and encoding in _MULTIBYTE and _decodes(body, encoding):
            return encoding
    guess = from_bytes(body).best()
    guessed = resolve_encoding(guess.encoding) if guess else None
    if guessed and guessed in _MULTIBYTE and _decodes(body, guessed):
        return None if guessed == current else guessed
    if fits and current in labels:
        return None  # a declared single-byte encoding that fits: nothing says otherwise
    return FALLBACK if current != FALLBACK and _decodes(body, FALLBACK) else None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    """More well-formed non-ASCII UTF-8 characters than malformed bytes."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return sum(ord(c) > 127 for c in text) - bad >= bad
