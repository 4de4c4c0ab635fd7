"""textileworld.com (Textile World): WordPress articles, dated by a dateline in the text."""

from __future__ import annotations

import re
from functools import cached_property

from textile_news import sites
from textile_news.pages import generic
from textile_news.pages.base import text_of

# "NEW YORK CITY — February 3, 2025 — Cotton Incorporated ..." (shared/SITES.md)
DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,60}?\s[—–-]+\s([A-Z][a-z]+\.? \d{1,2}, \d{4})\s[—–-]")


def is_article_url(url: str) -> bool:
    """``/textile-world/{section}/YYYY/MM/{slug}/`` (on textileworld.com or a mirror of it)."""
    return sites.packaged()["textileworld_com"].is_article_url(url)


class ArticlePage(generic.ArticlePage):
    """Article, e.g. https://www.textileworld.com/textile-world/knitting-apparel/2025/02/cotton-incorporated-opens-2025-showroom/"""

    site = "textileworld_com"
    source_name = "Textile World"
    # WordPress puts the post text in .entry-content: no trafilatura needed
    body_css = ".entry-content > p, .entry-content > ul > li, .entry-content > h2"

    @cached_property
    def _date(self) -> tuple[str | None, str | None]:
        found, where = generic.ArticlePage._date.func(self)  # type: ignore[attr-defined]
        if where in ("jsonld", "meta") and found:
            return found, where
        lead = text_of(self.css("article p, .entry-content p, body p"))
        if lead and (match := DATELINE.match(lead)):
            return match[1], "text"
        return found, where

    def source(self) -> str | None:
        return self.source_name
