"""Datasette over the archive: metadata, search, canned queries (issue 5, item 6)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from contextlib import closing

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

import textile_news.datasette
from tests.analyst_archive import F2F, SJFZXM, TEXINDEX, build
from textile_news.archive.db import open_readonly
from textile_news.archive.read import table_columns
from textile_news.cli import cli
from textile_news.datasette import meta as datasette_plugin


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("datasette") / "archive.sqlite")


def metadata(path):
    with closing(open_readonly(path)) as db:
        return datasette_plugin.metadata(path.stem, table_columns(db))


def get(path, *urls):
    """The JSON of each URL, served by Datasette with our metadata (the plugin loaded as
    an installed package: by its entry point)."""

    async def fetch():
        ds = Datasette([str(path)], metadata=metadata(path))
        await ds.invoke_startup()
        responses = [await ds.client.get(url, follow_redirects=True) for url in urls]
        for response in responses:
            assert response.status_code == 200, response.text
        return [r.text if "json" not in r.headers["content-type"] else r.json() for r in responses]

    return asyncio.run(fetch())


def titles(rows):
    return [row["title"] for row in rows]


@pytest.mark.slow
def test_the_plugin_is_installed(archive):
    [plugins] = get(archive, "/-/plugins.json")
    assert [p for p in plugins if p["name"] == "textile-news"] == [
        {
            "name": "textile-news",  # the distribution: it registered the entry point
            "static": True,  # the reading room's stylesheet
            "templates": True,  # and its pages
            "version": "0.1.0",
            "hooks": [
                "asgi_wrapper",
                "extra_css_urls",
                "prepare_connection",
                "register_routes",
                "startup",
            ],
        }
    ]


@pytest.mark.slow
def test_column_descriptions(archive):
    [html, meta] = get(archive, "/archive/articles", "/-/metadata.json")
    assert 'data-column-description="Headline as published."' in html
    columns = meta["databases"]["archive"]["tables"]["articles"]["columns"]
    assert columns["published_at"].startswith("Publication date as the page gave it, ISO 8601")
    described = meta["databases"]["archive"]["tables"]
    assert {"related_links", "article_revisions", "crawl_runs", "rejects", "captures"} <= set(
        described
    )


@pytest.mark.slow
def test_search_box_on_the_full_text_index(archive):
    [english, chinese] = get(
        archive,
        "/archive/articles.json?_search=cotton&_shape=objects&_sort=id",
        "/archive/articles.json?_search=棉花&_shape=objects",
    )
    assert titles(english["rows"]) == [
        "Cotton yarn exports to China rise",
        "Bangladesh garment exports fall",
    ]
    assert titles(chinese["rows"]) == ["棉花价格上涨"]


@pytest.mark.slow
def test_facets(archive):
    [page] = get(archive, "/archive/articles.json?_shape=objects")
    facets = page["facet_results"]
    assert {r["value"]: r["count"] for r in facets["site"]["results"]} == {
        F2F: 3,
        SJFZXM: 3,
        TEXINDEX: 2,
    }
    assert {r["value"]: r["count"] for r in facets["language"]["results"]} == {"en": 5, "zh": 3}
    assert facets["tags"]["type"] == "array"


@pytest.mark.slow
def test_terms_facet(archive):
    [page] = get(archive, "/archive/articles.json?_shape=objects")
    terms = {r["value"]: r["count"] for r in page["facet_results"]["terms"]["results"]}
    assert terms == {"cotton": 3, "india": 1, "xinjiang": 1, "bangladesh": 1}


@pytest.mark.slow
def test_canned_query_articles_per_site_per_month(archive):
    [every, one] = get(
        archive,
        "/archive/articles_per_site_per_month.json?_shape=array",
        f"/archive/articles_per_site_per_month.json?_shape=array&site={SJFZXM}",
    )
    assert every == [
        {"month": "2019-12", "site": F2F, "articles": 1},
        {"month": "2020-01", "site": SJFZXM, "articles": 2},
        {"month": "2020-03", "site": F2F, "articles": 1},
        {"month": "2020-03", "site": TEXINDEX, "articles": 1},
        {"month": "2020-12", "site": SJFZXM, "articles": 1},
        {"month": "2021-01", "site": F2F, "articles": 1},
        {"month": "2021-01", "site": TEXINDEX, "articles": 1},
    ]
    assert one == [
        {"month": "2020-01", "site": SJFZXM, "articles": 2},
        {"month": "2020-12", "site": SJFZXM, "articles": 1},
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # a four-character Chinese word: the search box cannot, textile_match can
        ("q=纺织品出口", ["一季度纺织品出口增长"]),
        ("q=丝绸", ["新年丝绸市场开市", "一季度纺织品出口增长"]),
        ("q=丝绸&until=2020-12", ["一季度纺织品出口增长"]),
        ("q=exports&since=2020-01", ["Bangladesh garment exports fall"]),
        # the dates of --since and --until (issue 16 item 2): unpadded, a year, an instant
        ("q=exports&since=2020-1", ["Bangladesh garment exports fall"]),
        ("q=丝绸&until=2020", ["一季度纺织品出口增长"]),
        ("q=exports&until=2019-12-30T03:30:00Z", ["Cotton yarn exports to China rise"]),
        ("q=exports&since=soon", []),
        (
            f"q=silk OR 棉花&site={SJFZXM}",
            ["Silk fair closes the year in Hangzhou", "棉花价格上涨"],
        ),
        (
            f"q=&site={F2F}&since=2020-03-10",
            ["Polyester demand recovers in Europe", "Bangladesh garment exports fall"],
        ),
        ('q="cotton', ["Bangladesh garment exports fall", "Cotton yarn exports to China rise"]),
        ("q=(((", []),
    ],
)
def test_canned_search_with_filters(archive, params, expected):
    [found] = get(archive, f"/archive/search.json?_shape=array&{params}")
    assert titles(found) == expected


def test_metadata_leaves_out_what_the_archive_lacks(tmp_path):
    meta = datasette_plugin.metadata(
        "old", {"articles": ["id", "title", "site", "tags"], "crawl_runs": ["id"]}
    )
    tables = meta["databases"]["old"]["tables"]
    assert set(tables) == {"articles", "crawl_runs"}
    articles = tables["articles"]
    assert set(articles["columns"]) == {"id", "title", "site", "tags"}
    assert articles["facets"] == ["site", {"array": "tags"}]
    assert "fts_table" not in articles
    assert set(meta["databases"]["old"]["queries"]) == {"articles_per_site_per_month", "search"}


def test_datasette_command_serves_the_archive_read_only(archive):
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    result = CliRunner().invoke(
        cli,
        ["datasette", "--db", str(archive), "--get", "/archive/search.json?_shape=array&q=棉花"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert titles(json.loads(result.output)) == ["棉花价格上涨"]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before


def test_datasette_command_prints_metadata_named_after_the_file(tmp_path):
    path = build(tmp_path / "news.sqlite")
    result = CliRunner().invoke(cli, ["datasette", "--db", str(path), "--print-metadata"])
    assert result.exit_code == 0
    meta = json.loads(result.output)
    assert list(meta["databases"]) == ["news"]
    assert meta["databases"]["news"]["tables"]["articles"]["fts_table"] == "articles_search"


def test_datasette_command_on_a_missing_archive(tmp_path):
    result = CliRunner().invoke(cli, ["datasette", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no archive at {tmp_path / 'none.sqlite'}")


def test_datasette_command_without_datasette(archive, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "datasette", None)
    result = CliRunner().invoke(cli, ["datasette", "--db", str(archive)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: textile-news datasette needs datasette, which is not installed: "
        "pip install 'textile-news[all]'\n"
    )


def test_textile_match_never_fails():
    assert datasette_plugin.textile_match("") is None
    assert datasette_plugin.textile_match("(((") is None
    with closing(sqlite3.connect(":memory:")) as conn:
        textile_news.datasette.prepare_connection(conn)
        assert conn.execute("SELECT textile_match('纺织品')").fetchone() == ('"纺织 织品"',)
