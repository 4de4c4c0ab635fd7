"""The textile taxonomy: the vocabulary, tagging in English and Chinese, the archive's
terms (write_batch, retag, term_counts) and the `retag` and `terms` commands."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, query, run
from tests.pagecases import FIXTURES
from textile_news.archive.db import open_db
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.terms import RetagResult, retag, term_counts
from textile_news.archive.write import write_batch
from textile_news.cli import cli
from textile_news.demo.samples import CHINESE_SAMPLES
from textile_news.demo.server import replica_site, serving
from textile_news.text import taxonomy
from textile_news.text.taxonomy import TaxonomyError, Vocabulary

REFERENCE = FIXTURES / "sjfzxm_com" / "article-576416-reference"
REFERENCE_URL = "http://www.sjfzxm.com/global/en/576416.html"
REFERENCE_TERMS = ["apparel", "bast-fibres", "cotton", "hemp", "shanxi", "silk", "wool"]
PROVINCES = {
    "beijing", "tianjin", "shanghai", "chongqing", "hebei", "shanxi", "liaoning", "jilin",
    "heilongjiang", "jiangsu", "zhejiang", "anhui", "fujian", "jiangxi", "shandong", "henan",
    "hubei", "hunan", "guangdong", "hainan", "sichuan", "guizhou", "yunnan", "shaanxi", "gansu",
    "qinghai", "taiwan", "inner-mongolia", "guangxi", "tibet", "ningxia", "xinjiang",
    "hong-kong", "macao",
}  # fmt: skip
# A user's file: a term of a facet of its own, a packaged term changed, one removed.
USER_FILE = """
remove = ["modal"]

[topic.epidemic]
en = "Epidemic"
zh = "疫情"
en_forms = ["epidemic", "pandemic"]
zh_forms = ["疫情"]

[fibre.cotton]
zh = "棉花"
"""


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


@pytest.fixture(autouse=True)
def no_user_file(monkeypatch):
    """The packaged vocabulary unless a test names a file (the developer's shell may)."""
    monkeypatch.delenv(taxonomy.ENV, raising=False)


def fixture_item(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / case / "output.json").read_text(encoding="utf-8"))


def user_file(tmp_path: Path, text: str = USER_FILE, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- the vocabulary ------------------------------------------------------------------


def test_packaged_vocabulary_covers_each_facet(vocabulary):
    by_facet: dict[str, set[str]] = {}
    for term in vocabulary:
        by_facet.setdefault(term.facet, set()).add(term.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term.id)
        assert term.label_en and term.label_zh
    assert set(by_facet) == {"fibre", "segment", "place", "organisation"}
    assert len(by_facet["fibre"]) >= 25
    assert len(by_facet["segment"]) >= 15
    assert by_facet["place"] >= PROVINCES
    assert {"bangladesh", "vietnam", "india", "turkey", "united-states", "eu"} <= by_facet["place"]
    assert len(by_facet["place"] - PROVINCES) >= 40
    assert {"cntac", "euratex", "ncto", "bgmea", "cotton-incorporated"} <= by_facet["organisation"]


def test_digest_is_stable_and_follows_the_vocabulary(vocabulary, tmp_path):
    assert Vocabulary.load().digest == vocabulary.digest
    assert re.fullmatch(r"[0-9a-f]{16}", vocabulary.digest)
    assert Vocabulary.load(user_file(tmp_path)).digest != vocabulary.digest


# --- tagging ---------------------------------------------------------------------------


def test_reference_article_is_tagged(vocabulary):
    item = fixture_item("sjfzxm_com/article-576416-reference")
    assert vocabulary.tag(item["title"], item["body"]) == REFERENCE_TERMS


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "sjfzxm_com/zh-article-207507-named-source",
            ["apparel", "chemical-fibre", "dyeing-finishing", "shaoxing", "textile-machinery",
             "trade-fairs", "weaving", "zhejiang"],
        ),
        # the same article in Traditional characters, as the 91se91.com mirror serves it
        (
            "sjfzxm_com/zh-article-207507-91se91-traditional",
            ["apparel", "chemical-fibre", "dyeing-finishing", "shaoxing", "textile-machinery",
             "trade-fairs", "weaving", "zhejiang"],
        ),
        (
            "cntac_org_cn/article-hangye-20200116",
            ["apparel", "chemical-fibre", "home-textiles", "technical-textiles", "trade"],
        ),
        (
            "fzfzjx_com/article-news",
            ["apparel", "bangladesh", "india", "textile-machinery", "trade", "turkey", "vietnam",
             "weaving"],
        ),
        ("texindex_com_cn/article-2020-1-8", ["cotton", "spinning", "trade", "weaving"]),
        (
            "fibre2fashion_com/article-textile-news-270512",
            ["cotton", "cotton-association-of-india", "india", "spinning", "trade"],
        ),
        (
            "just_style_com/article-jsonld-2021-07-23",
            ["apparel", "bangladesh", "cotton", "eu", "europe", "knitting", "trade",
             "united-states", "weaving"],
        ),
        (
            "innovationintextiles_com/article-meta-2024-07-18",
            ["germany", "nonwovens", "polyester", "recycled-fibres", "recycled-polyester",
             "technical-textiles"],
        ),
        (
            "textileworld_com/article-dateline-2025-02",
            ["cotton", "cotton-incorporated", "knitting", "recycled-fibres", "retail", "spinning",
             "united-states"],
        ),
        ("euratex_eu/article-dateline-2020-09-15", ["apparel", "eu", "euratex", "europe"]),
    ],
)  # fmt: skip
def test_fixture_articles_are_tagged(vocabulary, case, expected):
    item = fixture_item(case)
    assert vocabulary.tag(item["title"], item["body"]) == expected


