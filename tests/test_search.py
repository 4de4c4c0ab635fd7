"""Full-text search in Chinese and English (textile_news.analysis.search, m006, the search
command)."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from contextlib import closing
from datetime import datetime
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from textile_news.analysis import search
from textile_news.analysis.search import SORTS
from textile_news.archive import fts
from textile_news.archive.db import open_db
from textile_news.archive.errors import QueryError
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.migrations import migrations
from textile_news.archive.write import BatchResult, write_batch
from textile_news.cli import cli
from textile_news.demo import samples

# --- segment -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segmented"),
    [
        ("纺织品", "纺织 织品 品"),
        ("纺织品展会", "纺织 织品 品展 展会 会"),
        ("棉", "棉"),
        ("Cotton prices rise", "Cotton prices rise"),
        ("Café crème", "Café crème"),
        ("T恤衫，cotton", "T 恤衫 衫 ，cotton"),
        ("棉花价格高位运行 纺纱企业", "棉花 花价 价格 格高 高位 位运 运行 行   纺纱 纱企 企业 业"),
        ("", ""),
    ],
)
def test_segment(text, segmented):
    assert fts.segment(text) == segmented


# --- match_expression --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("纺织", '"纺织"'),
        ("纺织品", '"纺织 织品"'),
        ("转型升级", '"转型 型升 升级"'),
        ("棉", '"棉"*'),
        ("cotton", '"cotton"'),
        ("exports", '"exports"'),
        ("cotton 棉花", '"cotton" AND "棉花"'),
        ("cotton OR 棉花", '"cotton" OR "棉花"'),
        ('"fine wool"', '"fine wool"'),
        ('"纺织品 展会"', '"纺织 织品 品 展会"'),  # the unigram keeps 展会 at its position
        ('"cotton 棉"', '"cotton 棉"*'),
        ("T恤", '"T 恤"*'),
        ("text*", '"text"*'),
        ("羊绒衫*", '"羊绒 绒衫"*'),
        ("wool OR cashmere NOT silk", '"wool" OR ("cashmere" NOT "silk")'),
        ("(wool OR silk) price", '("wool" OR "silk") AND "price"'),
        # a chain of one operator is flat, however long (issue 13, item 11)
        ("a AND b c OR d NOT e", '("a" AND "b" AND "c") OR ("d" NOT "e")'),
        ("a NOT b NOT c", '"a" NOT "b" NOT "c"'),  # FTS5: (a NOT b) NOT c
        ("a NOT (b NOT c)", '"a" NOT ("b" NOT "c")'),
        ("(a OR b) OR c", '"a" OR "b" OR "c"'),
        ("cot\0ton", '"cot ton"'),  # a NUL parts words, as in an indexed text
        ("title:纺织 body:(wool OR silk)", 'title : "纺织" AND body : ("wool" OR "silk")'),
        ("title:body:cotton", 'title : (body : "cotton")'),  # matches nothing, yet valid
        ('"say ""hi"""', '"say ""hi"""'),
        ("— cotton", '"cotton"'),  # punctuation alone holds no word
        ("cotton-wool", '"cotton-wool"'),  # FTS5 would refuse the bare -
        ("and or not", '"and" AND "or" AND "not"'),  # lower case: words
    ],
)
def test_match_expression(query, expression):
    assert fts.match_expression(query) == expression


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"cotton', 'a " has no closing "'),
        ("(wool", "a ( has no closing )"),
        ("wool)", "a ) has no opening ("),
        ("AND", "AND needs a term on each side, e.g. wool AND cotton"),
        ("cotton NOT", "NOT needs a term on each side, e.g. wool NOT cotton"),
        ("NOT cotton", "NOT needs a term on each side, e.g. wool NOT cotton"),
        ("cotton OR OR wool", "OR needs a term on each side, e.g. wool OR cotton"),
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("()", "() holds nothing"),
        ("*", "* must end a word, as in text*"),
        ("author:wang", "no column 'author' to search (title: or body:)"),
        ("、。", "it has no word to search for"),
    ],
)
def test_malformed_query(query, reason):
    with pytest.raises(QueryError) as info:
        fts.match_expression(query)
    assert str(info.value) == f"invalid search query {query!r}: {reason}"


