"""Pure normalisation helpers: text, paragraphs and URLs (dates: ``text.dates``). No I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that identify a campaign or a click, never the page.
TRACKING_PARAMS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "gclid",
    "fbclid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "spm",  # Alibaba's click tracking, common on Chinese sites
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


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


# --- URLs ------------------------------------------------------------------


def canonical_url(url: str, host_aliases: Mapping[str, str] | None = None) -> str:
    """The one spelling of a URL under which the archive keeps it.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters, sorts the query and normalises percent-escapes (w3lib), and maps
    mirror hosts onto the site's own host (``host_aliases``: ``{"91se91.com":
    "www.sjfzxm.com"}``; the key ``"*.example.com"`` matches every subdomain).
    """
    url = url_query_cleaner(url.strip(), TRACKING_PARAMS, remove=True, keep_fragments=False)
    parts = urlsplit(canonicalize_url(url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    alias = _alias_for(host, port, host_aliases or {})
    if alias is not None:
        target = urlsplit(alias if "//" in alias else f"//{alias}")
        scheme = target.scheme or scheme
        host, port = target.hostname or host, target.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@lru_cache(maxsize=65536)
def _canonical_cached(url: str, aliases: tuple[tuple[str, str], ...]) -> str:
    return canonical_url(url, dict(aliases))


def canonical_url_cached(url: str, aliases: tuple[tuple[str, str], ...] = ()) -> str:
    """``canonical_url`` with memory: a crawl meets each related link many times over.

    :param aliases: ``host_aliases`` as a tuple of items, so that it can be a cache key
    """
    return _canonical_cached(url, aliases)


def _alias_for(host: str, port: int | None, aliases: Mapping[str, str]) -> str | None:
    if port is not None and f"{host}:{port}" in aliases:
        return aliases[f"{host}:{port}"]
    if host in aliases:
        return aliases[host]
    labels = host.split(".")
    for i in range(1, len(labels) - 1):
        wildcard = "*." + ".".join(labels[i:])
        if wildcard in aliases:
            return aliases[wildcard]
    return None
