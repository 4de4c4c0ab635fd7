"""``crawl -s NAME=VALUE`` checked before the crawl starts: a value must be one the setting's
type takes, the type of its default in Scrapy's or the project's settings; Scrapy would
otherwise fail on it with a traceback once the crawl has begun (issue 13, item 11)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scrapy.settings import BaseSettings

# Scrapy 2.19 reads these with getfloat although their defaults are whole numbers
_FLOATS = frozenset({"CLOSESPIDER_TIMEOUT", "DNS_TIMEOUT", "DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT"})
_Read = Callable[[BaseSettings, str], Any]
# Settings of ours that are gone, with what took their place: set, they would do nothing
_RETIRED = {
    "TEXTILE_NEWS_ZERO_NEW_RUNS": "the 'no new article' check now counts the site's usual gap:"
    " TEXTILE_NEWS_SILENCE_FACTOR (3) and a site's publishes_every",
}


class BadSetting(ValueError):
    """A value the setting cannot take; the message names the setting, in one line."""


def check(overrides: Mapping[str, str], defaults: BaseSettings) -> None:
    """Check each of ``overrides`` (as given on the command line) against the type of its
    default in ``defaults``. Lists take any text (Scrapy splits it at commas), and so do
    text settings and those without a default.

    :raises BadSetting: a value its setting's type does not take, or a setting retired
    """
    for name, value in overrides.items():
        if name in _RETIRED:
            raise BadSetting(f"-s {name}={value}: {name} is no longer read; {_RETIRED[name]}")
        default = defaults.get(name)
        expected = _expected(name, default)
        if expected is None:
            continue
        kind, read = expected
        try:
            read(BaseSettings({name: value}), name)
        except (TypeError, ValueError):
            plain = isinstance(default, int | float) and not isinstance(default, bool)
            example = f" such as {default!r}" if plain else ""
            raise BadSetting(f"-s {name}={value}: {name} takes {kind}{example}") from None


def _expected(name: str, default: Any) -> tuple[str, _Read] | None:
    # bool before int: True is an int too
    if isinstance(default, bool):
        return "True or False (or 1 or 0)", BaseSettings.getbool
    if isinstance(default, float) or (isinstance(default, int) and name in _FLOATS):
        return "a number", BaseSettings.getfloat
    if isinstance(default, int):
        return "a whole number", BaseSettings.getint
    if isinstance(default, BaseSettings | dict):
        return "a JSON object", BaseSettings.getdict
    return None
