"""Generic page object for any news page: structured metadata first, then the main text.

Part of issue 4 ("Generic extraction for any news page"). Fields come from JSON-LD
(``NewsArticle``/``Article``/``ReportageNewsArticle``, also inside ``@graph``), then
OpenGraph and other meta tags, then the visible page. The body is trafilatura's main text,
cleaned of "read also" and photo-credit lines, with the page's own lead (its description)
put back when trafilatura dropped it; see docs/benchmarks.md for what each step is worth.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Any

import trafilatura

from textile_news.pages import base
from textile_news.pages.base import text_of

SITE = "generic"
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle"})

# Meta tags that carry the publication date, most specific first.
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
# Dates as pages print them: 2024-03-05, 2024/3/5, 5.3.2024, 5 March 2024, March 5, 2024.
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TEXT_DATE = re.compile(
    r"\b(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}\.\s?\d{1,2}\.\s?\d{4}(?:,? \d{1,2}:\d{2})?"
    rf"|\d{{1,2}} {_MONTHS} \d{{4}}|{_MONTHS} \d{{1,2}}, \d{{4}})\b"
)
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\b)")
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


class ArticlePage(base.ArticlePage):
    """Any news page, e.g. https://www.example.com/news/2024/03/05/cotton-prices.html"""

    site = SITE

    @cached_property
    def _jsonld(self) -> dict[str, Any]:
        """The page's first JSON-LD article object, or {}."""
        for script in self.css('script[type="application/ld+json"]::text').getall():
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
        found: dict[str, str] = {}
        for meta in self.css("meta[content]"):
            key = (
                meta.attrib.get("property")
                or meta.attrib.get("name")
                or meta.attrib.get("itemprop")
            )
            content = meta.attrib["content"].strip()
            if key and content:
                found.setdefault(key.strip().lower(), content)
        return found

    def _ld(self, key: str) -> str | None:
        value = self._jsonld.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
        return value.strip() or None if isinstance(value, str) else None

    def title(self) -> str | None:
        if headline := self._ld("headline"):
            return headline
        if og := self._meta.get("og:title"):
            return strip_site_name(og, self.source())
        return text_of(self.css("h1")) or strip_site_name(text_of(self.css("title")), self.source())

    @cached_property
    def _date(self) -> tuple[str | None, str | None]:
        """(published_at as the page gives it, where it came from)."""
        if found := self._ld("datePublished") or self._ld("dateCreated"):
            return found, "jsonld"
        if found := next((self._meta[k] for k in DATE_META if k in self._meta), None):
            return found, "meta"
        if found := self.css("time::attr(datetime)").get("").strip():
            return found, "text"
        scope = self.css("article") or self.css("body")
        if match := _TEXT_DATE.search(text_of(scope) or ""):
            # 12.01.2024 is day first wherever dots are used; dateparser would read month first.
            dotted = _DOTTED.fullmatch(match[1])
            return (f"{dotted[3]}-{dotted[2]:0>2}-{dotted[1]:0>2}" if dotted else match[1]), "text"
        if match := _URL_DATE.search(self.url):
            return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}", "url"
        return self.hints.get("published_at"), self.hints.get("date_source", "listing")

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
        return tags or self.css('meta[property="article:tag"]::attr(content)').getall()

    def category(self) -> str | None:
        return self._ld("articleSection") or self._meta.get("article:section") or super().category()

    def language(self) -> str | None:
        lang = (
            self.css("html::attr(lang)").get()
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

    def body(self) -> str | None:
        # trafilatura copies a tree it is given, so the selector stays as it was.
        text = trafilatura.extract(self.selector.root, include_comments=False)
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
        return text_of(self.css("body")) or ""


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
