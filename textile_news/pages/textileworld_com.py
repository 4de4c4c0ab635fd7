"""textileworld.com (Textile World): WordPress articles, dated by a dateline in the text."""

from __future__ import annotations

import re

from textile_news import sites
from textile_news.pages import wordpress

# "NEW YORK CITY — February 3, 2025 — Cotton Incorporated ..." (shared/SITES.md)
DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,60}?\s[—–-]+\s([A-Z][a-z]+\.? \d{1,2}, \d{4})\s[—–-]")


def is_article_url(url: str) -> bool:
    """``/textile-world/{section}/YYYY/MM/{slug}/`` (on textileworld.com or a mirror of it)."""
    return sites.packaged()["textileworld_com"].is_article_url(url)


class ArticlePage(wordpress.ArticlePage):
    """Article, e.g. https://www.textileworld.com/textile-world/knitting-apparel/2025/02/cotton-incorporated-opens-2025-showroom/"""

    site = "textileworld_com"
    source_name = "Textile World"
    dateline = DATELINE
