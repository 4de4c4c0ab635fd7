"""The site catalogue as data: the :class:`Site` type, the TOML files that define sites
(the packaged ``sites.toml`` and a user's own, ``--sites FILE``) and their validation.

Pure: imports neither Scrapy nor the archive, so that one-page extraction, the page
objects and the pipelines can read a site's facts (its zone, hosts, article URLs) without
loading a spider. Part of issue 14 ("Sites as data").

May import: nothing of the project.
"""

from textile_news.sites.catalogue import Catalogue, catalogue, packaged
from textile_news.sites.load import SiteError, load_file
from textile_news.sites.site import SELECTOR_FIELDS, Site

__all__ = [
    "SELECTOR_FIELDS",
    "Catalogue",
    "Site",
    "SiteError",
    "catalogue",
    "load_file",
    "packaged",
]
