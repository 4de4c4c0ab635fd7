"""Credit lines: authors, editors and the source a page names (pages/credits.py, issue 15)."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from textile_news.pages import credits
from textile_news.pages.generic import ArticlePage, parse_html


@pytest.mark.parametrize(
    ("line", "authors", "editors", "sources"),
    [
        ("作者：张三", ["张三"], [], []),
        ("记者：李四 王五", ["李四", "王五"], [], []),
        ("本报记者 赵六", ["赵六"], [], []),
        ("纺织报讯（记者 陈明）本周棉价上涨，纺纱厂开工率回升。", ["陈明"], [], []),
        ("新华社上海3月5日电（记者刘洋）", ["刘洋"], [], []),
        ("（记者 周强 通讯员 吴敏）", ["周强", "吴敏"], [], []),
        ("通讯员 郑华", ["郑华"], [], []),
        ("文/孙丽", ["孙丽"], [], []),
        ("文|孙丽、钱芳", ["孙丽", "钱芳"], [], []),
        ("执笔/林一、林二&林三", ["林一", "林二", "林三"], [], []),
        ("采写：本报见习记者 何青", ["何青"], [], []),
        ("【文/纺织网专栏作者 王文】", ["王文"], [], []),
        ("编辑：马丽", [], ["马丽"], []),
        ("责任编辑：杜明_NB12556", [], ["杜明"], []),
        ("[责任编辑：韩林 PK155]", [], ["韩林"], []),
        ("（责任编辑： HN666）", [], ["HN666"], []),
        ("责编：高远", [], ["高远"], []),
        ("审核：许可 校对：宋雨", [], ["许可", "宋雨"], []),
        ("编辑 刘晓 校对 李铭", [], ["刘晓", "李铭"], []),
        ("责任编辑：李跃群校对：刘威", [], ["李跃群", "刘威"], []),
        ("作者：未知 责任编辑：棒棒不是糖", [], ["棒棒不是糖"], []),
        ("来源：中国纺织报 作者：张三 2020-01-01", ["张三"], [], ["中国纺织报"]),
        ("2020-01-01 12:11来源：纺织时报网作者：李在山", ["李在山"], [], ["纺织时报网"]),
        ("2019-09-07 13:43:45 来源: 纺织市场周刊 举报", [], [], ["纺织市场周刊"]),
        ("本文来源：纺织日报 责任编辑：杜明_NB1", [], ["杜明"], ["纺织日报"]),
        ("发布日期：2016-11-22 浏览次数： 信息来源：省纺织协会", [], [], ["省纺织协会"]),
        ("稿源：中国服装网", [], [], ["中国服装网"]),
        ("转载自：纺织周刊", [], [], ["纺织周刊"]),
        ("Source: Textile Daily", [], [], ["Textile Daily"]),
    ],
)
def test_a_credit_line_names_people_by_role(line, authors, editors, sources):
    found = credits.read(line)
    assert (found.authors, found.editors, found.sources) == (authors, editors, sources)


@pytest.mark.parametrize(
    "line",
    [
        # photographers credit the pictures: neither author nor editor
        "图为开幕式现场。（刘通摄）",
        "资料图：市民在寒冷天气中出行。中新社记者 贾天勇 摄",
        "摄影/张艳",
        "城市摄影队 周斌 摄",
        # prose, headlines and placeholders
        "记者了解到，今年7月的一天上午，纺纱厂接到了订单。",
        "东南亚媒体行圆满收官 外国记者盛赞湾区活力",
        "作者最新文章 棉价上涨",
        "记者：你怎么看待这个问题？",
        "作者：网络整理",
        "作者：医技药剂党支部时间：2019年10月31日 23:00",
        "（责任编辑：系统管理员）",
        "（资料来源：参考消息、海外网等）",
        "图片来源：每经记者 张蕊 摄",
        "来源：本站原创",
    ],
)
def test_no_person_or_source_where_the_line_credits_none(line):
    assert asdict(credits.read(line)) == {"authors": [], "editors": [], "sources": []}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
        ("By John Smith, Reuters", ["John Smith"]),
        ("by Anna Weber | Staff Writer", ["Anna Weber"]),
        ("By Jane Doe, Editor", ["Jane Doe"]),
        ("John Smith & Li Ming", ["John Smith", "Li Ming"]),
        ("Posted on 12.01.2024", []),
        ("By https://example.com/team", []),
    ],
)
def test_english_bylines_give_names_only(text, names):
    assert credits.byline(text) == names


def test_jsonld_authors_object_list_string_and_no_organization():
    assert credits.jsonld_authors({"@type": "Person", "name": "Jane Doe"}) == ["Jane Doe"]
    assert credits.jsonld_authors(
        [{"name": "Jane Doe"}, "By John Smith", {"@type": "Organization", "name": "Mill Times"}]
    ) == ["Jane Doe", "John Smith"]
    assert credits.jsonld_authors("张三、李四") == ["张三", "李四"]
    assert credits.jsonld_authors(None) == []


def test_credit_lines_join_a_label_to_the_value_in_the_next_element():
    root = parse_html(
        "<html><body><div><span>责任编辑：</span><span>张三</span></div>"
        "<p>正文。<a href='/x'>记者 链接</a></p><script>var author='作者：x'</script></body></html>"
    )
    assert credits.credit_lines(root) == ["责任编辑：张三"]


def test_page_people_keeps_structured_authors_and_drops_the_site_name():
    root = parse_html("<html><body><p>责任编辑：王五</p><p>（记者 李四）</p></body></html>")
    people = credits.page_people(
        [{"@type": "Person", "name": "Mill Times"}, {"name": "Jane Doe"}],
        {"author": "ignored"},
        root,
        ["Mill Times"],
    )
    assert people == (["Jane Doe"], ["王五"], [])
    # no structured author: the credit lines'; a URL in meta author is no one
    people = credits.page_people(None, {"author": "https://x.example/me"}, root, [])
    assert people == (["李四"], ["王五"], [])


def test_marked_authors_from_itemprop_rel_and_byline():
    root = parse_html(
        '<html><body><span itemprop="author"><span itemprop="name">Jane Doe</span></span>'
        '<a rel="author" href="/a/js">John Smith</a>'
        '<div class="byline">By Li Ming and Hans Schafer</div></body></html>'
    )
    assert credits.marked_authors(root) == ["Jane Doe", "John Smith", "Li Ming", "Hans Schafer"]


ZH_PAGE = """<html><head><title>棉纱价格连续上涨_纺织新闻_纺织在线网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">纺织新闻</a></div>
<h2>棉纱价格连续上涨</h2>
<div class="info">2020-03-05 10:20 来源：中国纺织报 作者：张三</div>
<div class="content">
<p>纺织报讯（记者 李四 通讯员 王五）本周国内棉纱价格连续上涨，多家纺纱厂表示订单已排到下月。</p>
<p>业内人士认为，下游织造企业开工率回升，带动了棉纱需求，短期内价格仍有上涨空间。</p>
<p>图为纺纱车间。（赵六摄）</p>
</div>
<div class="editor">责任编辑：钱七_NB123 校对：孙八</div>
</body></html>"""


def test_a_generic_chinese_page_gives_authors_editors_source_and_a_clean_title():
    """The exact item, but for the body and the date (other parts of issue 15)."""
    item = ArticlePage("https://www.fangzhi.example/news/1.html", ZH_PAGE).to_item().as_dict()
    for other in ("body", "published_at", "date_source", "date_precision", "zone_source"):
        del item[other]
    assert item == {
        "url": "https://www.fangzhi.example/news/1.html",
        "site": "generic",
        "title": "棉纱价格连续上涨",
        "source": "中国纺织报",
        "author": "张三; 李四; 王五",
        "editor": "钱七; 孙八",
        "tags": [],
        "category": None,
        "views": None,
        "language": None,
        "summary": None,
        "related": [],
        "next": None,
        "fetched_at": None,
    }


EN_PAGE = """<html><head><title>Denim mills add capacity | Mill Times</title>
<meta property="og:site_name" content="Mill Times">
<meta name="author" content="Mill Times"></head><body>
<article><h1>Denim mills add capacity</h1>
<p class="byline">By Jane Doe and John Smith, Reuters</p>
<p>Denim mills in three countries said this week that they will add capacity
as orders from jeans brands recover after two slow years.</p></article>
</body></html>"""


def test_a_generic_english_page_gives_its_byline_not_the_site_name():
    """meta author is the site's name: the byline in the <article> (where a page with one
    is searched for author markup) names the people."""
    item = ArticlePage("https://www.milltimes.example/denim.html", EN_PAGE).to_item()
    assert (item.title, item.author, item.editor, item.source) == (
        "Denim mills add capacity",
        "Jane Doe; John Smith",
        None,
        "Mill Times",
    )
