"""Page objects against saved HTML: the exact expected JSON of every fixture case."""

from __future__ import annotations

import json
import os

import pytest

from tests.pagecases import CASES, case_id, extract, load_page


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