def test_chinese_demo_sample_is_tagged(vocabulary):
    sample = next(s for s in CHINESE_SAMPLES if s.id == 207388)  # 棉花价格高位运行...
    body = "\n\n".join(sample.paragraphs)
    assert vocabulary.tag(sample.title, body) == [
        "cellulosic", "chemical-fibre", "cotton", "polyester", "spinning", "viscose",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 麻 is hemp and linen, and also trouble, anaesthesia, sesame, mahjong
        ("这件事很麻烦，病人需要麻醉", []),
        ("芝麻和麻将", []),
        ("亚麻面料", ["bast-fibres", "linen"]),
        ("其中亚麻纱价格上涨", ["bast-fibres", "linen"]),  # not Central Asia (中亚)
        ("棉花价格", ["cotton"]),
        ("石棉瓦和岩棉板", []),  # asbestos, rock wool
        ("新疆棉和美棉", ["cotton", "united-states", "xinjiang"]),
        ("内蒙古羊绒", ["cashmere", "inner-mongolia"]),
        ("印花税和染色体", []),  # stamp duty, chromosome
        ("并非世界服装鞋帽网网页的副本", []),  # the site's own name
        ("合法国际贸易", ["trade"]),  # not France (法国)
        ("cotton's rise, cottons and Cotton", ["cotton"]),
        ("cottonseed oil", []),
        ("e commerce, ecommerce and E-Commerce", ["e-commerce"]),
        ("in a timely fashion, as a crisis looms", []),
        ("let us know", []),
        ("US cotton for U.S. mills", ["cotton", "united-states"]),
        ("US$2.4 billion", []),
        ("fine china plates and roast turkey", []),
        ("CHINA AND TURKEY", ["china", "turkey"]),
        ("a dyed-in-the-wool trader", []),
        ("non-woven fabric", ["nonwovens", "technical-textiles"]),
        ("China wool association", ["china", "wool"]),  # the association is capitalised
        ("China Wool Association", ["china", "china-wool-textile-association", "wool"]),
        ("better cotton prices", ["cotton"]),
        ("Better Cotton", ["better-cotton", "cotton"]),
        ("women’s wear", ["apparel", "womenswear"]),
        ("North Korea", []),
        ("涤纶POY价格", ["polyester"]),
        ("İstanbul wool", ["wool"]),  # lower() makes the text longer
    ],
)
def test_forms_and_false_positives(vocabulary, text, expected):
    assert vocabulary.tag(text) == expected


