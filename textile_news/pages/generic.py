"""Generic page object for any news page: structured metadata first, then the main text.

Part of issue 4 ("Generic extraction for any news page"). Fields come from JSON-LD
(``NewsArticle``/``Article``/``ReportageNewsArticle``, also inside ``@graph``), then
OpenGraph and other meta tags, then the visible page. The body is trafilatura's main text,
cleaned of "read also" and photo-credit lines, with the page's own lead (its description)
put back when trafilatura dropped it; see docs/benchmarks.md for what each step is worth.
The date comes from meta tags and JSON-LD, other date markup, ``<time>`` elements, elements
whose class names a date or a byline, the text, and a date in the URL, which wins over a
date of another day (see ``ArticlePage._date``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cached_property
from itertools import chain
from typing import Any, ClassVar

import trafilatura
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel import Selector
from trafilatura.settings import Extractor

from textile_news.pages import base, tree
from textile_news.text.content import decode_html

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
# Month names as dates print them: English, German, French, Spanish, Italian, Portuguese,
# Dutch and Polish (nominative and genitive), with their usual abbreviations.
_MONTH_WORDS = (
    "jan january januar jänner janv janvier enero gennaio janeiro januari styczeń stycznia ene gen",
    "feb february februar feber février fevrier febrero febbraio fevereiro februari luty lutego"
    " févr fevr fév fev",
    "mar march märz maerz mär mrz mars marzo março maart marzec marca",
    "apr april avril abril aprile kwiecień kwietnia avr abr",
    "may mai mayo maggio maio mei maj maja mag",
    "jun june juni juin junio giugno junho czerwiec czerwca giu",
    "jul july juli juillet juil julio luglio julho lipiec lipca lug",
    "aug august août aout agosto augustus sierpień sierpnia ago",
    "sep sept september septembre septiembre setiembre settembre setembro wrzesień września set",
    "oct october oktober okt octobre octubre ottobre outubro październik października ott out",
    "nov november novembre noviembre novembro listopad listopada",
    "dec december dezember dez déc décembre decembre diciembre dic dicembre dezembro"
    " grudzień grudnia",
)
# and Russian and Ukrainian, in the genitive that dates use ("15 августа 2016")
_MONTH_WORDS_CYRILLIC = (
    "января січня",
    "февраля лютого",
    "марта березня",
    "апреля квітня",
    "мая травня",
    "июня червня",
    "июля липня",
    "августа серпня",
    "сентября вересня",
    "октября жовтня",
    "ноября листопада",
    "декабря грудня",
)
_DATE_KEYS = frozenset(DATE_META)
_MONTH_NUMBERS = {
    name: month
    for words in (_MONTH_WORDS, _MONTH_WORDS_CYRILLIC)
    for month, names in enumerate(words, 1)
    for name in names.split()
}
# Dates as pages print them: 2024-03-05 and 2024/3/5 (year first), 5.3.2024 and 05-03-2024
# (day first, as wherever dots and dashes are used that way), 5/3/2024 (day first unless that
# cannot be), 5 March 2024, 21. April 2020, 4 de mayo de 2022 and March 5, 2024; each with an
# optional time of day. Each has a year of four digits: the search finds the years, then reads
# the date around each, since one pattern for all the forms, tried at every character of a
# page's text, costs milliseconds.
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_AFTER_YEAR = re.compile(r"[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_BEFORE_YEAR = re.compile(
    r"(?:(?<!\d)(?P<d>\d{1,2})(?P<sep>[-./])\s?(?P<m>\d{1,2})(?P=sep)\s?"
    r"|(?<!\d)(?P<d2>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+|of\s+)?(?P<mn>[^\W\d_]{3,})"
    r"\.?,?\s+(?:de\s+)?"
    r"|(?<![^\W\d_])(?P<mn2>[^\W\d_]{3,})\.?\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,?\s+)\Z"
)
_LOOK_BACK = 40  # characters before a year that its day and month can take
# A time of day right after a date: "2024-03-05 09:30", "05.03.2024, 9:30 Uhr", "- 16:40".
_TIME_AFTER = re.compile(
    r"(?:T|,?\s*(?:um|at|à|a las|alle|om|o|[-–|@])?\s*)(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"(?::(?P<S>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LD_DATE = re.compile(r'"date(?:Published|Created)"\s*:\s*"([^"]{6,40})"')
# /2024/03/05/slug, /2024-3-5-slug, and day first: /news/05-03-2024.
_URL_DATE = re.compile(
    r"/(?:(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})-(?P<m2>\d{1,2})-(?P<y2>(?:19|20)\d{2}))(?:[/.-]|\b)"
)
# Publication dates of web pages: from the 1990s on; 2099-12-31 and the like are placeholders.
_YEARS = range(1990, 2090)
_SAME_INSTANT = 60  # seconds between two stamps of one moment (rounding, a lost fraction)
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
# " | Site", " - Site Name", " — Site" at the end of a title.
_TITLE_SUFFIX = re.compile(r"^(.{10,}?)\s+(?:[|·•»]|::|-|–|—)\s+[^|·•»–—]{1,40}$")

# Lines that point away from the article ("Read also: ...", "Lesen Sie auch", "Czytaj też").
_SEE_ALSO = re.compile(
    r"^\W*(read more|read also|see also|related(?: articles?| stories| posts| content)?"
    r"|more on this(?: story| topic)?|recommended|lesen sie (?:auch|hier|mehr)|mehr zum thema"
    r"|mehr dazu|auch interessant|das könnte sie(?: auch)? interessieren|zum weiterlesen"
    r"|weiterlesen|weitere artikel|weitere themen|passend dazu|à lire aussi|a lire aussi"
    r"|lire aussi|voir aussi|sur le même sujet|vea también|lea también|lee también"
    r"|le puede interesar|te puede interesar|puedes ver|notas relacionadas"
    r"|contenido relacionado|leia também|veja também|czytaj (?:też|także|również|więcej)"
    r"|zobacz (?:też|także|również)|przeczytaj (?:też|także|również)|leggi anche)\b"
    r"\s*(?:[:»|>–-]|$)",
    re.IGNORECASE,
)
# Photo credits and copyright lines ("Titelbild: ...", "Crédits photos : ...").
_CREDIT = re.compile(
    r"^\W*(copyright|©|titelbild|bildquelle|beitragsbild|foto|fotos|bild|bilder|photo|photos"
    r"|crédits? photos?|image|quelle|source|fuente)\s*[:|]",
    re.IGNORECASE,
)
_LEAD_PROBE = 40  # characters of the description that must be missing before it is added
# trafilatura's standard settings, comments off: built once, as building them reads its
# configuration anew each time (40 µs a page).
_TRAFILATURA = Extractor(comments=False)


@dataclass
class _Parts:
    """What the metadata fields read, gathered in one pass over the tree."""

    meta: dict[str, str] = field(default_factory=dict)  # by lower-cased key, the first wins
    dates: list[str] = field(default_factory=list)  # DATE_META tags' values, in page order
    article_tags: list[str] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    inert: list[Any] = field(default_factory=list)  # of the _INERT tags
    h1: Any = None
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
            html = Selector(root=parse_html(html, url), type="html", base_url=url)
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
            elif tag not in _INERT and getattr(parts, tag) is None:  # h1, title, article, body
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
        if og := self._meta.get("og:title"):
            return strip_site_name(og, self.source())
        parts = self._parts
        return node_text(parts.h1) or strip_site_name(node_text(parts.title), self.source())

    @cached_property
    def _date(self) -> tuple[str | None, str | None]:
        """(published_at as the page gives it, where it came from)."""
        found, where = self._page_date()
        # A full date in the URL is the day the publisher filed the page under, as htmldate
        # also trusts it first: it beats a stamp of another day (a page re-stamped when a
        # site moved, a UTC stamp past midnight), while a stamp of that day adds its time.
        if match := _URL_DATE.search(self.url):
            year, month, day_ = (
                (match["y"], match["m"], match["d"])
                if match["y"]
                else (match["y2"], match["m2"], match["d2"])
            )
            day = ymd(int(year), int(month), int(day_))
            if day and (not found or day_of(found) != day):
                return day, "url"
        if found:
            return found, where
        return self.hints.get("published_at"), self.hints.get("date_source", "listing")

    def _page_date(self) -> tuple[str | None, str | None]:
        """The first date the page gives, from its most trusted markup to its text."""
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
        for node in root.iter("time"):
            if found := as_date(node.get("datetime")) or as_date(node_text(node)):
                return found, "text"
        for value in _CLASSES(root):
            if _DATE_CUE.search(value):
                text = " ".join(value.getparent().itertext())
                if len(text) <= _CUE_TEXT and (found := find_date(text)):
                    return found, "text"
        for scope in (self._parts.article, self._parts.body):
            if scope is not None and (found := find_date(" ".join(scope.itertext()))):
                return found, "text"
        return None, None

    def published_at(self) -> str | None:
        return self._date[0]

    def date_source(self) -> str | None:
        return self._date[1] if self._date[0] else None

    def source(self) -> str | None:
        publisher = self._jsonld.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        return self._meta.get("og:site_name") or (name if isinstance(name, str) else None)

    def author(self) -> str | None:
        authors = self._jsonld.get("author")
        names = [
            a.get("name") if isinstance(a, dict) else a
            for a in (authors if isinstance(authors, list) else [authors])
        ]
        named = ", ".join(n.strip() for n in names if isinstance(n, str) and n.strip())
        meta = self._meta.get("author") or self._meta.get("article:author")
        return named or (meta if meta and "://" not in meta else None)

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
        text = trafilatura.extract(self.selector.root, options=_TRAFILATURA)
        lines = clean_lines((text or "").splitlines())
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
    """The lxml tree of a page, as parsel would build it but with trafilatura's settings.

    :raises tree.UnparsablePage: libxml2 could not read the page to its end
    """
    if isinstance(html, bytes):
        # as a crawl decodes them, not as UTF-8 whatever the page declares (GBK)
        html = decode_html(html)[1]
    html = html.encode("utf-8")
    body = (html.replace(b"\x00", b"") if b"\x00" in html else html).strip()
    parser = _parser()
    root = etree.fromstring(body or b"<html/>", parser=parser, base_url=url)
    tree.check_whole(parser)
    return root if root is not None else etree.fromstring(b"<html/>", parser=parser)


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


def ymd(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or None for a day that does not exist or cannot be a publication's."""
    if year not in _YEARS:
        return None
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def day_of(value: str) -> str | None:
    """The calendar day a date value names, in the offset it is written in."""
    if match := _ISO_DAY.match(value):
        return match[0]
    moment = _instant(value)
    return moment.date().isoformat() if moment else None


