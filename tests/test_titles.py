"""Headlines without the site's name (pages/titles.py, issue 15)."""

from __future__ import annotations

import pytest

from textile_news.pages import titles
from textile_news.pages.generic import ArticlePage, parse_html


@pytest.mark.parametrize(
    ("title", "names", "domain", "expected"),
    [
        ("Cotton rallies | Textile Daily", (), None, "Cotton rallies"),
        ("Cotton rallies - Textile Daily", (), None, "Cotton rallies"),
        ("Cotton rallies :: Daily", ("Daily",), None, "Cotton rallies"),
        ("Cotton rallies again this week", (), None, "Cotton rallies again this week"),
        ("Well-known mill closes", (), None, "Well-known mill closes"),
        ("Mill Times | Cotton rallies again", ("Mill Times",), None, "Cotton rallies again"),
        ("Cotton rallies — Textileworld", (), "textileworld", "Cotton rallies"),
        ("棉价上涨_新浪财经_新浪网", (), None, "棉价上涨"),
        ("棉纱价格连续上涨-中国纺织网", (), None, "棉纱价格连续上涨"),
        ("棉纱价格连续上涨 - 纺织在线", (), None, "棉纱价格连续上涨"),
        ("棉纱价格连续上涨_纺织频道", (), None, "棉纱价格连续上涨"),
        ("印染企业环保整治通知-纪检", (), None, "印染企业环保整治通知"),
        ("化纤产能报告__2007年第23号公报_中国政府网", (), None, "化纤产能报告"),
        ("纺织网", (), None, "纺织网"),
        ("Covid-19 hits mills", (), None, "Covid-19 hits mills"),
        (None, (), None, None),
    ],
)
def test_strip_site_name(title, names, domain, expected):
    assert titles.strip_site_name(title, names, domain) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("新浪财经", True),
        ("中国载人航天官方网站", True),
        ("纺织时报", True),
        ("Textile Daily", True),
        ("textileworld.com", True),
        ("棉纱价格连续上涨", False),
        ("Cotton rallies on strong demand from mills", False),
    ],
)
def test_is_site_name(part, expected):
    assert titles.is_site_name(part) is expected


def page(html: str) -> ArticlePage:
    return ArticlePage("https://www.fangzhi.example/news/1.html", html)


def test_the_heading_the_page_shows_is_the_headline():
    """No h1: the <title>'s part that a heading repeats, whatever comes after it."""
    html = (
        "<html><head><title>棉纱价格连续上涨 东区办事处_纺织网</title></head><body>"
        "<span class='Title'>棉纱价格连续上涨</span><p>正文。</p></body></html>"
    )
    assert page(html).title() == "棉纱价格连续上涨"


def test_a_site_prefix_goes_when_a_heading_shows_the_rest():
    html = (
        "<html><head><title>明日股市预测--化纤价格报告发布</title></head><body>"
        "<h1>今日股市行情_明日大盘 - 大盘网</h1><div class='title-text'>化纤价格报告发布</div>"
        "</body></html>"
    )
    assert page(html).title() == "化纤价格报告发布"


def test_a_logo_h1_is_not_the_headline():
    html = (
        "<html><head><title>丝路行正式启动 - 山西省人民政府门户网站</title></head><body>"
        "<h1>山西省人民政府网站</h1><h2>丝路行正式启动</h2></body></html>"
    )
    assert page(html).title() == "丝路行正式启动"


def test_an_h1_inside_the_title_wins():
    html = (
        "<html><head><title>Denim mills add capacity | Mill Times</title></head><body>"
        "<h1>Denim mills add capacity</h1></body></html>"
    )
    assert page(html).title() == "Denim mills add capacity"


def test_an_og_title_cut_at_a_quote_mark_is_completed_by_the_h1():
    html = (
        '<html><head><meta property="og:title" content="纺企"暗伤"曝露"><title>x</title></head>'
        '<body><h1>纺企"暗伤"曝露</h1></body></html>'
    )
    assert page(html).title() == '纺企"暗伤"曝露'


def test_og_title_loses_the_site_name():
    html = (
        '<html><head><meta property="og:title" content="棉价上涨_纺织在线网">'
        '<meta property="og:site_name" content="纺织在线网"></head><body></body></html>'
    )
    assert page(html).title() == "棉价上涨"


def test_headings_in_page_order_without_repeats():
    root = parse_html(
        "<html><body><h2>A one</h2><div class='post-title'>B two</div><h2>A one</h2>"
        "<p>not a heading</p></body></html>"
    )
    assert titles.headings(root) == ["A one", "B two"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.textileworld.com/x", "textileworld"),
        ("http://news.sina.com.cn/x", "sina"),
        ("https://example.invalid/", None),
    ],
)
def test_domain_name(url, name):
    assert titles.domain_name(url) == name
