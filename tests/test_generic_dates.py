"""The generic page's date: where it is looked for, how printed dates are read, and the parse
that the date and the body share."""

from __future__ import annotations

import pytest

from textile_news.pages.generic import ArticlePage, drop_nodes, parse_html
from textile_news.pages.tree import without_stray_ends
from textile_news.text.dates import as_date, find_date

BODY = "<p>Spinning mills rebuild their stocks ahead of the new season, traders say.</p>" * 3


def page(url: str, head: str = "", body: str = BODY) -> ArticlePage:
    return ArticlePage(url, f"<html><head>{head}</head><body><h1>Mills</h1>{body}</body></html>")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/3/5", "2024-03-05"),
        ("Stand: 05.03.2024, 9:30 Uhr", "2024-03-05T09:30"),
        ("am 24. Juli 2017 - 18:55", "2017-07-24T18:55"),
        ("4 de mayo de 2022", "2022-05-04"),
        ("March 5, 2024 at 3:30 pm", "2024-03-05T15:30"),
        ("15 августа 2016, 13:43", "2016-08-15T13:43"),
        ("12/25/2024", "2024-12-25"),  # day first unless that cannot be
        ("11/01/2023", "2023-01-11"),
        ("Janic Cathomen, 01.12.2021Mit bestem Dank", "2021-12-01"),
        ("valid until 31 Dec 2099", None),  # a placeholder, not a publication date
        ("Marketing 5, 2024", None),  # not a month
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_markup_writes_slashed_dates_month_first():
    assert as_date("11/01/2023 12:43:42", markup=True) == "2023-11-01T12:43:42"
    assert as_date("2019-06-17T18:28:00+0200") == "2019-06-17T18:28:00+0200"
    assert as_date("1988") is None


def test_meta_tags_before_json_ld():
    head = (
        '<meta property="article:published_time" content="2023-01-01T10:00:00+01:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2021-11-22T18:42:22+01:00"}</script>'
    )
    assert page("https://x.example/a", head)._date == ("2023-01-01T10:00:00+01:00", "meta")


def test_the_url_day_wins_over_a_stamp_of_another_day():
    head = '<meta property="article:published_time" content="2019-06-17T18:28:00+02:00">'
    assert page("https://x.example/2017/7/12/a", head)._date == ("2017-07-12", "url")
    assert page("https://x.example/2019/06/17/a", head)._date == (
        "2019-06-17T18:28:00+02:00",
        "meta",
    )
    assert page("https://x.example/news/29-10-2021", "")._date == ("2021-10-29", "url")


def test_a_utc_stamp_gives_way_to_the_same_moment_in_the_pages_offset():
    head = '<meta property="article:published_time" content="2019-10-18T22:04:00Z">'
    body = '<time datetime="2019-10-19T00:04:00+02:00">19. Oktober</time>' + BODY
    assert page("https://x.example/a", head, body)._date == ("2019-10-19T00:04:00+02:00", "text")


def test_an_element_whose_class_names_a_date_before_the_text():
    body = (
        '<div class="sidebar">Archive: 01.01.2020 to 31.12.2020</div>'
        '<p class="meta__date">02.11.2021</p>' + BODY
    )
    assert page("https://x.example/a", "", body)._date == ("2021-11-02", "text")


def test_an_xhtml_page_is_read_as_html():
    html = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        ' Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Mills</title></head>'
        f"<body><h1>Mills restock</h1><p>am 29.12.2010, 13:36 Uhr</p>{BODY}</body></html>"
    )
    item = ArticlePage("https://x.example/a", html).to_item()
    assert (item.title, item.published_at) == ("Mills restock", "2010-12-29T13:36")
    assert item.body and "Spinning mills rebuild" in item.body


def test_dropped_nodes_leave_the_text_after_them():
    root = parse_html("<html><body><p>Before<script>x()</script> after.</p></body></html>")
    drop_nodes(list(root.iter("script")))
    assert root.xpath("string(//p)") == "Before after."


def test_a_stray_page_end_does_not_cut_the_article_after_it():
    # a template pasted whole, with its own end tags, before the article: libxml2 stopped
    # reading at its </html>, so the date and text were lost (issue 15 item 3)
    text = "棉纺企业订单回暖，纺织服装行业加快转型升级，市场信心逐步恢复。"
    html = (
        "<html lang='zh-CN'><head><title>棉纺订单回暖_纺织网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a></div></html></body>"
        "<div class='article'><h1>棉纺订单回暖</h1><p>发布时间：2007-06-29 10:30</p>"
        f"<p>{text * 2}</p><p>{text}</p></div></body></html>"
    )
    item = ArticlePage("https://news.example.cn/a/1.html", html).to_item()
    assert (item.title, item.published_at, item.date_source) == (
        "棉纺订单回暖",
        "2007-06-29T10:30",
        "text",
    )
    assert item.body == f"{text * 2}\n\n{text}"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b"<html><body>a</html></body>b</BODY></HTML >", b"<html><body>ab</BODY></HTML >"),
        (b"<html><body>a</body></html>", b"<html><body>a</body></html>"),
        (b"<p>a</p></body>b</body>", b"<p>a</p>b</body>"),
        (b"<p>a</p>", b"<p>a</p>"),
    ],
    ids=["stray-pair", "one-of-each", "two-bodies", "none"],
)
def test_only_the_last_page_end_tags_are_kept(html, expected):
    assert without_stray_ends(html) == expected
