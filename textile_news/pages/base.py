"""Base page objects: built from a URL and HTML, no I/O, no clock, no Scrapy import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from textile_news.items import Article, NextArticle, RelatedLink
from textile_news.pages import tree
from textile_news.text import content


@dataclass
class ListEntry:
    """One article as a listing page shows it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published_at: str | None = None
    category: str | None = None


def as_text(html: str | bytes) -> str:
    """A page's text: bytes decoded as a crawl decodes them (the charset the page declares,
    checked against its bytes: text.content.decode), not as lxml would, UTF-8 whatever
    the page says."""
    return content.decode(html).text if isinstance(html, bytes) else html


class Page:
    """A page: its URL, its HTML as a parsel Selector, and hints from the page that linked it.

    ``hints`` carry what a listing, a feed or another article said about this page
    (``summary``, ``published_at``); the page's own text wins over them.
    """

    def __init__(
        self,
        url: str,
        html: str | bytes | Selector,
        hints: Mapping[str, Any] | None = None,
    ) -> None:
        self.url = url
        if isinstance(html, Selector):
            self.selector = html
        else:
            html = as_text(html)
            # parsed here rather than by parsel, whose parser's error log is out of reach:
            # a tree that libxml2 cut short raises tree.UnparsablePage (issue 13, item 3)
            kind = "xml" if tree.is_xml(html) else "html"
            parser = tree.xml_parser if kind == "xml" else tree.html_parser
            root = tree.parse(html, url, parser)
            self.selector = Selector(root=root, type=kind, base_url=url)
        self.hints: Mapping[str, Any] = hints or {}

    def css(self, query: str) -> SelectorList[Selector]:
        return self.selector.css(query)

    def xpath(self, query: str) -> SelectorList[Selector]:
        return self.selector.xpath(query)

    @cached_property
    def base_url(self) -> str:
        """What the page's links are relative to: its ``<base href>``, else its URL."""
        # once a page: a query over the whole document for each link made listings
        # quadratic (issue 13, item 5)
        base = self.selector.css("base::attr(href)").get()
        return urljoin(self.url, base) if base else self.url

    def urljoin(self, href: str) -> str:
        return urljoin(self.base_url, href.strip())


def text_of(selection: Selector | SelectorList[Selector]) -> str | None:
    """All text under the first selected node, whitespace collapsed; None when empty."""
    node = selection if isinstance(selection, Selector) else (selection[0] if selection else None)
    if node is None:
        return None
    text = " ".join(node.xpath("string()").get("").split())
    return text or None


class ArticlePage(Page):
    """An article page. Subclasses implement the field methods that their site has."""

    site: str = ""
    source_name: str | None = None

    def title(self) -> str | None:
        return text_of(self.css("h1"))

    def published_at(self) -> str | None:
        return self.hints.get("published_at")

    def date_source(self) -> str | None:
        """Where ``published_at`` came from; a date from the hints came from the linking page."""
        if not self.published_at():
            return None
        return self.hints.get("date_source", "listing") if self.hints.get("published_at") else None

    def zone_source(self) -> str | None:
        """ "inferred" when the page object gave ``published_at`` an offset that the page
        printed elsewhere, not with the date (issue 15); else None: the item processor says
        where the offset came from."""
        return None

    def source(self) -> str | None:
        return self.source_name

    def author(self) -> str | None:
        return None

    def editor(self) -> str | None:
        """Editors credited on the page (责任编辑, 编辑), ``"; "``-separated."""
        return None

    def tags(self) -> list[str]:
        return []

    def category(self) -> str | None:
        return self.hints.get("category")

    def views(self) -> int | None:
        return None

    def language(self) -> str | None:
        lang = self.css("html::attr(lang)").get()
        return lang.strip().split("-")[0].lower() if lang else None

    def body(self) -> str | None:
        return None

    def summary(self) -> str | None:
        return self.hints.get("summary")

    def related(self) -> list[RelatedLink]:
        return []

    def next(self) -> NextArticle | None:
        return None

    def to_item(self) -> Article:
        return Article(
            url=self.url,
            site=self.site,
            title=self.title(),
            published_at=self.published_at(),
            date_source=self.date_source(),
            zone_source=self.zone_source(),
            source=self.source(),
            author=self.author(),
            editor=self.editor(),
            tags=self.tags(),
            category=self.category(),
            views=self.views(),
            language=self.language(),
            body=self.body(),
            summary=self.summary(),
            related=self.related(),
            next=self.next(),
        )


class ListPage(Page):
    """A listing page: the articles it links and the next listing page."""

    def entries(self) -> list[ListEntry]:
        return []

    def article_urls(self) -> list[str]:
        return [entry.url for entry in self.entries()]

    def next_page_url(self) -> str | None:
        return None