def test_every_expression_is_valid_fts5():
    """Whatever is typed, the result is a QueryError or an expression FTS5 accepts."""
    rnd = random.Random(42)
    pieces = ["cotton", "棉", "纺织品", '"', "(", ")", "*", ":", "title", "AND", "OR", "NOT",
              " ", " ", "-", "、", "T恤", '""', "body:", "^", "+", "NEAR"]  # fmt: skip
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, content='')")
        accepted = 0
        for _ in range(20000):
            query = "".join(rnd.choices(pieces, k=rnd.randint(1, 8)))
            try:
                expression = fts.match_expression(query)
            except QueryError as exc:
                assert "\n" not in str(exc)
                continue
            conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [expression]).fetchall()
            accepted += 1
    assert accepted > 5000


# --- an archive --------------------------------------------------------------

EN_IDS = (575973, 576259, 576083, 576445, 576531)


def chinese(sample: Any) -> dict[str, Any]:
    y, m, d = re.search(r"/(\d{4})(\d{2})(\d{2})/", sample.path).groups()
    return {
        "url": f"http://www.sjfzxm.com{sample.path}",
        "site": "sjfzxm_com",
        "title": sample.title,
        "published_at": f"{y}-{m}-{d}T10:00:00+08:00",
        "body": "\n\n".join(sample.paragraphs),
        "language": "zh",
        "tags": list(sample.tags),
        "source": sample.source,
        "author": sample.author,
    }


def english(sample: Any) -> dict[str, Any]:
    published = datetime.strptime(sample.published, "%Y/%m/%d %H:%M:%S")
    return {
        "url": f"http://www.sjfzxm.com/global/en/{sample.id}.html",
        "site": "sjfzxm_com",
        "title": sample.title,
        "published_at": published.isoformat() + "+08:00",
        "body": "\n\n".join(sample.paragraphs),
        "language": "en",
        "tags": list(sample.tags),
    }


WEEKLY = {
    "url": "http://example.com/news/1",
    "site": "example_com",
    "title": "Cotton 棉花 market weekly",
    "published_at": "2021-03-01T08:00:00+00:00",
    "body": "Cotton futures rose in Zhengzhou. 郑州棉花期货价格上涨，纺织企业补库。",
    "language": "zh",
    "tags": ["期货"],
}


def key(url: str) -> str:
    """The short name of a result: the article id in its URL."""
    return url.rsplit("/", 1)[1].removesuffix(".html")


@pytest.fixture
def archive(db):
    """Five Chinese and five English demo samples and a bilingual one (key "1")."""
    articles = [chinese(s) for s in samples.CHINESE_SAMPLES]
    articles += [english(s) for s in samples.SAMPLES if s.id in EN_IDS]
    write_batch(db, [*articles, WEEKLY], [])
    return db


def found(db, query: str, **options: Any) -> list[str]:
    return [key(r["url"]) for r in search.search(db, query, **options)]


@pytest.mark.parametrize(
    ("query", "best", "newest"),
    [
        # two-character words inside sentences ("绍兴的纺织企业", "郑州棉花期货价格")
        ("纺织", ["207507", "207466", "1"], ["1", "207507", "207466"]),
        ("棉花", ["1", "207388"], ["1", "207388"]),
        ("羊绒", ["207610"], ["207610"]),
        ("纺纱", ["207388"], ["207388"]),
        ("棉纱", [], []),  # a tag of 207388, not in its text
        # longer words: the phrase of their bigrams
        ("纺织企业", ["207507", "1"], ["1", "207507"]),
        ("转型升级", ["207507"], ["207507"]),
        # one character: 棉花 and 纯棉
        ("棉", ["207388", "1", "207562"], ["1", "207562", "207388"]),
        # English stems: export, exports, exporters
        ("exports", ["575973", "576259", "576531"], ["576531", "576259", "575973"]),
        ("export", ["575973", "576259", "576531"], ["576531", "576259", "575973"]),
        ("expor*", ["575973", "576259", "576531"], ["576531", "576259", "575973"]),
        ('"fine wool"', ["576083"], ["576083"]),
        ("wool AND auction", ["576445"], ["576445"]),
        ("wool OR cashmere", ["576083", "576445"], ["576445", "576083"]),
        ("cotton", ["576531", "1"], ["1", "576531"]),
        ("cotton 棉花", ["1"], ["1"]),
        ("企业 NOT 纺织", ["207388", "207562", "207610"], ["207610", "207562", "207388"]),
        ("title:纺织", ["207466", "207507"], ["207507", "207466"]),
        ("zeppelin", [], []),
    ],
)
def test_search_hits(archive, query, best, newest):
    assert found(archive, query) == best
    assert found(archive, query, sort="newest") == newest