def test_a_user_file_extends_the_packaged_vocabulary(vocabulary, tmp_path, monkeypatch):
    mine = Vocabulary.load(user_file(tmp_path))
    assert len(mine) == len(vocabulary)  # one term added, one removed
    assert mine.terms["epidemic"].facet == "topic"
    assert "modal" not in mine.terms
    assert mine.terms["cotton"].label_zh == "棉花"
    assert mine.terms["cotton"].zh_forms == vocabulary.terms["cotton"].zh_forms
    text = "During the pandemic, modal and cotton orders fell; 疫情期间棉花滞销"
    assert vocabulary.tag(text) == ["cellulosic", "cotton", "modal"]
    # modal is gone, and with it what only it implied (cellulosic)
    assert mine.tag(text) == ["cotton", "epidemic"]
    monkeypatch.setenv(taxonomy.ENV, str(tmp_path / "mine.toml"))
    assert Vocabulary.load().digest == mine.digest
    assert taxonomy.default().digest == mine.digest


def test_a_user_file_can_replace_the_packaged_vocabulary(tmp_path):
    text = 'extend = false\n[topic.epidemic]\nen = "Epidemic"\nen_forms = ["pandemic"]\n'
    mine = Vocabulary.load(user_file(tmp_path, text))
    assert [term.id for term in mine] == ["epidemic"]
    assert mine.tag("cotton prices in the pandemic") == ["epidemic"]


LENZING = '[fibre.lenzing]\nen = "Lenzing"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fibre.x\n", "invalid TOML: "),
        (LENZING + 'forms = ["lenzing"]\n', "term fibre.lenzing: unknown key 'forms'"),
        ('[fibre.Lenzing]\nen = "Lenzing"\n', "term fibre.Lenzing: an id is lower-case"),
        ('[fibre.lenzing]\nzh = "兰精"\n', "term fibre.lenzing: no en label"),
        (LENZING + 'implies = ["tencel"]\n', "term fibre.lenzing: implies 'tencel', which is"),
        (LENZING + 'en_forms = "lenzing"\n', "term fibre.lenzing: en_forms must be a list"),
        (LENZING + 'en_forms = ["#lenzing"]\n', "term fibre.lenzing: English form '#lenzing'"),
        (LENZING + LENZING.replace("fibre", "segment"), "term segment.lenzing: the id is also"),
        ('remove = ["tencel"]\n', "remove: no term 'tencel'"),
        ('traditional = "纺紡 织"\n', "traditional: '织' is not a pair"),
        ('extend = "no"\n', "extend must be true or false"),
    ],
)
def test_a_malformed_file_is_a_one_line_error(tmp_path, text, message):
    path = user_file(tmp_path, text)
    with pytest.raises(TaxonomyError) as error:
        Vocabulary.load(path)
    assert str(error.value).startswith(f"taxonomy file {path}: {message}")
    assert "\n" not in str(error.value)


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(TaxonomyError, match=r"^taxonomy file .*nope\.toml: cannot read it: "):
        Vocabulary.load(tmp_path / "nope.toml")


# --- the archive ---------------------------------------------------------------------


def stored_terms(db, url: str) -> tuple[list[str], list[str]]:
    """An article's ``article_terms`` rows and its ``terms`` column."""
    rows = db.execute(
        "SELECT term FROM article_terms WHERE article_id = (SELECT id FROM articles WHERE url = ?)"
        " ORDER BY term",
        [url],
    ).fetchall()
    column = db.execute("SELECT terms FROM articles WHERE url = ?", [url]).fetchone()[0]
    return [term for (term,) in rows], json.loads(column)


