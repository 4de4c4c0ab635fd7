"""Duplicates across sites (issue 4, item 7): the same story crawled from two replica sites
(tests/site/textileworld_com and tests/site/just_style_com) into one archive is linked."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from tests.conftest import SITES, query, run
from textile_news.cli import cli
from textile_news.demo.server import StaticSite, serving

# every test here runs crawls or the CLI in subprocesses
pytestmark = pytest.mark.slow

TW_COPY = (
    "https://www.textileworld.com/textile-world/nonwovens/2025/01/"
    "nonwovens-producer-adds-spunlace-capacity-in-north-carolina/"
)
JS_COPY = "https://www.just-style.com/news/spunlace-capacity-to-grow-in-north-carolina/"
JS_OTHER = "https://www.just-style.com/news/bangladesh-garment-exports-rise-in-june/"


@pytest.fixture(scope="module")
def sites():
    with (
        serving(StaticSite(SITES / "textileworld_com")) as tw,
        serving(StaticSite(SITES / "just_style_com")) as js,
    ):
        yield {"textileworld_com": tw + "feed/", "just_style_com": js + "feed/"}


def crawl(site: str, start_url: str, db_file, *extra: str):
    args = [sys.executable, "-m", "scrapy", "crawl", site, "-a", f"start_url={start_url}"]
    result = run([*args, "-s", f"TEXTILE_NEWS_DB={db_file}", *extra])
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def links(db_file) -> dict[str, str | None]:
    """Each article's URL and the URL of the article it is a copy of."""
    rows = query(
        db_file,
        "SELECT a.url, o.url FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of",
    )
    return dict(rows)


def test_a_syndicated_copy_on_another_site_points_at_the_original(sites, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    crawl("textileworld_com", sites["textileworld_com"], db_file)
    crawl("just_style_com", sites["just_style_com"], db_file)
    got = links(db_file)
    assert got[JS_COPY] == TW_COPY
    assert got[TW_COPY] is None
    assert got[JS_OTHER] is None
    assert [u for u, original in got.items() if original] == [JS_COPY]
    # both rows stay: each site's copy is in the archive, linked
    assert query(
        db_file, "SELECT site FROM articles WHERE url IN (?, ?) ORDER BY id", [TW_COPY, JS_COPY]
    ) == [
        ("textileworld_com",),
        ("just_style_com",),
    ]


def test_show_lists_the_copies_of_a_story(sites, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    crawl("just_style_com", sites["just_style_com"], db_file)
    crawl("textileworld_com", sites["textileworld_com"], db_file)
    got = links(db_file)
    # whichever came first is the one the other points at: one story, two rows, linked
    assert {got[JS_COPY], got[TW_COPY]} == {None, JS_COPY}
    result = CliRunner().invoke(cli, ["show", TW_COPY, "--db", str(db_file)])
    assert result.exit_code == 0, result.output
    assert (
        "\noriginal on just_style_com (2025-01-29T09:30:00+00:00): "
        f"Spunlace capacity to grow in North Carolina\n  {JS_COPY}\n"
    ) in result.output
    original = CliRunner().invoke(cli, ["show", JS_COPY, "--db", str(db_file)])
    assert (
        "\ncopy on textileworld_com (2025-01-28T14:05:00+00:00): "
        f"Nonwovens Producer Adds Spunlace Capacity In North Carolina\n  {TW_COPY}\n"
    ) in original.output


def test_linking_can_be_turned_off(sites, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    off = ("-s", "TEXTILE_NEWS_DUPLICATE_DISTANCE=-1")
    crawl("textileworld_com", sites["textileworld_com"], db_file, *off)
    crawl("just_style_com", sites["just_style_com"], db_file, *off)
    assert set(links(db_file).values()) == {None}
