"""`crawl --start-url`: one URL for one site, or SITE=URL for each of several, and
`--start-urls FILE`, a TOML or JSON map of them, so that several sites can be crawled at
once from local replicas (issue 17, item 4)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

import click

from textile_news.cli.common import check_start_url

# a site's name, then "=": a URL's own "=" (?page=2) comes after its "://"
_PAIR = re.compile(r"^(?P<site>[A-Za-z0-9_]+)=(?P<url>.+)$")


def parse(values: Sequence[str], map_file: Path | None) -> tuple[str | None, dict[str, str]]:
    """The one start URL given without a site (or None) and the URLs given per site."""
    plain: list[str] = []
    by_site: dict[str, str] = dict(_read_map(map_file)) if map_file else {}
    for value in values:
        if match := _PAIR.match(value):
            site, url = match["site"], match["url"]
            if site in by_site and by_site[site] != url:
                raise click.BadParameter(f"two start URLs for {site}", param_hint="'--start-url'")
            by_site[site] = _checked(url, "'--start-url'")
        else:
            plain.append(_checked(value, "'--start-url'"))
    if len(plain) > 1 or (plain and by_site):
        raise click.UsageError("one --start-url URL for one SITE, or SITE=URL for each site")
    return (plain[0] if plain else None), by_site


def _checked(url: str, hint: str) -> str:
    try:
        return str(check_start_url(click.get_current_context(), None, url))  # type: ignore[arg-type]
    except click.BadParameter as exc:
        exc.param_hint = hint
        raise


def _read_map(path: Path) -> dict[str, str]:
    """``{site: url}`` from a TOML (``site = "url"``) or JSON file."""
    hint = "'--start-urls'"
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint=hint) from None
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise click.BadParameter(f"{path} is not valid: {exc}", param_hint=hint) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise click.BadParameter(f"{path} is not a map of SITE to URL", param_hint=hint)
    return {site: _checked(url, hint) for site, url in data.items()}
