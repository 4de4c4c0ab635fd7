"""euratex.eu (EURATEX, the European Apparel and Textile Confederation): WordPress news,
dated by a dateline in the text."""

from __future__ import annotations

import re
from functools import cached_property

from textile_news.pages import generic
from textile_news.pages.base import text_of

# "Brussels, 15 September 2020 – EURATEX welcomes ..." (shared/SITES.md)
DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}, (\d{1,2} [A-Z][a-z]+ \d{4})\s*[—–-]")


class ArticlePage(generic.ArticlePage):
    """News article, e.g. https://euratex.eu/news/euratex-calls-for-a-recovery-plan/"""

    site = "euratex_eu"
    source_name = "EURATEX"
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
