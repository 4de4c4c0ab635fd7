"""Site: one news site's facts, as its catalogue entry gives them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from textile_news.text.urls import host_matches

# The article fields a ``[site.selectors]`` table may name ("published": ``published_at``).
SELECTOR_FIELDS = ("title", "published", "body", "author", "source", "summary", "category")


@dataclass(frozen=True)
class Site:
    """A site of the catalogue: where it is, what its articles look like, how to read them.

    ``hosts`` are the hosts (and ``*.domain`` wildcards) serving the site, its mirrors
    among them: an article found on any of them is filed under ``url``.
    """

    slug: str  # "sjfzxm_com": names the spider, the runs and the archive's site column
    name: str
    url: str  # "http://www.sjfzxm.com": the scheme and host articles are filed under
    hosts: tuple[str, ...]
    timezone: str = "UTC"  # of a date the site gives without an offset
    language: str | None = None
    start_urls: tuple[str, ...] = ()  # listing pages (or, for a site of data, feeds)
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    # a regular expression searched in the path of a URL: whether it is an article's
    article_url: str | None = None
    id_path: str | None = None  # "/global/en/{id}.html": articles by number (--first-id)
    page: str | None = None  # the module of textile_news.pages with the site's page objects
    selectors: tuple[tuple[str, str], ...] = ()  # (field, CSS), in the file's order
    # how often it publishes (``publishes_every = "7d"``): a crawl finds nothing new for 3x
    # this long before monitoring says so; without it, learnt from the archive (issue 17)
    publishes_every: timedelta | None = None
    file: str | None = None  # the file that defined it

    def aliases(self) -> dict[str, str]:
        """Host -> the scheme and host that the archive files this site's articles under."""
        return dict.fromkeys(self.hosts, self.url)

    def serves(self, host: str | None) -> bool:
        """Whether ``host`` is one of the site's hosts (``*.domain`` matches subdomains)."""
        return host_matches(host, self.hosts)

    def article_match(self, url: str) -> re.Match[str] | None:
        """The match of ``article_url`` in the URL's path (None without a pattern)."""
        if self.article_url is None:
            return None
        return re.search(self.article_url, urlsplit(url).path)

    def is_article_url(self, url: str) -> bool:
        return self.article_match(url) is not None

    def selector(self, field: str) -> str | None:
        """The CSS selector given for ``field`` (a key of SELECTOR_FIELDS), if any."""
        return dict(self.selectors).get(field)
