"""The page objects of a catalogue site: its page module's, or generic extraction with the
CSS selectors of its entry (``[site.selectors]``) winning field by field.

Part of issue 14 ("Sites as data"). A selector that matches nothing on a page leaves the
field to generic extraction and is named in the page's ``empty_selectors``: a crawl counts
them, and its findings say which selector went empty on how many pages.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from textile_news.pages import base, generic, generic_listing
from textile_news.sites import Site

# Blocks of an article's text: a body selector's element is read paragraph by paragraph.
_BLOCKS = "p, li, h2, h3, h4, h5, h6, blockquote, pre"


@cache
def article_page(site: Site | None) -> type[base.ArticlePage]:
    """The article page class for ``site``: generic extraction without a site."""
    if site is None:
        return generic.ArticlePage
    page_class: type[base.ArticlePage] = (
        _module(site.page).ArticlePage if site.page else generic.ArticlePage
    )
    if not site.selectors and page_class.site == site.slug:
        return page_class
    return type(
        f"{page_class.__name__}For_{site.slug}",
        (SelectorMixin, page_class),
        {"site": site.slug, "catalogue_site": site, "__doc__": f"An article of {site.name}."},
    )


@cache
def list_page(site: Site) -> type[base.ListPage]:
    """The listing page class for ``site``: its page module's, else one that takes the
    links matching its ``article_url`` (generic heuristics without one)."""
    if site.page and (own := getattr(_module(site.page), "ListPage", None)):
        return own
    return type(f"ListPageFor_{site.slug}", (SiteListPage,), {"catalogue_site": site})


def _module(name: str) -> Any:
    return importlib.import_module(f"textile_news.pages.{name}")


class SelectorMixin(base.ArticlePage):
    """Field methods that ask the site's selectors first, the page class's own after."""

    catalogue_site: Site

    def __init__(
        self, url: str, html: str | bytes | Selector, hints: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(url, html, hints)
        self.empty_selectors: set[str] = set()  # selector fields that matched nothing here

    def _chosen(self, field: str, fallback: Callable[[], Any]) -> Any:
        css = self.catalogue_site.selector(field)
        if css is None:
            return fallback()
        found = _select(self.selector, css, paragraphs=field == "body")
        if found is None:
            self.empty_selectors.add(field)
            return fallback()
        return found

    def title(self) -> str | None:
        return self._chosen("title", super().title)

    def published_at(self) -> str | None:
        return self._chosen("published", super().published_at)

    def date_source(self) -> str | None:
        css = self.catalogue_site.selector("published")
        if css and _select(self.selector, css) is not None:
            return "selector"
        return super().date_source()

    def body(self) -> str | None:
        return self._chosen("body", super().body)

    def author(self) -> str | None:
        return self._chosen("author", super().author)

    def source(self) -> str | None:
        return self._chosen("source", super().source)

    def summary(self) -> str | None:
        return self._chosen("summary", super().summary)

    def category(self) -> str | None:
        return self._chosen("category", super().category)

    def language(self) -> str | None:
        return super().language() or self.catalogue_site.language


def _select(selector: Selector, css: str, *, paragraphs: bool = False) -> str | None:
    """What ``css`` selects: the text of its first element (of each, paragraph by paragraph,
    for a body), or its ``::text``/``::attr()`` values; None when it selects nothing."""
    selection = selector.css(css)
    if "::" in css:
        values = [" ".join(v.split()) for v in selection.getall()]
        values = [v for v in values if v]
        return ("\n\n" if paragraphs else " ").join(values) or None
    if not paragraphs:
        return base.text_of(selection)
    lines = []
    for node in selection:
        blocks = node.css(_BLOCKS)
        lines += [base.text_of(b) or "" for b in blocks] if blocks else [base.text_of(node) or ""]
    return "\n\n".join(generic.clean_lines(lines)) or None


class SiteListPage(generic_listing.ListPage):
    """A listing of a site of data: the links whose path matches its ``article_url``."""

    catalogue_site: Site

    def entries(self) -> list[base.ListEntry]:
        site = self.catalogue_site
        if site.article_url is None:
            return super().entries()
        host = urlsplit(self.url).hostname
        found: dict[str, base.ListEntry] = {}
        for a in self.css("a[href]"):
            url = self.urljoin(a.attrib["href"]).split("#")[0]
            link_host = urlsplit(url).hostname
            if not (link_host == host or site.serves(link_host)) or not site.is_article_url(url):
                continue
            title = base.text_of(a) or a.attrib.get("title")
            entry = found.setdefault(url, base.ListEntry(url))
            if title and len(title) > len(entry.title or ""):  # a headline beats "Read more"
                entry.title = title
        return list(found.values())
