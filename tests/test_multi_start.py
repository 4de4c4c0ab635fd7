"""Several sites crawled at once from local replicas (issue 17, item 4):
`crawl --start-url SITE=URL ...` or `--start-urls FILE`, with --jobs 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, SITES, query, run
from textile_news.cli import cli
from textile_news.demo.server import StaticSite, serving


@pytest.fixture(scope="module")
def replicas():
    with (
        serving(StaticSite(SITES / "textileworld_com")) as tw,
        serving(StaticSite(SITES / "just_style_com")) as js,
    ):
        yield {"textileworld_com": tw + "feed/", "just_style_com": js + "feed/"}


def per_site(db_file) -> list[tuple]:
    return query(db_file, "SELECT site, count(*) FROM articles GROUP BY site ORDER BY site")


@pytest.mark.slow
def test_two_replicas_crawled_at_once_from_start_url_pairs(replicas, tmp_path):
    db_file = tmp_path / "archive.sqlite"
    pairs = [a for site, url in replicas.items() for a in ("--start-url", f"{site}={url}")]
    result = run([*CLI, "crawl", *pairs, "--jobs", "2", "--db", str(db_file)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert per_site(db_file) == [("just_style_com", 2), ("textileworld_com", 3)]
    runs = query(db_file, "SELECT sites, exit_code FROM crawl_runs ORDER BY sites")
    assert runs == [("just_style_com", 0), ("textileworld_com", 0)]


@pytest.mark.slow
def test_a_map_file_of_start_urls(replicas, tmp_path):
    db_file, urls = tmp_path / "archive.sqlite", tmp_path / "replicas.json"
    urls.write_text(json.dumps(replicas))
    result = run([*CLI, "crawl", "--start-urls", str(urls), "-j", "2", "--db", str(db_file)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert per_site(db_file) == [("just_style_com", 2), ("textileworld_com", 3)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["textileworld_com", "--start-url", "just_style_com=http://127.0.0.1:9/"],
            "Error: --start-url names just_style_com, which is not crawled: add it",
        ),
        (
            ["--start-url", "nosuch_site=http://127.0.0.1:9/"],
            "Error: --start-url names an unknown site 'nosuch_site'",
        ),
        (
            ["--start-url", "http://127.0.0.1:9/", "--start-url", "ncto_org=http://127.0.0.1:9/"],
            "Error: one --start-url URL for one SITE, or SITE=URL for each site",
        ),
        (
            ["--start-url", "ncto_org=ftp://127.0.0.1/"],
            "Error: Invalid value for '--start-url': 'ftp://127.0.0.1/' is not an http(s) URL",
        ),
        (
            ["--all", "--start-url", "http://127.0.0.1:9/"],
            "Error: --start-url URL needs exactly one SITE (else SITE=URL)",
        ),
    ],
)
def test_bad_start_urls_are_one_line_exit_2(args, message, tmp_path):
    result = CliRunner().invoke(cli, ["crawl", *args, "--db", str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == message
    assert not (tmp_path / "a.sqlite").exists()


def test_a_bad_map_file_is_exit_2(tmp_path):
    urls = tmp_path / "urls.toml"
    urls.write_text("ncto_org = [1]\n")
    result = CliRunner().invoke(cli, ["crawl", "--start-urls", str(urls)])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for '--start-urls': {urls} is not a map of SITE to URL"
    )
