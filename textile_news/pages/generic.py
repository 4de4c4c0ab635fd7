"""Generic page object for any news page: structured metadata first, then the main text.

Part of issue 4 ("Generic extraction for any news page"). Fields come from JSON-LD
(``NewsArticle``/``Article``/``ReportageNewsArticle``, also inside ``@graph``), then
OpenGraph and other meta tags, then the visible page. The body is trafilatura's main text
(its fast mode; its standard mode when the fast text is a small share of the page's),
without the page's furniture (``pages.boilerplate``: pointers, credits, notices, a line
that is a link's whole text), with the page's own lead (its description) put back when
trafilatura dropped it; see docs/benchmarks.md for what each step is worth. Related links
come from the page's related-articles block (``pages.related``).
The date comes from meta tags and JSON-LD, other date markup, the date printed under the
headline, script variables, a cue word's date (``发布时间：``), ``<time>`` elements, elements
whose class names a date or a byline, the text (never an update's date, ``更新时间：``,
while another is printed), and a date in the URL, which wins over a date of another day;
then a listing's or feed's date, then htmldate's extensive search (see ``ArticlePage._date``;
issue 15).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any, ClassVar

import trafilatura
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel import Selector
from trafilatura.settings import Extractor

from textile_news.items import RelatedLink
from textile_news.pages import base, credits, printed_dates, titles, tree
from textile_news.pages.boilerplate import clean_lines
from textile_news.pages.related import related_links
from textile_news.text.dates import as_date, day_of, find_date, local_stamp, url_day
from textile_news.text.dates.extensive import extensive_date
from textile_news.text.dates.scripted import script_date
from textile_news.text.dates.yearless import YEARLESS, page_year, with_year

SITE = "generic"
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle"})

# Meta tags that carry the publication date (the first of them in the page counts).
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "og:article:published_time",
    "article:published",
    "article:published_date",
    "article.published",
    "published_time",
    "published_date",
    "publish_date",
    "publish-date",
    "published-date",
    "publication_date",
    "shareaholic:article_published_time",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "prism.publicationdate",
    "citation_date",
    "datecreated",
    "date_created",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "dc.date.created",
    "dc.date",
    "dcterms.date",
    "date",
)
_DATE_KEYS = frozenset(DATE_META)
_LD_DATE = re.compile(r'"date(?:Published|Created)"\s*:\s*"([^"]{6,40})"')
# Pages are parsed as trafilatura parses them (no comments, no processing instructions, no
# index of ids), so that its copy of the tree is no larger than its own parse would be. Its
# elements are lxml.html's, as trafilatura requires, but without lxml.html's lookup of a class
# for each element, a Python call whenever lxml hands one out: trafilatura (which copies the
# tree with its parser) asks for thousands a page, and runs about 5% faster without them.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)


def _parser() -> etree.HTMLParser:
    # a new one a page (about 2 µs): tree.check_whole reads the parser's own error log
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True, encoding="utf-8"
    )
    parser.set_element_class_lookup(_LOOKUP)
    return parser


# One pass over the tree collects what the fields read (lxml filters the tags in C).
_INDEXED = ("meta", "link", "script", "style", "svg", "h1", "title", "article", "body")
# Elements that trafilatura drops at every stage and that hold no text it reads (JSON-LD
# scripts, which it reads, are kept).
_INERT = frozenset({"meta", "link", "script", "style", "svg"})
# Microdata, RDFa and microformat marks of the publication date outside <meta>. Attribute
# steps: a predicate on every element of a large page costs more than the rest of the date.
_MARKED_DATES = etree.XPath(
    "//@itemprop[. = 'datePublished' or . = 'dateCreated']/.."
    " | //@property[. = 'datePublished' or . = 'schema:datePublished' or . = 'dateCreated'"
    " or . = 'schema:dateCreated' or . = 'dc:date' or . = 'dc:created']/.."
    " | //@pubdate/.. | //abbr[@title][contains(@class, 'published')]"
)
_CLASSES = etree.XPath("//body//@class")
# Classes of elements that hold a date or the byline next to it, as htmldate reads them.
_DATE_CUE = re.compile(
    "date|Date|datum|Datum|time|Time|publish|Publish|byline|meta|Meta|posted|fecha|info"
    "|submitted|author|autor|subline"
)
_CUE_TEXT = 200  # characters of a date cue's text read: more is a container, not a date

_LINK_LINE = 15  # characters: a shorter link's text ("Reuters", "PDF") may be a line of text
_LEAD_PROBE = 40  # characters of the description that must be missing before it is added
# trafilatura's settings, comments off: built once, as building them reads its
# configuration anew each time (40 µs a page). Its fast mode skips the second opinions
# (readability and jusText) that its standard mode runs on every page; they are worth
# running only when the fast text is a small share of what the page shows.
_TRAFILATURA = Extractor(comments=False)
_TRAFILATURA_FAST = Extractor(comments=False, fast=True)
_FAST_SHARE = 0.1
_ARTICLE_TEXT = 1000  # characters: a shorter <article> is a teaser or a card, not the story


@dataclass
class _Parts:
    """What the metadata fields read, gathered in one pass over the tree."""

    meta: dict[str, str] = field(default_factory=dict)  # by lower-cased key, the first wins
    dates: list[str] = field(default_factory=list)  # DATE_META tags' values, in page order
    article_tags: list[str] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    inert: list[Any] = field(default_factory=list)  # of the _INERT tags
    h1: Any = None
    h1s: list[Any] = field(default_factory=list)  # all of them, for the headline's date
    title: Any = None
    article: Any = None
    body: Any = None


class ArticlePage(base.ArticlePage):
    """Any news page, e.g. https://www.example.com/news/2024/03/05/cotton-prices.html

    ``body()`` takes scripts, styles, SVG, meta and link tags out of the page's tree.
    """

    site = SITE

    def __init__(
        self,
        url: str,
        html: str | bytes | Selector,
        hints: Mapping[str, Any] | None = None,
    ) -> None:
        if not isinstance(html, Selector):
            # Always as HTML: parsel reads a page that opens with <?xml as XML (XHTML pages
            # do), and then no query finds an element in the XHTML namespace.
            html = Selector(root=parse_html(base.as_text(html), url), type="html", base_url=url)
        super().__init__(url, html, hints)

    @cached_property
    def _parts(self) -> _Parts:
        # Each CSS query walks the whole document; on a large page six of them cost more
        # than the metadata is worth next to the body, hence a single walk.
        parts = _Parts()
        for node in self.selector.root.iter(*_INDEXED):
            tag = node.tag
            if tag in _INERT:
                if tag != "script" or not is_jsonld(node):
                    parts.inert.append(node)
                elif node.text:
                    parts.jsonld.append(node.text)
            if tag == "meta":
                content = node.get("content")
                if content is None:
                    continue
                if node.get("property") == "article:tag":
                    parts.article_tags.append(content)
                key = node.get("property") or node.get("name") or node.get("itemprop")
                content = content.strip()
                if key and content:
                    key = key.strip().lower()
                    parts.meta.setdefault(key, content)
                    if key in _DATE_KEYS:
                        parts.dates.append(content)
            if tag == "h1":
                parts.h1s.append(node)
                parts.h1 = parts.h1 if parts.h1 is not None else node
            elif tag not in _INERT and getattr(parts, tag) is None:  # title, article, body
                setattr(parts, tag, node)
        return parts

    @cached_property
    def _jsonld(self) -> dict[str, Any]:
        """The page's first JSON-LD article object, or {}."""
        for script in self._parts.jsonld:
            try:
                data = json.loads(script)
            except ValueError:
                continue
            article = find_article(data)
            if article:
                return article
        return {}

    @cached_property
    def _meta(self) -> dict[str, str]:
        """Meta tags by lower-cased ``property``, ``name`` or ``itemprop``; the first wins."""
        return self._parts.meta

    def _ld(self, key: str) -> str | None:
        value = self._jsonld.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
        return value.strip() or None if isinstance(value, str) else None

    def title(self) -> str | None:
        return self._title

    @cached_property
    def _title(self) -> str | None:
        if headline := self._ld("headline"):
            return headline
        parts = self._parts
        names, domain = self._site_names, titles.domain_name(self.url)
        h1 = node_text(parts.h1)
        if og := self._meta.get("og:title"):
            og = titles.strip_site_name(og, names, domain)
            # an og:title cut short (by a quote mark inside its attribute): the h1 says more
            if og and h1 and len(h1) > len(og) and h1.startswith(og):
                return h1
            return og
        return titles.headline(node_text(parts.title), h1, self.selector.root, names, domain)

    @cached_property
    def _site_names(self) -> list[str]:
        """What the site calls itself: og:site_name, application-name, the publisher."""
        publisher = self._jsonld.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        found = (self._meta.get("og:site_name"), self._meta.get("application-name"), name)
        return [n.strip() for n in found if isinstance(n, str) and n.strip()]

    @cached_property
    def _date(self) -> tuple[str | None, str | None]:
        """(published_at as the page gives it, where it came from)."""
        found, where = self._page_date()
        # A full date in the URL is the day the publisher filed the page under, as htmldate
        # also trusts it first: it beats a stamp of another day (a page re-stamped when a
        # site moved, a UTC stamp past midnight), while a stamp of that day adds its time.
        day = url_day(self.url)
        if day and (not found or day_of(found) != day):
            return day, "url"
        if found:
            return found, where
        if self.hints.get("published_at"):
            return self.hints["published_at"], self.hints.get("date_source", "listing")
        # the last resort, when nothing else gave a date (issue 15): milliseconds a page
        return extensive_date(self.selector.root, self.url), "htmldate"

    def _page_date(self) -> tuple[str | None, str | None]:
        """The first date the page gives: its markup (with the time printed under the
        headline on that day), the headline's date, script variables, a cue word's date,
        then the text (issue 15)."""
        marked = self._marked_date()
        printed = printed_dates.headline_date(self._parts.h1s)
        if marked[0]:
            return printed_dates.finer(marked, printed)
        if printed:
            return self._stamped(self._with_year(printed)), "text"
        inline = (node.text for node in self._parts.inert if node.tag == "script")
        scripts = chain(self._parts.jsonld, inline)
        cued = next(filter(None, map(printed_dates.cue_date, self._scope_texts)), None)
        if found := script_date(scripts):
            # a script's time is often the last update's: the one printed that day wins
            return printed_dates.finer((found, "script"), cued or self._class_date())
        if cued:
            return self._with_year(cued), "text"
        return self._text_date()

    def _stamped(self, printed: str) -> str:
        """The printed date, or a ``<time datetime>`` stamp of that day: the machine-readable
        form of the same date, which keeps the time and offset that the print leaves out."""
        day = day_of(printed)
        for node in self.selector.root.iter("time"):
            stamp = as_date(node.get("datetime"), markup=True)
            if (
                stamp
                and "T" in stamp
                and day_of(stamp) == day
                and ("T" not in printed or stamp.startswith(printed[:16]))
            ):
                return stamp
        return printed

    def _with_year(self, found: str) -> str:
        """A year-less date in the year the page gives it, else as printed (for the item
        processor to date from the fetch time)."""
        if not YEARLESS.fullmatch(found):
            return found
        days = chain((url_day(self.url),), (as_date(v, markup=True) for v in self._parts.dates))
        others = (as_date(v) for k, v in self._meta.items() if "date" in k or "time" in k)
        year = page_year(found, chain(days, others))
        return (with_year(found, year) if year else None) or found

    @cached_property
    def _scope_texts(self) -> list[str]:
        """The text of the page's <article> and of its <body>, as the date rules read them."""
        scopes = (self._parts.article, self._parts.body)
        return [" ".join(scope.itertext()) for scope in scopes if scope is not None]

    def _marked_date(self) -> tuple[str | None, str | None]:
        """The date the page's markup gives: meta tags, JSON-LD, microdata and RDFa."""
        # Meta tags before JSON-LD, and in page order, as htmldate reads them: where they
        # differ, the meta tags more often carry the date the page shows.
        marked: list[tuple[str | None, str]] = [(value, "meta") for value in self._parts.dates]
        marked += [(self._ld(k), "jsonld") for k in ("datePublished", "dateCreated")]
        stamps = [(found, where) for v, where in marked if (found := as_date(v, markup=True))]
        root = self.selector.root
        if stamps:
            times = ((node.get("datetime"), "text") for node in root.iter("time"))
            return local_stamp(stamps[0], chain(stamps, times))
        # Another JSON-LD object (a WebPage, a BlogPosting) with the date, at any depth.
        for script in self._parts.jsonld:
            if (match := _LD_DATE.search(script)) and (found := as_date(match[1])):
                return found, "jsonld"
        for node in _MARKED_DATES(root):
            if node.tag == "meta":
                continue
            value = node.get("content") or node.get("datetime") or node.get("title")
            if found := as_date(value or node_text(node)):
                return found, "meta"
        return None, None

    def _text_date(self) -> tuple[str | None, str | None]:
        """The date of a <time>, of an element whose class names a date, or in the text."""
        root = self.selector.root
        for node in root.iter("time"):
            text = printed_dates.without_updates(node_text(node) or "")
            if found := as_date(node.get("datetime")) or as_date(text):
                return found, "text"
        if found := self._class_date():
            return found, "text"
        for text in self._scope_texts:
            if found := find_date(printed_dates.without_updates(text)):
                return found, "text"
        # a page that prints only its update's date: as the text search took it before
        # update lines were left out, but named for what it is (issue 15 item 3)
        updated = next(filter(None, map(printed_dates.update_date, self._scope_texts)), None)
        return (self._with_year(updated), "updated") if updated else (None, None)

    def _class_date(self) -> str | None:
        """The date in an element whose class names a date or a byline."""
        for value in _CLASSES(self.selector.root):
            if _DATE_CUE.search(value):
                text = " ".join(value.getparent().itertext())
                if len(text) <= _CUE_TEXT and (
                    found := find_date(printed_dates.without_updates(text))
                ):
                    return found
        return None

    def published_at(self) -> str | None:
        return self._date[0]

    def date_source(self) -> str | None:
        return self._date[1] if self._date[0] else None

    @cached_property
    def _credits(self) -> tuple[list[str], list[str], list[str]]:
        """(authors, editors, sources) the page credits (pages.credits, issue 15)."""
        # credit lines (作者：, 责任编辑：) are read on pages in CJK scripts only: elsewhere the
        # walk of the page costs more than its few "Source:" lines are worth (3% of the
        # English pages' extraction time)
        parts = self._parts
        cjk = (self.language() or "") in ("zh", "ja", "ko") or credits.in_cjk(
            node_text(parts.title), node_text(parts.h1)
        )
        return credits.page_people(
            self._jsonld.get("author"),
            self._meta,
            self.selector.root,
            self._site_names,
            lines=cjk,
            scope=parts.article,
        )

    def source(self) -> str | None:
        # the publisher a credit line names (来源：新京报); else the site's own name, as the
        # packaged sites give theirs
        publisher = self._jsonld.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        own = self._meta.get("og:site_name") or (name if isinstance(name, str) else None)
        return next(iter(self._credits[2]), None) or own

    def author(self) -> str | None:
        return credits.joined(self._credits[0])

    def editor(self) -> str | None:
        return credits.joined(self._credits[1])

    def tags(self) -> list[str]:
        keywords = self._jsonld.get("keywords") or self._meta.get("keywords") or ""
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        tags = [k.strip() for k in keywords if isinstance(k, str) and k.strip()]
        return tags or list(self._parts.article_tags)

    def category(self) -> str | None:
        return self._ld("articleSection") or self._meta.get("article:section") or super().category()

    def language(self) -> str | None:
        root = self.selector.root
        lang = (
            (root.get("lang") if root.tag == "html" else self.css("html::attr(lang)").get())
            or self._meta.get("og:locale")
            or self._ld("inLanguage")
        )
        return re.split(r"[-_]", lang.strip())[0].lower() or None if lang else None

    def summary(self) -> str | None:
        return (
            self._meta.get("og:description")
            or self._meta.get("description")
            or self._ld("description")
            or super().summary()
        )

    def related(self) -> list[RelatedLink]:
        return related_links(self.selector.root, self.base_url, self.url)

    # A site profile's own rule for the body: CSS for the article's text blocks. When it
    # finds text, trafilatura is not run (a profile is held to under 1 ms a page); when the
    # site's markup changed and it finds none, generic extraction takes over.
    body_css: ClassVar[str | None] = None

    def body(self) -> str | None:
        if self.body_css and (own := self._own_body()):
            return own
        return self._generic_body()

    def _own_body(self) -> str | None:
        assert self.body_css is not None
        lines = clean_lines([base.text_of(node) or "" for node in self.css(self.body_css)])
        return "\n\n".join(lines) or None

    def _generic_body(self) -> str | None:
        # trafilatura copies the tree it is given, and every stage of it copies it again; all
        # of them drop scripts, styles, SVG, meta and link tags, so they go first (about 10%
        # of its time; its output stays the same on all 990 pages of the development set).
        # The date's last resort reads the page's text as it was, so it is found first.
        self.published_at()
        drop_nodes(self._parts.inert)
        text = trafilatura.extract(self._article_tree(), options=_TRAFILATURA_FAST)
        if len(text or "") < _FAST_SHARE * len(self._page_text):
            text = trafilatura.extract(self.selector.root, options=_TRAFILATURA)
        lines = clean_lines((text or "").splitlines())
        # A line that is the whole text of a link is a pointer to another page (a teaser,
        # a "more news" list), not a paragraph of this one.
        links = link_texts(self.selector.root)
        lines = [line for line in lines if " ".join(line.split()) not in links]
        if not lines and (article_body := self._ld("articleBody")):
            lines = clean_lines(article_body.splitlines())
        if lines and lines[0] == self.title():
            del lines[0]
        lead = " ".join((self.summary() or "").split())
        # trafilatura often drops a page's lead paragraph, which the description repeats;
        # it goes back only when the page shows it.
        probe = lead[:_LEAD_PROBE]
        whole = len(lead) > _LEAD_PROBE and not lead.endswith(("...", "…"))
        missing = whole and probe not in " ".join(" ".join(lines).split())
        if lines and missing and probe in self._page_text:
            lines.insert(0, lead)
        return "\n\n".join(lines) or None

    def _article_tree(self) -> Any:
        """The tree trafilatura's fast mode reads: the page's only <article>, when it holds
        _ARTICLE_TEXT characters or more, alone in a page of its own; else the page.

        trafilatura looks for an article element first anyway; handed the page, it copies and
        prunes all of it at every stage (about 2 ms a page of the development set).
        """
        articles = list(self.selector.root.iter("article"))
        if len(articles) != 1 or len(node_text(articles[0]) or "") < _ARTICLE_TEXT:
            return self.selector.root
        article = deepcopy(articles[0])
        article.tail = None  # the text after </article> is the page's, not the story's
        page = parse_html("<html><body></body></html>")
        page.find("body").append(article)
        return page

    @cached_property
    def _page_text(self) -> str:
        return node_text(self._parts.body) or ""


