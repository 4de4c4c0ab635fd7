"""The furniture lines a main-text extractor keeps, and the body of a page that has them."""

from __future__ import annotations

import pytest

from textile_news.pages.boilerplate import clean_lines, is_furniture
from textile_news.pages.generic import ArticlePage


@pytest.mark.parametrize(
    "line",
    [
        "【打印本页】【关闭窗口】",
        "| 现在位置： 首页 >> 东区新闻 >> 正文 |",
        "位置：首页 > 新闻动态",
        "发布日期：2019-03-06 责任编辑：龙慧",
        "来源：新华网 作者：张三",
        "【免责声明】本文仅代表作者本人观点，与本网无关。",
        "网友评论仅供其表达个人看法，并不表明本站立场。",
        "更多资讯，欢迎扫描下方二维码关注官方微信",
        "安装客户端第一时间接收最全面的市场资讯",
        "相关阅读：",
        "版权所有 某某协会 京ICP备14002927号 京公网安备11010502000231号 地址：北京市某路58号",
        "Subscribe now to our e-edition for the full story.",
        "Follow The Daily on Twitter and Instagram @TheDaily.",
        "© 2020 Textile Co. All Rights Reserved",
        "ANZEIGE - Heute mal ausgehen?",
        "Lea más: Otra noticia del día",
        "Schon gelesen?",
        "Tags:",
        "Kategorie: News",
        "Release Date:",
        "Letzte Änderung 12.03.2021",
        "Zum Newsletter anmelden",
        "If you enjoyed reading this post, share it.",
        "This post contains references to products from our partners.",
        "Keine Kommentare",
        "Bewerten:",
        "Weitere Beiträge aus der Kolumne:",
        "Das Thema könnte dich auch interessieren:",
        "Weitere Infos unter www.example.de.",
        "23.10.2018",
        "AFP / Marco Rossi",
        "aja/PAP",
        "Credit: Getty",
        "Datenschutz- und Nutzungsbedingungen.",
        "Vorschau auf den nächsten Artikel",
        "Most read",
        "Top-Themen bei Textil Aktuell",
        "|  |  |",
        # a byline's date on a line of its own
        "Published 9 March 2026",
        "Posted on March 9, 2026 at 10:00 am",
        "Updated: 2026-03-09 14:05",
        "Date: 12.03.2024",
        "Updated 3 hours ago",
        "Published on Monday, 9 March 2026 - 10:00",
        "Veröffentlicht am 12. März 2024, 10:00 Uhr",
        "Publié le 3 avril 2024 à 10h00",
        "Posted March 9, 2026 10:00 a.m. EST",
    ],
)
def test_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Cotton prices rose 3% in March, the association said.",
        "相关报道称，棉花价格三月上涨3%。",
        "会议决定：批准发行特别国债。",
        "Anzeige gegen den Betreiber der Spinnerei erstattet.",
        "Subscribers to the trade fair's list were told on Monday that it moves to May.",
        "首页改版后，协会网站的访问量翻了一番。",
        "The association's newsletter reported a fall in exports.",
        "More mills than ever closed in 2023, the survey found, and more will close:",
        "Reuters reported that the mill closed in March.",
        "The privacy policy of the portal changed in May after the ruling.",
        "Published by the Oxford University Press in 2019.",
        "Date palms grew 20 percent more fruit in 2024.",
        "Updated May 5 to include new figures from the ministry.",
        "Posted in Markets on 9 March 2026 by the editors of the weekly.",
        # a long sentence that names the copyright is the article's, not a footer
        "The court ruled that the pattern, whose designer claimed all rights reserved to her "
        "under the 1988 act, could be printed by the mill for another five years without "
        "further payment to her or to the studio.",
    ],
)
def test_not_furniture(line):
    assert not is_furniture(line)


def test_clean_lines_drops_furniture_and_repeats_and_keeps_the_order():
    lines = ["分享到：", "棉价上涨。", "棉价上涨。", "【打印】【关闭】", "纱线跟涨。"]
    assert clean_lines(lines) == ["棉价上涨。", "纱线跟涨。"]


PAGE = """<html><head><title>Cotton rallies</title></head><body>
<ul class="toc"><li><a href="#outlook">What comes next for the spinners</a></li></ul>
<div class="content">
<h1>Cotton rallies</h1>
<p>Cotton prices rose three percent in March as mills restocked ahead of the summer
season, the association said on Monday in its monthly report on the trade.</p>
<p>Yarn prices followed, with spinners in the south reporting full order books for the
quarter and longer lead times for export customers in Europe and Asia.</p>
<p><a href="/news/2">Polyester output falls for the second month running</a></p>
<h2 id="outlook">What comes next for the spinners</h2>
<p>Analysts expect prices to hold until the new crop arrives in the autumn.</p>
<p>Subscribe to our newsletter for the week's prices.</p>
</div></body></html>"""


def test_a_line_that_is_a_whole_link_and_a_call_to_subscribe_are_not_the_body():
    # the heading stays: the table of contents' link to it is not a link to another page
    body = ArticlePage("https://news.example/a/1", PAGE).body()
    assert body is not None
    assert body.split("\n\n") == [
        "Cotton prices rose three percent in March as mills restocked ahead of the summer "
        "season, the association said on Monday in its monthly report on the trade.",
        "Yarn prices followed, with spinners in the south reporting full order books for the "
        "quarter and longer lead times for export customers in Europe and Asia.",
        "What comes next for the spinners",
        "Analysts expect prices to hold until the new crop arrives in the autumn.",
    ]


def _page(articles: list[str]) -> str:
    return "<html><body><nav><a href='/'>Home</a></nav>" + "".join(articles) + "</body></html>"


LONG = "<article><h1>Cotton</h1>" + "<p>" + "Cotton prices rose again. " * 45 + "</p></article>"


def test_trafilatura_reads_the_only_long_article_alone():
    page = ArticlePage("https://news.example/a/1", _page([LONG + "Sign in to comment."]))
    tree = page._article_tree()
    assert tree is not page.selector.root
    assert [node.tag for node in tree.find("body")] == ["article"]
    assert "Sign in" not in "".join(tree.find("body").itertext())
    assert page.selector.root.find("body/article") is not None  # the page keeps its article


@pytest.mark.parametrize(
    "articles",
    [
        [LONG, LONG],  # two articles: a listing, or the story and a teaser
        ["<article><p>A teaser of another story.</p></article>"],  # too short to be the story
        [],
    ],
)
def test_trafilatura_reads_the_whole_page_otherwise(articles):
    page = ArticlePage("https://news.example/a/1", _page(articles))
    assert page._article_tree() is page.selector.root