def test_relevance_scores_fall(archive):
    results = search.search(archive, "纺织")
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1] > 0
    assert "score" not in search.search(archive, "纺织", sort="newest")[0]


def test_title_match_ranks_first(archive):
    """207466 has 纺织 in its title and once in its body; 207507 in title and body too, the
    bilingual item only in its body: the title weight puts it last."""
    assert found(archive, "纺织")[-1] == "1"


def test_result_fields(archive):
    [result] = search.search(archive, "羊绒")
    assert result == {
        "id": result["id"],
        "url": "http://www.sjfzxm.com/news/hangye/20110108/207610.html",
        "title": "羊绒企业加大国内市场开拓力度",
        "published_at": "2011-01-08T10:00:00+08:00",
        "site": "sjfzxm_com",
        "source": None,
        "author": None,
        "language": "zh",
        "snippet": "内蒙古的[羊绒]企业正在加大国内市场开拓力度。企业负责人表示，过去以出口为主的"
        "[羊绒]制品，如今在国内大中城市的销售逐…",
        "score": result["score"],
    }
    assert list(result) == search.result_fields("relevance")


@pytest.mark.parametrize(
    ("query", "snippet"),
    [
        (
            "exports",
            "China's textile and garment [exports] continued to recover in July as overseas "
            "orders gradually returned. Customs data show that [exports]…",
        ),
        (
            "auction",
            "Wool prices at Australian [auctions] remained under pressure this week, as "
            "Chinese buyers, who account for the majority of purchases,…",
        ),
        ("weekly", "Cotton 棉花 market [weekly]"),  # not in the body: the title
        ("郑州", "Cotton futures rose in Zhengzhou. [郑州]棉花期货价格上涨，纺织企业补库。"),
        (
            "棉",
            "近期国内[棉]花价格继续在高位运行，纺纱企业采购态度较为谨慎。多数企业表示，目前只按订单"
            "需要少量采购，原料库存…",
        ),
    ],
)
def test_snippet(archive, query, snippet):
    assert search.search(archive, query)[0]["snippet"] == snippet


def test_snippet_starts_a_few_words_before_the_match():
    text = " ".join(f"w{i}" for i in range(40)) + " cotton " + " ".join(f"v{i}" for i in range(40))
    marker = search._marker(fts.parse_query("cotton"))
    assert search.snippet(text, marker) == (
        "…w36 w37 w38 w39 [cotton] v0 v1 v2 v3 v4 v5 v6 v7 v8 v9 v10 v11 v12 v13 v14…"
    )


@pytest.mark.parametrize(
    ("filters", "hits"),
    [
        (ArticleFilter(site="example_com"), ["1"]),
        (ArticleFilter(site="sjfzxm_com"), ["207507", "207466"]),
        (ArticleFilter(language="en"), []),
        (ArticleFilter(since="2011-01-06"), ["207507", "1"]),
        (ArticleFilter(until="2011-01-05"), ["207466"]),
        (ArticleFilter(since="2011-01", until="2011-01"), ["207507", "207466"]),
        (ArticleFilter(tag="期货"), ["1"]),
        (ArticleFilter(tag="纺织服装"), ["207466"]),
        (ArticleFilter(query="ignored", site="nowhere"), []),
    ],
)
def test_search_filters(archive, filters, hits):
    assert found(archive, "纺织", filters=filters) == hits
    assert sorted(found(archive, "纺织", filters=filters, sort="newest")) == sorted(hits)


