"""Feed and sitemap page objects: RSS 2.0, Atom, sitemap.xml and sitemap indexes.

Part of issue 4 (feeds and sitemaps): a site with a feed needs no listing selectors. The
entries carry what the feed says about each article (link, title, date, summary); the
article page is extracted as usual and the feed's date and summary fill what it lacks.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from textile_news.pages import tree
from textile_news.pages.base import ListEntry, Page

# WordPress ends every item's description with "The post <a>X</a> appeared first on Y."
_WP_FOOTER = re.compile(r"\s*The post .{1,300}? appeared first on .{1,120}?\.?\s*$", re.DOTALL)
_WP_MORE = re.compile(r"\s*(?:\[(?:…|\.\.\.|&#8230;)\]|Continue reading.*|Read more.*)\s*$")


def xml_selector(body: str | bytes) -> Selector:
    """An XML selector without namespaces: ``//item/link`` whatever the feed declares.

    :raises tree.UnparsablePage: libxml2 could not read the document to its end
    """
    raw = body.encode("utf-8") if isinstance(body, str) else body
    selector = Selector(root=tree.parse(raw.lstrip(), None, tree.xml_parser), type="xml")
    selector.remove_namespaces()
    return selector


def html_text(fragment: str | None) -> str | None:
    """The text of an HTML fragment (a feed's description), whitespace collapsed."""
    if not fragment or not fragment.strip():
        return None
    node = Selector(text=f"<div>{fragment}</div>")
    text = " ".join(" ".join(node.xpath("//div[1]//text()").getall()).split())
    text = _WP_MORE.sub("", _WP_FOOTER.sub("", text)).strip()
    return text or None


def kind_of(selector: Selector) -> str | None:
    """``"rss"``, ``"atom"``, ``"urlset"``, ``"sitemapindex"`` or None (not a feed)."""
    root = selector.xpath("name(/*)").get("").lower()
    return {"rss": "rss", "rdf": "rss", "feed": "atom"}.get(root) or (
        root if root in ("urlset", "sitemapindex") else None
    )


class FeedPage(Page):
    """An RSS 2.0 or Atom feed, e.g. https://www.textileworld.com/feed/"""

    def __init__(self, url: str, body: str | bytes | Selector) -> None:
        super().__init__(url, body if isinstance(body, Selector) else xml_selector(body))

    @property
    def kind(self) -> str | None:
        return kind_of(self.selector)

    def entries(self) -> list[ListEntry]:
        if self.kind == "atom":
            return [e for e in map(self._atom_entry, self.xpath("/feed/entry")) if e]
        if self.kind == "rss":
            return [e for e in map(self._rss_item, self.xpath("//item")) if e]
        return []

    def _rss_item(self, item: Selector) -> ListEntry | None:
        link = item.xpath("link/text()").get("").strip()
        guid = item.xpath("guid[not(@isPermaLink='false')]/text()").get("").strip()
        url = link or (guid if guid.startswith("http") else "")
        if not url:
            return None
        date = item.xpath("pubDate/text()").get() or item.xpath("date/text()").get()
        return ListEntry(
            url=self.urljoin(url),
            title=_text(item.xpath("title/text()").get()),
            summary=html_text(item.xpath("description/text()").get()),
            published_at=_text(date),
            category=_text(item.xpath("category/text()").get()),
        )

    def _atom_entry(self, entry: Selector) -> ListEntry | None:
        links = entry.xpath("link[not(@rel) or @rel='alternate']/@href").getall()
        if not links:
            return None
        summary = entry.xpath("summary/text()").get() or entry.xpath("content/text()").get()
        return ListEntry(
            url=self.urljoin(links[0]),
            title=_text(entry.xpath("title/text()").get()),
            summary=html_text(summary),
            published_at=_text(
                entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
            ),
            category=_text(entry.xpath("category/@term").get()),
        )


class SitemapPage(Page):
    """A sitemap (``<urlset>``) or sitemap index, e.g. https://www.ncto.org/sitemap.xml"""

    def __init__(self, url: str, body: str | bytes | Selector) -> None:
        super().__init__(url, body if isinstance(body, Selector) else xml_selector(body))

    @property
    def kind(self) -> str | None:
        return kind_of(self.selector)

    def entries(self) -> list[ListEntry]:
        """The pages of a ``<urlset>``, dated by news:publication_date, else lastmod."""
        found = []
        for node in self.xpath("/urlset/url[loc]"):
            date = (
                node.xpath("news/publication_date/text()").get()
                or node.xpath("lastmod/text()").get()
            )
            found.append(
                ListEntry(
                    url=self.urljoin(node.xpath("loc/text()").get("")),
                    title=_text(node.xpath("news/title/text()").get()),
                    published_at=_text(date),
                )
            )
        return found

    def sitemaps(self) -> list[str]:
        """The sitemaps a ``<sitemapindex>`` lists."""
        locs = self.xpath("/sitemapindex/sitemap/loc/text()").getall()
        return [self.urljoin(loc) for loc in locs if loc.strip()]


def with_page(url: str, number: int) -> str:
    """A WordPress feed URL at page ``number``: ``/feed/?paged=2``."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "paged"]
    if number > 1:
        query.append(("paged", str(number)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def page_number(url: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get("paged", "1")
    return int(value) if value.isdigit() else 1


def _text(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None