def test_write_batch_tags_new_articles(db, vocabulary):
    reference = fixture_item("sjfzxm_com/article-576416-reference")
    chinese = fixture_item("sjfzxm_com/zh-article-207507-named-source")
    write_batch(db, [reference, chinese], [], vocabulary=vocabulary)
    assert stored_terms(db, REFERENCE_URL) == (REFERENCE_TERMS, REFERENCE_TERMS)
    zh_terms = vocabulary.tag(chinese["title"], chinese["body"])
    assert stored_terms(db, chinese["url"]) == (zh_terms, zh_terms)
    assert query_count(db, "article_terms") == len(REFERENCE_TERMS) + len(zh_terms)
    # the vocabulary that tagged them, for `terms` and Datasette
    assert query_count(db, "terms") == len(vocabulary)
    hemp = db.execute("SELECT facet, label_en, label_zh FROM terms WHERE id = 'hemp'").fetchone()
    assert hemp == ("fibre", "Hemp", "汉麻")
    assert db.execute("SELECT value FROM taxonomy_meta").fetchall() == [(vocabulary.digest,)]


def query_count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_an_updated_article_gets_new_terms_and_an_unchanged_one_is_left(db, vocabulary):
    item = fixture_item("sjfzxm_com/article-576416-reference")
    write_batch(db, [item], [], vocabulary=vocabulary)
    revised = {**item, "body": "Silk and viscose prices in Zhejiang.", "fetched_at": None}
    result = write_batch(db, [revised], [], vocabulary=vocabulary)
    assert result.updated == 1
    expected = ["cellulosic", "shanxi", "silk", "viscose", "zhejiang"]  # the title's too
    assert stored_terms(db, REFERENCE_URL) == (expected, expected)
    # an unchanged article is not tagged again: a row removed by hand stays removed
    db.execute("DELETE FROM article_terms WHERE term = 'silk'")
    db.conn.commit()
    assert write_batch(db, [revised], [], vocabulary=vocabulary).unchanged == 1
    assert "silk" not in stored_terms(db, REFERENCE_URL)[0]


def test_the_same_article_twice_in_a_batch_keeps_its_last_terms(db, vocabulary):
    item = fixture_item("sjfzxm_com/article-576416-reference")
    write_batch(db, [item], [], vocabulary=vocabulary)
    first = {**item, "body": "Wool prices."}
    second = {**item, "body": "Cashmere prices."}
    write_batch(db, [first, second], [], vocabulary=vocabulary)
    expected = ["cashmere", "shanxi"]
    assert stored_terms(db, REFERENCE_URL) == (expected, expected)


def test_an_empty_vocabulary_tags_nothing(db, tmp_path):
    """Not the packaged one in its place: a vocabulary without terms is still one."""
    empty = Vocabulary.load(user_file(tmp_path, "extend = false\n"))
    assert len(empty) == 0
    write_batch(db, [fixture_item("sjfzxm_com/article-576416-reference")], [], vocabulary=empty)
    assert stored_terms(db, REFERENCE_URL) == ([], [])
    assert query_count(db, "terms") == 0
    assert retag(db, empty) == RetagResult(articles=1)


def test_terms_table_follows_a_changed_vocabulary(db, vocabulary, tmp_path):
    item = fixture_item("sjfzxm_com/article-576416-reference")
    write_batch(db, [item], [], vocabulary=vocabulary)
    mine = Vocabulary.load(user_file(tmp_path))
    other = {**item, "url": REFERENCE_URL.replace("576416", "1"), "body": "The epidemic."}
    write_batch(db, [other], [], vocabulary=mine)
    ids = {row[0] for row in db.execute("SELECT id FROM terms")}
    assert "epidemic" in ids
    assert "modal" not in ids
    assert db.execute("SELECT value FROM taxonomy_meta").fetchall() == [(mine.digest,)]


def test_retag_recomputes_every_article(db, vocabulary, tmp_path):
    items = [
        fixture_item("sjfzxm_com/article-576416-reference"),
        fixture_item("euratex_eu/article-dateline-2020-09-15"),
        fixture_item("sjfzxm_com/zh-article-207466-no-source"),
    ]
    write_batch(db, items, [], vocabulary=vocabulary)
    assert retag(db, vocabulary) == RetagResult(articles=3)
    # no epidemic in these articles, no modal; cotton's zh label changes, but not its forms
    mine = Vocabulary.load(
        user_file(tmp_path, USER_FILE + '\n[place.shanxi]\nen = "Shanxi"\nen_forms = ["Taiyuan"]\n')
    )
    # shanxi now found by its capital only: the reference article keeps it; nothing else
    # changes but the removed term
    assert retag(db, mine, batch=1) == RetagResult(articles=3)
    narrowed = Vocabulary.load(
        user_file(tmp_path, 'remove = ["shanxi", "silk"]\n', name="narrow.toml")
    )
    assert retag(db, narrowed, batch=2) == RetagResult(articles=3, changed=1, added=0, removed=2)
    expected = [t for t in REFERENCE_TERMS if t not in ("shanxi", "silk")]
    assert stored_terms(db, REFERENCE_URL) == (expected, expected)


