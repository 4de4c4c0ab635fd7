"""The generic page object: metadata cascades and the cleaning of the main text."""

from __future__ import annotations

import json

import pytest

from tests.pagecases import FIXTURES, extract
from textile_news.pages.generic import ArticlePage, clean_lines, find_article, strip_site_name

GENERIC = FIXTURES / "generic"


def test_the_four_cases_exist():
    names = {p.name for p in GENERIC.iterdir() if p.is_dir()}
    assert {"jsonld-only", "opengraph-only", "no-metadata", "comments-sidebar"} <= names


@pytest.mark.parametrize(
    ("case", "source"),
    [
        ("jsonld-only", "jsonld"),
        ("opengraph-only", "meta"),
        ("no-metadata", "text"),
        ("comments-sidebar", "text"),
    ],
)
def test_date_source(case, source):
    assert extract(GENERIC / case)["date_source"] == source


@pytest.mark.parametrize(
    "furniture",
    [
        "Reader42",
        "planet",
        "garment-to-garment",
        "Most read",
        "Cotton harvest",
        "newsletter",
        "Read also",
        "All rights reserved",
        "Markets",
    ],
)
def test_comments_and_sidebar_stay_out_of_the_body(furniture):
    assert furniture not in extract(GENERIC / "comments-sidebar")["body"]


def test_find_article_in_graph_and_lists():
    data = [{"@type": "WebPage"}, {"@graph": [{"@type": ["ReportageNewsArticle"], "x": 1}]}]
    assert find_article(data) == {"@type": ["ReportageNewsArticle"], "x": 1}
    assert find_article({"@type": "Organization"}) is None


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Cotton rallies | Textile Daily", None, "Cotton rallies"),
        ("Cotton rallies - Textile Daily", None, "Cotton rallies"),
        ("Cotton rallies :: Daily", "Daily", "Cotton rallies"),
        ("Cotton rallies again this week", None, "Cotton rallies again this week"),
        ("Well-known mill closes", None, "Well-known mill closes"),
        (None, None, None),
    ],
)
def test_strip_site_name(title, site, expected):
    assert strip_site_name(title, site) == expected


def test_clean_lines_drops_pointers_credits_and_repeats():
    lines = ["Read more: Another story", "Foto: dpa", "Text.", "Text.", "Lesen Sie auch", "End."]
    assert clean_lines(lines) == ["Text.", "End."]


def test_date_from_the_url_when_the_page_has_none():
    page = ArticlePage(
        "https://x.example/2023/7/4/story", "<html><body><p>No date.</p></body></html>"
    )
    assert (page.published_at(), page.date_source()) == ("2023-07-04", "url")


def test_no_date_at_all():
    page = ArticlePage("https://x.example/story", "<html><body><p>No date.</p></body></html>")
    assert (page.published_at(), page.date_source()) == (None, None)


def test_json_ld_article_body_when_the_main_text_is_empty():
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "H", "articleBody": "First line.\\nSecond line."}</script></head>'
        "<body></body></html>"
    )
    assert ArticlePage("https://x.example/a", html).body() == "First line.\n\nSecond line."


def test_a_profile_body_rule_that_finds_nothing_falls_back_to_generic_extraction():
    """just-style.com's profile reads .entry-content; a redesign without it still gets the
    body (from trafilatura), the same text."""
    from textile_news.pages import just_style_com

    case = FIXTURES / "just_style_com/article-jsonld-2021-07-23"
    html = (case / "page.html").read_text()
    url = json.loads((case / "meta.json").read_text())["url"]
    expected = json.loads((case / "output.json").read_text())["body"]
    assert just_style_com.ArticlePage(url, html).body() == expected
    redesigned = html.replace('class="entry-content"', 'class="post-text"')
    assert 'class="entry-content"' not in redesigned
    assert just_style_com.ArticlePage(url, redesigned).body() == expected
