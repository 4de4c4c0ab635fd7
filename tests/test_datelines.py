"""Datelines ("Brussels, 15 September 2020 – ...") open the first paragraph of English press
releases: generic extraction and the site profiles date a page by them (issue 4)."""

from __future__ import annotations

import pytest

from tests.pagecases import FIXTURES
from textile_news.pages import euratex_eu, generic, textileworld_com
from textile_news.pipeline.processing import normalize_article

EURATEX = FIXTURES / "euratex_eu" / "article-dateline-2020-09-15" / "page.html"
TEXTILEWORLD = FIXTURES / "textileworld_com" / "article-dateline-2025-02" / "page.html"


def page(lead: str) -> str:
    return (
        "<html><body><nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"<article><h1>Recovery plan welcomed</h1><p>{lead}</p>"
        "<p>The plan runs until 2026.</p></article></body></html>"
    )


BRUSSELS = ("Europe/Brussels", "2020-09-15")
NEW_YORK = ("America/New_York", "2025-02-03")


@pytest.mark.parametrize(
    ("page_class", "html", "where"),
    [
        (generic.ArticlePage, EURATEX.read_bytes(), BRUSSELS),
        (generic.ArticlePage, TEXTILEWORLD.read_bytes(), NEW_YORK),
        (generic.ArticlePage, page("Brussels, 15 September 2020 – EURATEX welcomes it."), BRUSSELS),
        (generic.ArticlePage, page("NEW YORK CITY — February 3, 2025 — It opens."), NEW_YORK),
        (euratex_eu.ArticlePage, EURATEX.read_bytes(), BRUSSELS),
        (textileworld_com.ArticlePage, TEXTILEWORLD.read_bytes(), NEW_YORK),
    ],
    ids=["generic-euratex", "generic-textileworld", "generic-brussels", "generic-new-york",
         "euratex", "textileworld"],
)  # fmt: skip
def test_date_from_the_dateline(page_class, html, where):
    tz, expected = where
    item = normalize_article(page_class("https://example.org/news/a/", html).to_item(), tz)
    assert (item.published_at, item.date_source) == (expected, "text")