def test_retag_tags_an_archive_made_before_the_taxonomy(db, vocabulary):
    items = [
        fixture_item("sjfzxm_com/article-576416-reference"),
        fixture_item("sjfzxm_com/zh-article-207507-named-source"),
    ]
    write_batch(db, items, [], vocabulary=vocabulary)
    # as m007 leaves an older archive: no terms anywhere
    for sql in ("DELETE FROM article_terms", "DELETE FROM terms", "DELETE FROM taxonomy_meta",
                "UPDATE articles SET terms = NULL"):  # fmt: skip
        db.execute(sql)
    db.conn.commit()
    zh_terms = vocabulary.tag(items[1]["title"], items[1]["body"])
    assert retag(db, vocabulary) == RetagResult(
        articles=2, changed=2, added=len(REFERENCE_TERMS) + len(zh_terms)
    )
    assert stored_terms(db, REFERENCE_URL) == (REFERENCE_TERMS, REFERENCE_TERMS)
    assert query_count(db, "terms") == len(vocabulary)


def test_term_counts(db, vocabulary):
    items = [
        fixture_item("sjfzxm_com/article-576416-reference"),
        fixture_item("sjfzxm_com/zh-article-207507-named-source"),
        fixture_item("euratex_eu/article-dateline-2020-09-15"),
    ]
    write_batch(db, items, [], vocabulary=vocabulary)
    rows = term_counts(db)
    assert len(rows) == len(vocabulary)
    assert rows[0]["facet"] == "fibre"
    counts = {row["id"]: row["articles"] for row in rows}
    assert counts["apparel"] == 3
    assert counts["cotton"] == 1
    assert counts["mohair"] == 0
    fibres = term_counts(db, "fibre")
    assert [(r["id"], r["articles"]) for r in fibres[:5]] == [
        ("bast-fibres", 1), ("cotton", 1), ("hemp", 1), ("silk", 1), ("wool", 1),
    ]  # fmt: skip
    assert fibres[0] == {
        "id": "bast-fibres",
        "facet": "fibre",
        "label_en": "Bast fibres (hemp, linen, ramie, jute)",
        "label_zh": "麻",
        "articles": 1,
    }
    english = {
        r["id"]: r["articles"] for r in term_counts(db, filters=ArticleFilter(language="en"))
    }
    assert english["apparel"] == 2
    assert english["zhejiang"] == 0


# --- the commands --------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path, vocabulary) -> Path:
    path = tmp_path / "archive.sqlite"
    with open_db(path) as db:
        items = [
            fixture_item("sjfzxm_com/article-576416-reference"),
            fixture_item("sjfzxm_com/zh-article-207507-named-source"),
        ]
        write_batch(db, items, [], vocabulary=vocabulary)
    return path


def test_retag_command_prints_its_counts(archive, tmp_path, vocabulary):
    result = invoke("retag", "--db", str(archive))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"retagged 2 articles with {len(vocabulary)} terms (vocabulary {vocabulary.digest}): "
        "0 changed, 0 terms added, 0 removed\n"
    )
    narrow = user_file(tmp_path, 'remove = ["zhejiang", "wool"]\n')
    result = invoke("retag", "--db", str(archive), "--taxonomy", str(narrow))
    assert result.exit_code == 0, result.output
    digest = Vocabulary.load(narrow).digest
    assert result.output == (
        f"retagged 2 articles with {len(vocabulary) - 2} terms (vocabulary {digest}): "
        "2 changed, 0 terms added, 2 removed\n"
    )
    gone = "SELECT count(*) FROM article_terms WHERE term IN ('wool', 'zhejiang')"
    assert query(archive, gone) == [(0,)]
    assert query(archive, "SELECT count(*) FROM terms WHERE id = 'zhejiang'") == [(0,)]


