"""Page objects against saved HTML: the exact expected JSON of every fixture case."""

from __future__ import annotations

import json
import os

import pytest

from tests.pagecases import CASES, FIXTURES, case_id, extract, load_page
from textile_news.pages.sjfzxm_com import contributor_name


def test_there_are_cases():
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_page(case):
    got = extract(case)
    expected_file = case / "output.json"
    if os.environ.get("TEXTILE_NEWS_UPDATE_FIXTURES"):  # then check output.json by hand
        expected_file.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
    assert got == json.loads(expected_file.read_text())


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_page_object_is_pure(case):
    """The same HTML gives the same item twice: no clock, no state between calls."""
    page = load_page(case)
    first = page.to_item() if hasattr(page, "to_item") else page.entries()
    second = page.to_item() if hasattr(page, "to_item") else page.entries()
    assert first == second


REFERENCE = FIXTURES / "sjfzxm_com" / "article-576416-reference"


def reader_paragraphs() -> list[str]:
    """The seven body paragraphs of the reference article, from its reader text."""
    text = (REFERENCE / "reader-text.txt").read_text()
    start = text.index("The preparatory meeting of Shanxi")
    end = text.index("on September 24.") + len("on September 24.")
    return [" ".join(p.split()) for p in text[start:end].split("\n\n")]


def test_reference_body_is_the_seven_paragraphs_of_the_reader_text():
    body = extract(REFERENCE)["body"]
    assert body.split("\n\n") == reader_paragraphs()
    assert len(reader_paragraphs()) == 7


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Home",
        "2020/9/9",
        "Shanxi Clothing Association",
        "Contributed by",
        "Related reading",
        "Chamber of Commerce",
        "Read the next article",
        "Fumin",
    ],
)
def test_reference_body_has_no_page_furniture(boilerplate):
    assert boilerplate not in extract(REFERENCE)["body"]


def test_reference_fields_match_the_issue():
    item = extract(REFERENCE)
    assert item["title"] == (
        "Shanxi Textile Industry Industry Industry Innovation Alliance "
        "Preparatory Meeting Held In Taiyuan"
    )
    assert item["published_at"] == "2020-09-09T23:17:00+08:00"
    assert (item["views"], item["tags"], item["author"]) == (
        4,
        ["Shanxi Clothing Association"],
        "Liang Junwei",
    )
    first = item["related"][0]
    assert len(item["related"]) == 5
    assert first["title"].startswith("Local Hot Spots: ")
    assert (first["category"], first["published_at"]) == (
        "Chamber of Commerce",
        "2020-09-03T17:48:00+08:00",
    )
    assert item["next"]["title"] == "Fumin Fashion City: Capital Of Southern Style Clothing"
    assert item["next"]["summary"].startswith("Fumin fashion city: the capital")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Contributed by observer of world service website Liang Junwei", "Liang Junwei"),
        ("Contributed by Zhang San", "Zhang San"),
        ("contributed by   observer  Sun Hao ", "Sun Hao"),
        ("Related reading", None),
        (None, None),
    ],
)
def test_contributor_name(line, name):
    assert contributor_name(line) == name
