"""The reader's view of an extracted article: textile_news/tools/reader.py (issue 15, item 7)."""

from __future__ import annotations

import pytest

from textile_news.tools.reader import render_text, show_date, wrap

ENGLISH = {
    "url": "https://www.example.com/news/cotton.html",
    "site": "generic:www.example.com",
    "title": "Cotton prices rise",
    "published_at": "2020-01-16",
    "date_precision": "day",
    "zone_source": None,
    "source": None,
    "author": "Jane Roe; John Doe",
    "editor": None,
    "category": None,
    "tags": ["cotton", "prices"],
    "body": "Cotton prices rose for a third week as spinners in Asia bought ahead of the new "
    "season, traders said on Thursday.\n\nStocks are low.",
    "related": [
        {
            "url": "https://www.example.com/news/yarn.html",
            "title": "Yarn demand slows",
            "category": None,
            "published_at": "2020-01-10",
        },
        {"url": "https://www.example.com/news/wool.html", "title": None, "published_at": None},
    ],
    "next": None,
}

CHINESE = {
    "url": "http://www.sjfzxm.com/news/1.html",
    "site": "sjfzxm_com",
    "title": "绍兴纺织企业加快转型升级步伐",
    "published_at": "2011-01-06T09:12:00+08:00",
    "date_precision": "minute",
    "source": "中国纺织报",
    "author": "王丽",
    "editor": "钱七",
    "tags": [],
    "category": "地方资讯",
    "body": "新年伊始，浙江绍兴的纺织企业纷纷加快转型升级步伐。记者在柯桥走访时看到，"
    "不少企业正在更新织机、改造印染设备，并加大2011年新产品开发力度。",
    "related": [],
    "next": {"url": "http://www.sjfzxm.com/news/2.html", "title": "棉价高位运行", "summary": None},
}


def test_render_text_english_article():
    # "...ahead of the" is 75 columns; " new" would make 79
    assert render_text(ENGLISH) == (
        "Cotton prices rise\n"
        "2020-01-16 · generic:www.example.com · by Jane Roe; John Doe\n"
        "\n"
        "Cotton prices rose for a third week as spinners in Asia bought ahead of the\n"
        "new season, traders said on Thursday.\n"
        "\n"
        "Stocks are low.\n"
        "\n"
        "Related\n"
        "- Yarn demand slows (2020-01-10)\n"
        "  https://www.example.com/news/yarn.html\n"
        "- https://www.example.com/news/wool.html\n"
        "\n"
        "Tags: cotton, prices\n"
        "\n"
        "URL: https://www.example.com/news/cotton.html\n"
    )


def test_render_text_chinese_wraps_by_display_width():
    # 39 characters of two columns each fill the 78 columns of the first line
    assert render_text(CHINESE) == (
        "绍兴纺织企业加快转型升级步伐\n"
        "2011-01-06 09:12 +08:00 · sjfzxm_com · 地方资讯 · source: 中国纺织报 · by 王丽 · "
        "editor: 钱七\n"
        "\n"
        "新年伊始，浙江绍兴的纺织企业纷纷加快转型升级步伐。记者在柯桥走访时看到，不少企\n"
        "业正在更新织机、改造印染设备，并加大2011年新产品开发力度。\n"
        "\n"
        "Related\n"
        "- Next: 棉价高位运行\n"
        "  http://www.sjfzxm.com/news/2.html\n"
        "\n"
        "URL: http://www.sjfzxm.com/news/1.html\n"
    )


def test_wrap_never_starts_a_line_with_closing_punctuation():
    # the comma would be the 40th character: it goes down with the one it follows
    line = "棉" * 39 + "，" + "纱" * 3
    assert wrap(line) == "棉" * 38 + "\n" + "棉，纱纱纱"
    assert wrap("涨幅 " * 30, 20) == "涨幅 涨幅 涨幅 涨幅\n" * 7 + "涨幅 涨幅"


def test_wrap_keeps_long_words_and_lines_of_a_paragraph():
    url = "https://www.example.com/" + "x" * 80
    assert wrap(f"See {url} now") == f"See\n{url}\nnow"
    assert wrap("Price: 1 200\nVolume: 30 t") == "Price: 1 200\nVolume: 30 t"


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        ("2020-01-16", "day", "2020-01-16"),
        ("2020-09-09T17:48:00+08:00", "minute", "2020-09-09 17:48 +08:00"),
        ("2020-09-09T17:48:05+00:00", "second", "2020-09-09 17:48:05 +00:00"),
        ("2020-09-09T17:48:00", "second", "2020-09-09 17:48:00"),
        ("2023-11-02T00:01:00-05:30", "minute", "2023-11-02 00:01 -05:30"),
        # a related link's date has no precision of its own: what it states
        ("2020-01-10", None, "2020-01-10"),
        ("2020-01-10T08:30:00+08:00", None, "2020-01-10 08:30 +08:00"),
        ("2020/13/45 25:99:00", None, "2020/13/45 25:99:00"),
        (None, None, None),
    ],
)
def test_show_date_as_the_publisher_wrote_it(value, precision, shown):
    assert show_date(value, precision) == shown


def test_render_text_of_a_rejected_page_says_what_is_missing():
    item = {"url": None, "site": "generic", "title": None, "published_at": None, "body": None}
    assert render_text(item) == "(no title)\n(no date) · generic\n\nURL: (none given)\n"


def test_a_long_related_title_wraps_under_its_dash():
    link = {
        "url": "http://www.sjfzxm.com/global/en/576118.html",
        "title": "Association News: Guangdong Clothing Industry Association",
        "published_at": "2020-09-01T14:06:00+08:00",
    }
    item = {"url": None, "site": "sjfzxm_com", "title": "T", "related": [link]}
    assert render_text(item).split("\n\n")[1] == (
        "Related\n"
        "- Association News: Guangdong Clothing Industry Association (2020-09-01 14:06\n"
        "  +08:00)\n"
        "  http://www.sjfzxm.com/global/en/576118.html"
    )