def test_retag_command_refuses_a_bad_vocabulary(archive, tmp_path):
    bad = user_file(tmp_path, '[fibre.lenzing]\nzh = "兰精"\n')
    result = invoke("retag", "--db", str(archive), "--taxonomy", str(bad))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: taxonomy file {bad}: term fibre.lenzing: no en label"
    )
    result = invoke("retag", "--db", str(archive), "--taxonomy", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    result = invoke("retag", "--db", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: no archive at ")


def test_terms_command(archive):
    result = invoke("terms", "--db", str(archive), "--facet", "place")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["term", "facet", "articles", "label"]
    assert lines[1].split() == ["shanxi", "place", "1", "Shanxi", "/", "山西"]
    assert lines[2].split()[:3] == ["shaoxing", "place", "1"]
    assert lines[3].split()[:3] == ["zhejiang", "place", "1"]
    assert lines[4].split()[2] == "0"
    result = invoke("terms", "--db", str(archive), "--format", "json")
    rows = json.loads(result.output)
    assert {r["facet"] for r in rows} == {"fibre", "segment", "place", "organisation"}
    assert next(r for r in rows if r["id"] == "apparel")["articles"] == 2
    result = invoke("terms", "--db", str(archive), "--facet", "colour")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: unknown facet 'colour'; facets: fibre, organisation, place, segment"
    )


def test_commands_have_help():
    for command in ("retag", "terms"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert f"Usage: cli {command}" in result.output


def test_crawl_refuses_a_bad_vocabulary_before_crawling(tmp_path):
    bad = user_file(tmp_path, "[fibre.x\n")
    result = invoke(
        "crawl", "sjfzxm_com", "--db", str(tmp_path / "a.sqlite"),
        "--start-url", "http://127.0.0.1:9/", "-s", f"TEXTILE_NEWS_TAXONOMY={bad}",
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"Error: taxonomy file {bad}: invalid TOML: " in result.output


@pytest.mark.slow
def test_a_crawl_of_the_demo_replica_tags_its_articles(tmp_path, vocabulary):
    """A real crawl (the writer process), with a user file named by the setting."""
    mine = user_file(tmp_path)
    db_file = tmp_path / "demo.sqlite"
    with serving(replica_site()) as url:
        result = run(
            [*CLI, "crawl", "sjfzxm_com", "--db", str(db_file), "--start-url", url,
             "-s", f"TEXTILE_NEWS_TAXONOMY={mine}"]
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert query(db_file, "SELECT count(*) FROM articles WHERE terms IS NULL") == [(0,)]
    assert query(db_file, "SELECT terms FROM articles WHERE url = ?", [REFERENCE_URL]) == [
        (json.dumps(REFERENCE_TERMS),)
    ]
    tagged = query(
        db_file,
        "SELECT a.url, group_concat(t.term) FROM articles a JOIN article_terms t "
        "ON t.article_id = a.id GROUP BY a.id",
    )
    assert len(tagged) == 36  # every article of the replica has terms
    for url, terms in tagged:
        row = query(db_file, "SELECT terms FROM articles WHERE url = ?", [url])[0][0]
        assert sorted(terms.split(",")) == json.loads(row)
    # the user's term, from the writer process: "during the epidemic"
    assert query(db_file, "SELECT count(*) FROM article_terms WHERE term = 'epidemic'")[0][0] >= 2
    assert query(db_file, "SELECT value FROM taxonomy_meta") == [(Vocabulary.load(mine).digest,)]
    zh_url = "http://www.sjfzxm.com/news/difang/20110106/207507.html"
    assert query(db_file, "SELECT terms FROM articles WHERE url = ?", [zh_url]) == [
        (json.dumps(["apparel", "chemical-fibre", "dyeing-finishing", "shaoxing",
                     "textile-machinery", "trade-fairs", "weaving", "zhejiang"]),)
    ]  # fmt: skip
