"""Pure URL helpers: the canonical spelling of a URL, and which host patterns a host matches."""

from __future__ import annotations

from collections.abc import Container, Mapping
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


def host_pattern(host: str | None, patterns: Container[str]) -> str | None:
    """The pattern of ``patterns`` that ``host`` matches, the most specific one: the host
    itself, else the ``*.domain`` wildcard of the longest domain (``*.example.com``
    matches ``www.example.com`` and ``a.b.example.com``, never ``example.com``).
    """
    host = (host or "").lower()
    if host in patterns:
        return host
    labels = host.split(".")
    for i in range(1, len(labels)):
        wildcard = "*." + ".".join(labels[i:])
        if wildcard in patterns:
            return wildcard
    return None


def host_matches(host: str | None, patterns: Container[str]) -> bool:
    """Whether ``host`` is one of ``patterns`` or under one of their ``*.domain`` wildcards."""
    return host_pattern(host, patterns) is not None


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
    # host:port first: a mirror on 127.0.0.1:8123 is not every site on 127.0.0.1
    if port is not None and f"{host}:{port}" in aliases:
        return aliases[f"{host}:{port}"]
    pattern = host_pattern(host, aliases)
    return None if pattern is None else aliases[pattern]
