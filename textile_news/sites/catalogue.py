"""The catalogue: the packaged sites (sites.toml beside this module) and a user's file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from textile_news.sites.load import load_file
from textile_news.sites.site import Site

# Read through importlib.resources, not a path: Scrapyd imports the package from a zipped egg
# (issue 17).
PACKAGED = resources.files("textile_news.sites").joinpath("sites.toml")


class Catalogue(Mapping[str, Site]):
    """Sites by slug, in the order their files give them."""

    def __init__(self, sites: Iterable[Site]) -> None:
        self._sites = {site.slug: site for site in sites}

    def __getitem__(self, slug: str) -> Site:
        return self._sites[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sites)

    def __len__(self) -> int:
        return len(self._sites)

    def for_url(self, url: str) -> Site | None:
        """The site whose hosts serve ``url``, or None."""
        host = urlsplit(url).hostname
        return next((site for site in self.values() if host and site.serves(host)), None)

    def learns_furniture(self, slug: str) -> bool:
        """Whether site ``slug``'s articles go through generic extraction, whose bodies keep
        what a site's template repeats: a site not in the catalogue (``generic:HOST``), or
        one without a page module or a body selector of its own (archive/furniture.py)."""
        site = self._sites.get(slug)
        return site is None or (site.page is None and site.selector("body") is None)

    def timezone(self, slug: str) -> str | None:
        """The zone of a date without an offset on site ``slug``: None for a site not in the
        catalogue (``generic:HOST``), whose pages' zones are inferred (issue 15)."""
        site = self._sites.get(slug)
        return site.timezone if site else None


@cache
def packaged() -> Catalogue:
    """The sites that come with textile-news."""
    return Catalogue(load_file(PACKAGED))


def catalogue(path: str | Path | None = None) -> Catalogue:
    """The packaged sites and those of the file at ``path``: a site of the file with a
    packaged site's slug replaces it.

    :raises SiteError: the file is not a valid file of sites
    """
    if not path:
        return packaged()
    return _merged(str(path))


def _merged(path: str) -> Catalogue:
    own = {site.slug: site for site in load_file(path)}
    replaced = [own.pop(site.slug, site) for site in packaged().values()]
    return Catalogue([*replaced, *own.values()])