@pytest.mark.parametrize("plan", ["all", "early", "intersect"])
@pytest.mark.parametrize(
    "filters",
    [
        ArticleFilter(site="example_com"),
        ArticleFilter(site="sjfzxm_com"),
        ArticleFilter(language="zh"),
        ArticleFilter(language="en"),
        ArticleFilter(since="2011-01-06"),
        ArticleFilter(tag="纺织服装"),
        ArticleFilter(site="sjfzxm_com", until="2011-01-05"),
    ],
    ids=repr,
)
def test_every_plan_finds_the_same(archive, monkeypatch, filters, plan):
    """The plans for many matches (search._plan) give what the plan for few gives."""
    expected = {sort: found(archive, "纺织 OR 企业", filters=filters, sort=sort) for sort in SORTS}
    monkeypatch.setattr(search, "_plan", lambda *args: search._Plan(plan, 11, 0.05))
    for sort in SORTS:
        assert found(archive, "纺织 OR 企业", filters=filters, sort=sort) == expected[sort]


@pytest.mark.parametrize(
    ("filters", "plan"),
    [
        (None, "early"),
        (ArticleFilter(site="sjfzxm_com"), "early"),  # some pass
        (ArticleFilter(tag="期货"), "early"),
        (ArticleFilter(language="en"), "intersect"),  # none pass
        (ArticleFilter(tag="羊绒"), "intersect"),
    ],
    ids=repr,
)
def test_plan_for_many_matches(archive, monkeypatch, filters, plan):
    monkeypatch.setattr(search, "_FEW", 0)
    expression = fts.match_expression("纺织")
    where, params = filters.where("a") if filters else ("1", [])
    assert search._plan(archive, expression, filters, where, params).name == plan


def test_plan_for_few_matches(archive):
    filters = ArticleFilter(site="sjfzxm_com")
    where, params = filters.where("a")
    plan = search._plan(archive, fts.match_expression("纺织"), filters, where, params)
    assert plan == search._Plan("all", 3)


def test_search_filter_by_term(archive):
    ids = {key(r["url"]): r["id"] for r in search.search(archive, "纺织 OR cotton")}
    archive.execute("DELETE FROM article_terms")
    archive.execute(
        "INSERT INTO article_terms (article_id, term) VALUES (?, 'cotton')", [ids["207466"]]
    )
    assert found(archive, "纺织", filters=ArticleFilter(term="cotton")) == ["207466"]


def test_search_limit(archive):
    assert found(archive, "纺织", limit=1) == ["207507"]
    assert found(archive, "纺织", sort="newest", limit=2) == ["1", "207507"]


@pytest.mark.parametrize("query", ['"cotton', "(wool", "AND", "cotton NOT", ""])
def test_search_malformed_query(archive, query):
    with pytest.raises(QueryError) as info:
        search.search(archive, query)
    assert str(info.value).startswith(f"invalid search query {query!r}: ")


def test_search_unknown_sort(archive):
    with pytest.raises(ValueError, match="sort must be one of relevance, newest, not 'date'"):
        search.search(archive, "cotton", sort="date")


# --- keeping the index in step ------------------------------------------------


def test_updated_article_is_found_by_its_new_text_only(archive):
    changed = {**chinese(samples.CHINESE_SAMPLES[0]), "body": "鄂尔多斯羊毛衫企业扩大出口。"}
    assert write_batch(archive, [changed], []) == BatchResult(updated=1)
    assert found(archive, "羊毛衫") == ["207610"]
    assert found(archive, "羊绒") == ["207610"]  # still in the title
    assert found(archive, "内蒙古") == []  # only in the old body
    assert found(archive, "草原") == []
    changed = {**changed, "title": "羊毛衫出口"}
    write_batch(archive, [changed], [])
    assert found(archive, "羊绒") == []
    assert found(archive, "title:羊毛衫") == ["207610"]


