"""`textile-news show ID|URL`: one article's fields, terms, links and versions (issue 5)."""

from __future__ import annotations

import json
from contextlib import closing

import pytest
from click.testing import CliRunner

from textile_news.archive.db import open_db
from textile_news.archive.write import write_batch
from textile_news.cli import cli

URL = "http://www.sjfzxm.com/news/difang/20110106/207507.html"
ARTICLE = {
    "url": URL,
    "site": "sjfzxm_com",
    "title": "绍兴纺织企业加快转型升级步伐",
    "published_at": "2011-01-06T09:12:33+08:00",
    "source": "中国纺织报",
    "author": "赵敏",
    "tags": ["绍兴"],
    "language": "zh",
    "body": "浙江绍兴的纺织企业加快转型升级。\n\n不少企业更新织机、改造印染设备。",
    "fetched_at": "2026-11-01T08:00:00+00:00",
    "related": [{"url": "http://www.sjfzxm.com/news/hangye/20110105/207466.html", "title": "出口"}],
    "next": {"url": "http://www.sjfzxm.com/news/difang/20110107/207562.html", "title": "童装"},
}


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "a.sqlite"
    with closing(open_db(path)) as db:
        write_batch(db, [ARTICLE], [])
        revised = {**ARTICLE, "body": ARTICLE["body"] + "\n\n企业负责人介绍了新产品。"}
        write_batch(db, [{**revised, "fetched_at": "2026-11-02T08:00:00+00:00"}], [])
    return path


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_show_prints_fields_terms_links_and_history(db_file):
    result = invoke("show", "1", "--history", "--db", str(db_file))
    assert result.exit_code == 0, result.output
    head, _, rest = result.output.partition("\n\n")
    assert head.splitlines() == [
        "id:            1",
        f"url:           {URL}",
        "site:          sjfzxm_com",
        "title:         绍兴纺织企业加快转型升级步伐",
        "published_at:  2011-01-06T09:12:33+08:00",
        "source:        中国纺织报",
        "author:        赵敏",
        "language:      zh",
        "first_seen_at: 2026-11-01T08:00:00+00:00",
        "last_seen_at:  2026-11-02T08:00:00+00:00",
        "tags:          绍兴",
        "terms:         shaoxing, textile-machinery, weaving, zhejiang",
    ]
    assert rest.startswith("浙江绍兴的纺织企业加快转型升级。\n\n不少企业更新织机")
    related = "\nrelated: 出口\n  http://www.sjfzxm.com/news/hangye/20110105/207466.html"
    assert related in rest
    assert "\nnext: 童装\n  http://www.sjfzxm.com/news/difang/20110107/207562.html" in rest
    assert "--- version 1, fetched 2026-11-01T08:00:00+00:00" in rest
    assert "--- version 2, fetched 2026-11-02T08:00:00+00:00" in rest
    assert "+企业负责人介绍了新产品。" in rest


def test_show_json_by_url(db_file):
    result = invoke("show", URL, "--format", "json", "--history", "--db", str(db_file))
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert {k: shown[k] for k in ("id", "title", "tags", "terms", "next", "copies")} == {
        "id": 1,
        "title": "绍兴纺织企业加快转型升级步伐",
        "tags": ["绍兴"],
        "terms": ["shaoxing", "textile-machinery", "weaving", "zhejiang"],
        "next": {
            "url": "http://www.sjfzxm.com/news/difang/20110107/207562.html",
            "title": "童装",
            "summary": None,
        },
        "copies": [],
    }
    assert [v["fetched_at"] for v in shown["versions"]] == [
        "2026-11-01T08:00:00+00:00",
        "2026-11-02T08:00:00+00:00",
    ]


def test_show_an_unknown_article_is_a_one_line_error(db_file):
    result = invoke("show", "999", "--db", str(db_file))
    assert result.exit_code == 1
    assert result.output == f"Error: no article '999' in {db_file}\n"


@pytest.mark.parametrize(
    "given",
    [
        "https://www.sjfzxm.com/news/difang/20110106/207507.html",
        f"{URL}?utm_source=x#top",
        f"{URL}?utm_medium=mail&fbclid=abc&gclid=1",
        "http://www.91se91.com/news/difang/20110106/207507.html",  # the site's mirror
        "https://91SE91.com/news/difang/20110106/207507.html",
        "HTTP://WWW.SJFZXM.COM/news/difang/20110106/207507.html",
        "www.sjfzxm.com/news/difang/20110106/207507.html",
    ],
)
def test_show_finds_any_form_of_the_url_a_crawl_files_under_it(db_file, given):
    """issue 16 item 4: the crawl's own canonical_url, with the site's hosts and mirrors."""
    result = invoke("show", given, "--format", "json", "--db", str(db_file))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["url"] == URL


def test_show_names_a_stored_url_with_the_same_path(tmp_path):
    path = tmp_path / "generic.sqlite"
    stored = "http://news.example.org/2020/cotton-prices"
    with closing(open_db(path)) as db:
        write_batch(db, [{**ARTICLE, "url": stored, "site": "generic:news.example.org"}], [])
    # a site outside the catalogue: https is another URL; so is a trailing slash
    for given in ("https://news.example.org/2020/cotton-prices", f"{stored}/"):
        result = invoke("show", given, "--db", str(path))
        assert result.exit_code == 1
        assert result.output == (f"Error: no article {given!r} in {path}; did you mean {stored}?\n")
    result = invoke("show", f"{stored}?utm_source=feed#top", "--format", "json", "--db", str(path))
    assert json.loads(result.output)["url"] == stored
    result = invoke("show", "http://news.example.org/2021/other", "--db", str(path))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: no article 'http://news.example.org/2021/other' in {path}\n",
    )


def test_show_with_a_bad_sites_file_is_exit_2(db_file, tmp_path):
    bad = tmp_path / "sites.toml"
    bad.write_text("[[site]]\nslug = 1\n")
    result = invoke("show", URL, "--sites", str(bad), "--db", str(db_file))
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
