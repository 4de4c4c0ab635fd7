"""The project's spider loader (SPIDER_LOADER_CLASS): Scrapy's, plus the catalogue's sites.

Part of issue 14. A site of the catalogue with a spider module of its own
(textile_news/spiders/SLUG.py) is crawled by that class; any other, by a subclass of
:class:`SiteSpider` made for it here. A site of ``TEXTILE_NEWS_SITES`` (``--sites FILE``)
with a packaged site's slug replaces its entry: the packaged class crawls it, with the
file's facts, page objects and selectors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from scrapy.spiderloader import SpiderLoader

from textile_news import sites
from textile_news.spiders.base import NewsSpider
from textile_news.spiders.site import SiteSpider

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


class SiteSpiderLoader(SpiderLoader):
    """Spiders of SPIDER_MODULES, and one for each site of the catalogue without one.

    :raises sites.SiteError: TEXTILE_NEWS_SITES names a file that is not a valid one
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.catalogue = sites.catalogue(settings.get("TEXTILE_NEWS_SITES"))
        for site in self.catalogue.values():
            own = cast("type[NewsSpider] | None", self._spiders.get(site.slug))
            if own is None or own.site != site:
                self._spiders[site.slug] = spider_class(site, own)


def spider_class(site: sites.Site, own: type[NewsSpider] | None = None) -> type[NewsSpider]:
    """A spider class that crawls ``site``: a subclass of its own spider class, if it has
    one, else of :class:`SiteSpider`."""
    base = own or SiteSpider
    return type(base.__name__, (base,), {"site": site, "__module__": base.__module__})
