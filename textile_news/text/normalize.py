"""Whitespace and Unicode normalisation of text and paragraphs. No I/O.

Dates are read by ``text.dates``, URLs made canonical by ``text.urls``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def clean_text(text: str | None) -> str | None:
    """NFC-normalise, collapse runs of whitespace (NBSP and ideographic space included), strip.

    Returns None for None or for text that is only whitespace.
    """
    if text is None:
        return None
    # str.split() splits on exactly what the regex \s matches (str.isspace), in C
    return " ".join(unicodedata.normalize("NFC", text).split()) or None


def clean_paragraphs(paragraphs: Iterable[str | None]) -> str | None:
    """Join paragraphs with exactly one blank line, each paragraph's whitespace collapsed."""
    kept = [p for p in map(clean_text, paragraphs) if p]
    return "\n\n".join(kept) or None


def clean_body(body: str | None) -> str | None:
    """Re-flow a body whose paragraphs are separated by blank lines."""
    if body is None:
        return None
    return clean_paragraphs(re.split(r"\n\s*\n", body))
