"""Page objects against saved HTML: the exact expected JSON of every fixture case."""

from __future__ import annotations

import json
import os

import pytest

from tests.pagecases import CASES, FIXTURES, case_id, extract, load_page
from textile_news import sites
from textile_news.pages import cntac_org_cn
from textile_news.pages.sjfzxm_com import contributor_name
from textile_news.pipeline.processing import normalize_article


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


# tests/fixtures/pages/cntac_org_cn/article-hangye-20200116/page.html, verbatim
CNTAC_URL = "http://www.cntac.org.cn/zixun/hangye/202001/t20200116_4101234.html"
CNTAC_PAGE = (
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    '<meta charset="utf-8">\n'
    "<title>2019年纺织行业经济运行总体平稳 出口结构持续优化_中国纺织工业联合会</title>\n"
    "</head>\n"
    "<body>\n"
    '<div class="header"><a class="logo" href="/">中国纺织工业联合会</a>\n'
    '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zixun/">行业资讯</a></li><li>'
    '<a href="/zixun/shuju/">统计数据</a></li><li><a href="/zixun/guoji/">国际交流</a></li>'
    "</ul></div>\n"
    '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zixun/">行业资讯</a>'
    ' &gt; <a href="/zixun/hangye/">行业发展</a> &gt; 正文</div>\n'
    '<div class="detail">\n'
    "<h1>2019年纺织行业经济运行总体平稳 出口结构持续优化</h1>\n"
    '<div class="info">文章来源: 发布时间:2020-01-16</div>\n'
    '<div class="content">\n'
    '<div class="TRS_Editor">\n'
    "<p>　　2019年，面对国内外风险挑战明显上升的复杂局面，纺织行业坚持稳中求进工作总基调，"
    "积极推进结构调整和转型升级，行业经济运行总体保持平稳。</p>\n"
    "<p>　　从生产情况看，规模以上纺织企业工业增加值同比增长2.4%，"
    "化纤、家纺和产业用纺织品等行业生产增速高于全行业平均水平。主要产品中，"
    "化学纤维产量增长较快，服装产量小幅下降。</p>\n"
    "<p>　　从出口情况看，全年纺织品服装出口总额保持基本稳定，其中纺织品出口小幅增长，"
    "对“一带一路”沿线国家出口占比继续提高，出口市场结构进一步优化。</p>\n"
    "<p>　　业内人士表示，2020年行业发展仍面临较多不确定因素，企业应加强科技创新和品牌建设，"
    "提升产业链协同水平，推动行业高质量发展。</p>\n"
    "<p>(来源:中国纺织工业联合会统计中心)</p>\n"
    "</div>\n"
    "</div>\n"
    '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>\n'
    "</div>\n"
    '<div class="footer"><p>版权所有：中国纺织工业联合会 京ICP备05000000号</p><p>'
    "地址：北京市东长安街12号</p></div>\n"
    "</body>\n"
    "</html>\n"
)
CNTAC_BODY = (
    "2019年，面对国内外风险挑战明显上升的复杂局面，纺织行业坚持稳中求进工作总基调，"
    "积极推进结构调整和转型升级，行业经济运行总体保持平稳。\n\n"
    "从生产情况看，规模以上纺织企业工业增加值同比增长2.4%，化纤、家纺和产业用纺织品等行业"
    "生产增速高于全行业平均水平。主要产品中，化学纤维产量增长较快，服装产量小幅下降。\n\n"
    "从出口情况看，全年纺织品服装出口总额保持基本稳定，其中纺织品出口小幅增长，"
    "对“一带一路”沿线国家出口占比继续提高，出口市场结构进一步优化。\n\n"
    "业内人士表示，2020年行业发展仍面临较多不确定因素，企业应加强科技创新和品牌建设，"
    "提升产业链协同水平，推动行业高质量发展。"
)


def cntac_fields(html: str | bytes) -> tuple[str | None, str | None, str | None]:
    site = sites.packaged()["cntac_org_cn"]
    page = cntac_org_cn.ArticlePage(CNTAC_URL, html)
    item = normalize_article(page.to_item(), site.timezone, site.aliases())
    return item.title, item.published_at, item.body


@pytest.mark.parametrize("encode", [False, True], ids=["text", "bytes"])
def test_site_page_reads_past_a_stray_page_end(encode):
    """A stray </html></body> before the article (a pasted template) cut it off: libxml2
    stops at the first </html> (issue 15)."""
    stray = CNTAC_PAGE.replace('<div class="detail">', '</html></body><div class="detail">')
    assert stray.count("</html>") == 2
    expected = ("2019年纺织行业经济运行总体平稳 出口结构持续优化", "2020-01-16", CNTAC_BODY)
    assert cntac_fields(CNTAC_PAGE) == expected
    assert cntac_fields(stray.encode("utf-8") if encode else stray) == expected