def _instant(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def as_date(value: str | None, markup: bool = False) -> str | None:
    """A date as a page gives it, in a form ``parse_date`` reads without dateparser.

    ISO 8601 and RFC 822 stay as they are; anything else is read as a page prints dates
    (:func:`find_date`). None unless it names a whole day: a year or a month alone is none.

    :param markup: the value is a meta tag's or JSON-LD's, where 11/01/2023 is month first
    """
    value = " ".join((value or "").split())
    if not value:
        return None
    moment = _instant(value)
    if moment is not None:
        return value if moment.year in _YEARS else None
    return find_date(value, month_first=markup)


def find_date(text: str, month_first: bool = False) -> str | None:
    """The first date in ``text`` as ISO 8601 (with its time of day if one follows), or None.

    :param month_first: read 11/01/2023 as November 1, as machines write dates (the en-US
        format); pages print it day first in most languages. 5.3.2024 is always day first.
    """
    for year_match in _YEAR.finditer(text):
        start, end = year_match.span()
        if start and text[start - 1].isdigit():
            continue
        year = int(year_match[0])
        if (after := _AFTER_YEAR.match(text, end)) and (
            day := ymd(year, int(after["m"]), int(after["d"]))
        ):
            return day + _time_after(text, after.end())
        before = _BEFORE_YEAR.search(text, max(0, start - _LOOK_BACK), start)
        if before is None:
            continue
        if before["d"]:
            first, second = int(before["d"]), int(before["m"])
            swap = second > 12 >= first or (
                month_first and before["sep"] == "/" and first <= 12 >= second
            )
            day = ymd(year, *((first, second) if swap else (second, first)))
        else:
            month = _MONTH_NUMBERS.get((before["mn"] or before["mn2"]).lower(), 0)
            day = ymd(year, month, int(before["d2"] or before["d3"])) if month else None
        if day:
            return day + _time_after(text, end)
    return None


def _time_after(text: str, end: int) -> str:
    """``THH:MM:SS`` (and the offset written with it) when a time of day follows a date."""
    match = _TIME_AFTER.match(text, end)
    if not match:
        return ""
    hour, minute = int(match["H"]), int(match["M"])
    if match["ampm"] and hour <= 12:
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return ""
    seconds = int(match["S"] or 0)
    return f"T{hour:02d}:{minute:02d}:{min(seconds, 59):02d}{match['tz'] or ''}"


def local_stamp(
    chosen: tuple[str, str], others: Iterable[tuple[str | None, str]]
) -> tuple[str, str]:
    """``chosen``, or the same moment as another stamp writes it in a local offset.

    A stamp in UTC names the moment but not the publisher's day: 22:04Z is already the next
    day in Vienna, as the page's own ``+02:00`` stamp of that moment says.
    """
    moment = _instant(chosen[0])
    if moment is None or moment.utcoffset() != timedelta(0):
        return chosen
    for value, where in others:
        other = _instant(" ".join((value or "").split()))
        if (
            other is not None
            and other.utcoffset()
            and abs((other - moment).total_seconds()) <= _SAME_INSTANT
        ):
            return " ".join((value or "").split()), where
    return chosen


def strip_site_name(title: str | None, site_name: str | None = None) -> str | None:
    """``"Cotton rallies | Textile Daily"`` -> ``"Cotton rallies"``."""
    if not title:
        return None
    title = " ".join(title.split())
    if site_name and title.endswith(site_name) and len(title) > len(site_name) + 3:
        stripped = title[: -len(site_name)].rstrip(" |-–—·•»:")
        return stripped or title
    match = _TITLE_SUFFIX.match(title)
    return match[1] if match else title


def clean_lines(lines: list[str]) -> list[str]:
    """Lines of main text without "read also" pointers, photo credits and repeats."""
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        line = line.strip()
        if not line or line in seen:
            continue
        if (_SEE_ALSO.match(line) and len(line) < 200) or (_CREDIT.match(line) and len(line) < 150):
            continue
        seen.add(line)
        kept.append(line)
    return kept