def find_article(data: Any) -> dict[str, Any] | None:
    """The first object of an article type in JSON-LD data (lists and ``@graph`` included)."""
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                return node
            if "@graph" in node:
                stack.append(node["@graph"])
    return None


def parse_html(html: str | bytes, url: str | None = None) -> Any:
    """The lxml tree of a page, as parsel would build it but with trafilatura's settings,
    and read to its end past a stray ``</html>`` (``tree.parse``).

    :raises tree.UnparsablePage: libxml2 could not read the page to its end
    """
    return tree.parse(base.as_text(html), url, _parser)


def is_jsonld(node: Any) -> bool:
    kind = node.get("type")
    return bool(kind) and kind.strip().lower() == "application/ld+json"


def drop_nodes(nodes: Iterable[Any]) -> None:
    """Take lxml elements out of their tree, leaving the text that follows each in place."""
    for node in nodes:
        parent = node.getparent()
        if parent is None:
            continue
        if node.tail:
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def node_text(node: Any) -> str | None:
    """All text under an lxml element, whitespace collapsed; None when empty or no element."""
    if node is None:
        return None
    return " ".join(node.xpath("string()").split()) or None


def link_texts(root: Any) -> set[str]:
    """The texts (whitespace collapsed, 15+ characters) of the links that leave the page:
    not a table of contents' links to its headings (an address with a fragment), a mail
    address, or an address the page prints as its link's text ("http://www.example.org")."""
    # a walk over the <a> elements costs less than an XPath test of each one's text
    found = set()
    for link in root.iter("a"):
        href = link.get("href")
        if not href or "#" in href or href.startswith("mailto:"):
            continue
        text = " ".join("".join(link.itertext()).split())
        if len(text) >= _LINK_LINE and "://" not in text and not text.startswith("www."):
            found.add(text)
    return found


def strip_site_name(title: str | None, site_name: str | None = None) -> str | None:
    """``"Cotton rallies | Textile Daily"`` -> ``"Cotton rallies"`` (pages.titles)."""
    return titles.strip_site_name(title, [site_name] if site_name else ())
