"""WordPress news posts: the post text in ``.entry-content``, and a date from a dateline in
the text when the page's metadata gives none."""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar

from textile_news.pages import generic
from textile_news.pages.base import text_of


class ArticlePage(generic.ArticlePage):
    """A WordPress post, e.g. https://euratex.eu/news/euratex-calls-for-a-recovery-plan/"""

    # WordPress puts the post text in .entry-content: no trafilatura needed
    body_css = ".entry-content > p, .entry-content > ul > li, .entry-content > h2"
    # the site's dateline at the start of the first paragraph; group 1 is the date
    dateline: ClassVar[re.Pattern[str] | None] = None

    @cached_property
    def _date(self) -> tuple[str | None, str | None]:
        found, where = generic.ArticlePage._date.func(self)  # type: ignore[attr-defined]
        if self.dateline is None or (where in ("jsonld", "meta") and found):
            return found, where
        lead = text_of(self.css("article p, .entry-content p, body p"))
        if lead and (match := self.dateline.match(lead)):
            return match[1], "text"
        return found, where

    def source(self) -> str | None:
        return self.source_name