def test_index_untouched_when_only_date_or_author_change(archive, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(fts, "index_article", lambda *args: calls.append("index"))
    monkeypatch.setattr(fts, "unindex_article", lambda *args: calls.append("unindex"))
    changed = {**chinese(samples.CHINESE_SAMPLES[0]), "author": "王强"}
    assert write_batch(archive, [changed], []) == BatchResult(updated=1)
    assert calls == []


def test_article_deleted_by_hand_is_left_out(archive):
    archive.execute("PRAGMA foreign_keys = OFF")  # as in the sqlite3 shell
    archive.execute("DELETE FROM articles WHERE url = ?", [WEEKLY["url"]])
    assert found(archive, "纺织") == ["207507", "207466"]


def test_reindex_rebuilds_the_index_a_page_at_a_time(archive):
    archive.execute("INSERT INTO articles_search (articles_search) VALUES ('delete-all')")
    assert found(archive, "纺织") == []
    assert fts.reindex(archive, page_size=3) == 11
    assert found(archive, "纺织") == ["207507", "207466", "1"]


def test_index_is_contentless_and_hidden_from_sqlite_utils(db):
    assert db["articles"].detect_fts() is None
    assert "articles_fts" not in db.table_names()
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_search'").fetchone()[0]
    assert "content=''" in sql
    assert "columnsize=0" in sql
    assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []


def test_m006_indexes_an_archive_made_before_it(tmp_path):
    path = tmp_path / "old.sqlite"
    old = Database(path)
    migrations.apply(old, stop_before="m006_search_index")
    for article in (chinese(samples.CHINESE_SAMPLES[2]), WEEKLY):
        old["articles"].insert({k: v for k, v in article.items() if k != "tags"})
    assert old["articles"].detect_fts() == "articles_fts"
    old.close()
    db = open_db(path)
    try:
        assert "m006_search_index" in [m.name for m in migrations.applied(db)]
        assert "articles_fts" not in db.table_names()
        assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []
        assert found(db, "纺织") == ["207507", "1"]
        assert found(db, "cotton") == ["1"]
        # articles written after the migration are indexed by write_batch
        write_batch(db, [chinese(samples.CHINESE_SAMPLES[3])], [])
        assert found(db, "纺织") == ["207507", "207466", "1"]
    finally:
        db.close()


# --- the search command --------------------------------------------------------


@pytest.fixture
def archive_file(tmp_path):
    path = tmp_path / "archive.sqlite"
    with closing(open_db(path)) as db:
        articles = [chinese(s) for s in samples.CHINESE_SAMPLES]
        articles += [english(s) for s in samples.SAMPLES if s.id in EN_IDS]
        write_batch(db, [*articles, WEEKLY], [])
    return str(path)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_search_json(archive_file):
    result = invoke("search", "纺织", "--db", archive_file, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [key(r["url"]) for r in rows] == ["207507", "207466", "1"]
    assert list(rows[0]) == search.result_fields("relevance")


def test_cli_search_filters_and_sort(archive_file):
    result = invoke(
        "search", "纺织", "--db", archive_file, "--format", "json", "--sort", "newest",
        "--site", "sjfzxm_com", "--since", "2011-01", "--until", "2011-01-31",
        "--language", "zh", "--tag", "纺织服装", "--limit", "5",
    )  # fmt: skip
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [key(r["url"]) for r in rows] == ["207466"]
    assert list(rows[0]) == search.result_fields("newest")


def test_cli_search_table(archive_file):
    result = invoke("search", "weekly", "--db", archive_file)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "1 of 1 article",
        "2021-03-01T08:00  example_com  Cotton 棉花 market weekly",
        "    http://example.com/news/1",
        "    Cotton 棉花 market [weekly]",
    ]


def test_cli_search_csv_without_hits_has_a_header(archive_file):
    result = invoke("search", "zeppelin", "--db", archive_file, "--format", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines() == [",".join(search.result_fields("relevance"))]


@pytest.mark.parametrize("query", ['"cotton', "(wool", "AND", "cotton NOT", "", "author:x"])
def test_cli_malformed_query_is_a_one_line_usage_error(archive_file, query):
    result = invoke("search", query, "--db", archive_file)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [errors[0]]
    assert errors[0].startswith(f"Error: invalid search query {query!r}: ")
    assert "Traceback" not in result.output


def test_cli_search_help_documents_the_syntax():
    result = invoke("search", "--help")
    assert result.exit_code == 0
    for example in ("wool OR cashmere", "silk NOT China", '"trade fair"', "export*", "纺织", "棉"):
        assert example in result.output
    for option in ("--site", "--since", "--until", "--tag", "--term", "--language", "--sort"):
        assert option in result.output
