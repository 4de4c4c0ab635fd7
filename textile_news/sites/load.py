"""Reading a TOML file of sites, every value checked before any spider runs.

A file is a list of ``[[site]]`` tables (README: "Adding a site"). The first fault found
is a :class:`SiteError` whose message names the file, the site and the key.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from datetime import timedelta
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator

from textile_news.sites.site import SELECTOR_FIELDS, Site

_SLUG = re.compile(r"[A-Za-z0-9_]+")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_HOST = re.compile(r"(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d+)?")
# Names a site may not take: the spider that crawls any site from a start URL has it.
_RESERVED = {"generic"}
_KEYS = (
    "slug",
    "name",
    "url",
    "hosts",
    "timezone",
    "language",
    "start_urls",
    "feeds",
    "sitemaps",
    "article_url",
    "id_path",
    "page",
    "selectors",
    "publishes_every",
)
_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*([hdw])")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


class SiteError(ValueError):
    """A file of sites that cannot be used; ``str()`` is the one line that says why."""

    def __init__(self, file: str, why: str, site: str | None = None, key: str | None = None):
        where = [file] + ([f"site {site}"] if site else []) + ([f"key {key!r}"] if key else [])
        super().__init__(": ".join([*where, why]))
        self.file, self.site, self.key = file, site, key


def load_file(path: str | Path | Traversable) -> list[Site]:
    """The sites defined in the TOML file at ``path``, in the file's order.

    :raises SiteError: the file cannot be read, is not TOML, or a site in it is not valid
    """
    name = str(path)
    source = Path(path) if isinstance(path, str) else path
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SiteError(name, f"cannot read it: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SiteError(name, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteError(name, f"not valid TOML: {exc}") from None
    return parse(data, name)


def parse(data: Mapping[str, Any], file: str) -> list[Site]:
    """The sites of a parsed TOML document (``file`` names it in errors)."""
    for key in data:
        if key != "site":
            raise SiteError(file, "unknown key (a file of sites holds [[site]] tables)", key=key)
    tables = data.get("site", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise SiteError(file, "must be [[site]] tables", key="site")
    found: dict[str, int] = {}
    sites = []
    for number, table in enumerate(tables, 1):
        site = _site(table, file, number)
        if site.slug in found:
            raise SiteError(
                file, f"defined twice (also site #{found[site.slug]})", repr(site.slug), "slug"
            )
        found[site.slug] = number
        sites.append(site)
    return sites


def _site(table: Mapping[str, Any], file: str, number: int) -> Site:
    slug = table.get("slug")
    label = repr(slug) if isinstance(slug, str) and slug else f"#{number}"

    def fail(key: str, why: str) -> SiteError:
        return SiteError(file, why, label, key)

    for key in table:
        if key not in _KEYS:
            raise fail(key, f"unknown key; a site has {', '.join(_KEYS)}")
    for key in ("slug", "name", "url"):
        if key not in table:
            raise fail(key, "missing")
    slug = _text(table, "slug", fail)
    if not _SLUG.fullmatch(slug):
        raise fail("slug", "letters, digits and underscores only")
    if slug in _RESERVED:
        raise fail("slug", f"{slug!r} is the name of a spider that crawls any site")
    url = _url(_text(table, "url", fail), "url", fail)
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise fail("url", "the site's scheme and host only, e.g. https://www.example.org")
    starts = {k: tuple(_url(u, k, fail) for u in _texts(table, k, fail)) for k in _STARTS}
    if not any(starts.values()):
        raise fail("start_urls", "missing: a site needs start_urls, feeds or sitemaps")
    return Site(
        slug=slug,
        name=_text(table, "name", fail),
        url=url.rstrip("/"),
        hosts=_hosts(table, parts.hostname or "", fail),
        timezone=_zone(table, fail),
        language=_language(table, fail),
        start_urls=starts["start_urls"],
        feeds=starts["feeds"],
        sitemaps=starts["sitemaps"],
        article_url=_pattern(table, fail),
        id_path=_id_path(table, fail),
        page=_page(table, fail),
        selectors=_selectors(table, fail),
        publishes_every=_every(table, fail),
        file=file,
    )


_STARTS = ("start_urls", "feeds", "sitemaps")
Fail = Callable[[str, str], SiteError]


def _text(table: Mapping[str, Any], key: str, fail: Fail) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a non-empty string")
    return value.strip()


def _texts(table: Mapping[str, Any], key: str, fail: Fail) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(key, "must be a list of strings")
    return [v.strip() for v in value]


def _url(value: str, key: str, fail: Fail) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(key, f"{value!r} is not an http(s) URL")
    return value


def _hosts(table: Mapping[str, Any], host: str, fail: Fail) -> tuple[str, ...]:
    if "hosts" not in table:  # www.example.org: example.org and its subdomains
        bare = host.removeprefix("www.")
        return (bare, f"*.{bare}") if bare != host else (host,)
    hosts = [h.lower() for h in _texts(table, "hosts", fail)]
    for value in hosts:
        if not _HOST.fullmatch(value):
            raise fail("hosts", f"{value!r} is not a host name or *.domain")
    return tuple(hosts)


def _zone(table: Mapping[str, Any], fail: Fail) -> str:
    if "timezone" not in table:
        return "UTC"
    zone = _text(table, "timezone", fail)
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"unknown time zone {zone!r} (e.g. Europe/Brussels)") from None
    return zone


def _language(table: Mapping[str, Any], fail: Fail) -> str | None:
    if "language" not in table:
        return None
    language = _text(table, "language", fail)
    if not _LANGUAGE.fullmatch(language):
        raise fail("language", f"{language!r} is not a language code like en or zh")
    return language


def _pattern(table: Mapping[str, Any], fail: Fail) -> str | None:
    if "article_url" not in table:
        return None
    pattern = _text(table, "article_url", fail)
    try:
        re.compile(pattern)
    except re.error as exc:
        raise fail("article_url", f"bad regular expression: {exc}") from None
    return pattern


def _id_path(table: Mapping[str, Any], fail: Fail) -> str | None:
    if "id_path" not in table:
        return None
    path = _text(table, "id_path", fail)
    if not path.startswith("/") or "{id}" not in path:
        raise fail("id_path", "a path with {id} in it, e.g. /news/{id}.html")
    return path


def _page(table: Mapping[str, Any], fail: Fail) -> str | None:
    if "page" not in table:
        return None
    page = _text(table, "page", fail)
    if not _SLUG.fullmatch(page) or importlib.util.find_spec(f"textile_news.pages.{page}") is None:
        raise fail("page", f"no page module textile_news/pages/{page}.py")
    return page


_CSS = HTMLTranslator()


def _selectors(table: Mapping[str, Any], fail: Fail) -> tuple[tuple[str, str], ...]:
    given = table.get("selectors", {})
    if not isinstance(given, dict):
        raise fail("selectors", "must be a table of field = CSS selector")
    selectors = []
    for field, css in given.items():
        key = f"selectors.{field}"
        if field not in SELECTOR_FIELDS:
            raise fail(key, f"unknown field; selectors are for {', '.join(SELECTOR_FIELDS)}")
        if not isinstance(css, str) or not css.strip():
            raise fail(key, "must be a CSS selector")
        try:  # parsel's dialect: ::text and ::attr(name) too
            _CSS.css_to_xpath(css)
        except SelectorError as exc:
            raise fail(key, f"bad CSS selector: {exc}") from None
        selectors.append((field, css.strip()))
    return tuple(selectors)


def _every(table: Mapping[str, Any], fail: Fail) -> timedelta | None:
    if "publishes_every" not in table:
        return None
    value = table["publishes_every"]
    match = _EVERY.fullmatch(value.strip()) if isinstance(value, str) else None
    every = float(match[1]) * _UNITS[match[2]] if match else timedelta(0)
    if not every:
        raise fail("publishes_every", f"{value!r} is not a duration like 12h, 7d or 2w")
    return every
