"""Dates on Chinese generic pages (issue 15): printed forms, cue words, script variables,
year-less and relative dates, and the precision and zone each is stored with."""

from __future__ import annotations

import pytest

from textile_news.pages.generic import ArticlePage
from textile_news.pipeline.processing import normalize_article

BODY = "<p>" + "纺织服装企业加快转型升级，棉纺行业订单回暖，市场信心逐步恢复。" * 4 + "</p>"
FETCHED = "2026-03-01T08:00:00+00:00"


def page(body: str, head: str = "", url: str = "https://news.example.cn/a/123.html"):
    html = (
        f"<html lang='zh-CN'><head><title>棉纺订单回暖</title>{head}</head>"
        f"<body><h1>棉纺订单回暖</h1>{body}</body></html>"
    )
    return ArticlePage(url, html)


def stored(article_page: ArticlePage) -> tuple[str | None, str | None, str | None]:
    item = normalize_article(article_page.to_item(), None, {}, now=FETCHED)
    return item.published_at, item.date_precision, item.zone_source


@pytest.mark.parametrize(
    ("body", "found", "written", "precision"),
    [
        (
            f"<div>2005年3月11日12:12</div>{BODY}",
            "2005-03-11T12:12",
            "2005-03-11T12:12:00+08:00",
            "minute",
        ),
        (
            f"<p>来源：新华网 2005年03月11日 12:12:30</p>{BODY}",
            "2005-03-11T12:12:30",
            "2005-03-11T12:12:30+08:00",
            "second",
        ),
        (
            f"<p>2005-3-11 12:12</p>{BODY}",
            "2005-03-11T12:12",
            "2005-03-11T12:12:00+08:00",
            "minute",
        ),
        (
            f"<div><span>浏览：20</span></div>{BODY}<p>发布时间：2005-03-21 11:21</p>",
            "2005-03-21T11:21",
            "2005-03-21T11:21:00+08:00",
            "minute",
        ),
    ],
    ids=["ymd-hm", "ymd-hms-after-source", "dashed-hm", "cue-word"],
)
def test_printed_forms(body, found, written, precision):
    article_page = page(body)
    assert article_page._date == (found, "text")
    # a .cn page without a site zone: China's zone, inferred from the country domain
    assert stored(article_page) == (written, precision, "inferred")


def test_a_script_variable_dates_a_page_that_prints_none():
    article_page = page(f"{BODY}<script>var pubtime = '2019-06-17 08:05:00';</script>")
    assert article_page._date == ("2019-06-17 08:05:00", "script")
    assert stored(article_page) == ("2019-06-17T08:05:00+08:00", "second", "inferred")


def test_a_year_less_date_takes_its_year_from_the_url():
    article_page = page(
        f"<p>10-08 12:00</p>{BODY}", url="https://news.example.cn/2019/10/08/a.html"
    )
    assert article_page._date == ("2019-10-08T12:00", "text")


def test_a_year_less_date_is_never_in_the_future_of_the_fetch():
    article_page = page(f"<p>10-08 12:00</p>{BODY}")
    assert article_page._date == ("10-08 12:00", "text")
    # fetched on 1 March 2026: 8 October is last year's
    assert stored(article_page) == ("2025-10-08T12:00:00+08:00", "minute", "inferred")


@pytest.mark.parametrize(
    ("printed", "written"),
    [("3小时前", "2026-03-01T13:00:00+08:00"), ("昨天 14:30", "2026-02-28T14:30:00+08:00")],
)
def test_relative_dates_count_back_from_the_fetch(printed, written):
    article_page = page(f"<p>{printed}</p>{BODY}")
    assert article_page._date == (printed, "text")
    assert stored(article_page) == (written, "minute", "inferred")


def test_the_printed_time_of_the_markups_day_wins():
    head = "<meta property='article:published_time' content='2021-05-06T01:41:00Z'>"
    article_page = page(f"<p>2021年05月06日 09:41</p>{BODY}", head)
    assert article_page._date == ("2021-05-06T09:41", "text")


def test_a_time_element_under_the_headline_keeps_its_offset():
    body = f'<p><time datetime="2023-11-20T08:00:00-05:00">2023年11月20日</time></p>{BODY}'
    article_page = page(body)
    assert article_page._date == ("2023-11-20T08:00:00-05:00", "text")
    assert stored(article_page) == ("2023-11-20T08:00:00-05:00", "second", "page")


def test_no_date_anywhere_is_none():
    assert page(BODY)._date[0] is None


PUBLISHED = "发布时间：2021-03-01 09:00"


@pytest.mark.parametrize(
    "update",
    ["更新时间：2021-03-02 10:00", "修改时间：2021-03-02 10:00", "最后更新：2021-03-02 10:00"],
)
@pytest.mark.parametrize(
    "layout",
    [
        "<div>{update} {published}</div>" + BODY,
        "<div>{published} {update}</div>" + BODY,
        "<div><span>{update}</span><span>{published}</span></div>" + BODY,
        BODY + "<p>{update}</p><p>{published}</p>",
        "<div>作者：张三</div>" + BODY + "<p>{update}</p>" + BODY * 3 + "<p>{published}</p>",
        BODY + "<div class='info'>{update} {published}</div>",
    ],
    ids=["one-line", "publication-first", "spans", "under-body", "far-apart", "date-class"],
)
def test_the_publication_wins_over_an_update_in_either_order(update, layout):
    # issue 15 item 3: before, an update line under the headline or before the text's
    # first 发布时间 gave the update's date
    article_page = page(layout.format(update=update, published=PUBLISHED))
    assert article_page._date == ("2021-03-01T09:00", "text")
    assert stored(article_page) == ("2021-03-01T09:00:00+08:00", "minute", "inferred")


YEAR_URL = "https://news.example.cn/2021/03/02/123.html"


@pytest.mark.parametrize(
    ("body", "url", "found", "written"),
    [
        (
            f"<div>更新时间：2021-03-02 10:00</div>{BODY}",
            None,
            "2021-03-02T10:00",
            "2021-03-02T10:00:00+08:00",
        ),
        (
            f"<div>作者：张三</div>{BODY}<p>最后更新：2021年3月2日</p>",
            None,
            "2021-03-02",
            "2021-03-02",
        ),
        (
            f"<div>修改时间：03-02 10:00</div>{BODY}",
            YEAR_URL,
            "2021-03-02T10:00",
            "2021-03-02T10:00:00+08:00",
        ),
    ],
    ids=["under-headline", "under-body", "year-less"],
)
def test_an_update_alone_is_the_last_resort_and_says_so(body, url, found, written):
    article_page = page(body, url=url or "https://news.example.cn/a/123.html")
    assert article_page._date == (found, "updated")
    item = normalize_article(article_page.to_item(), None, {}, now=FETCHED)
    assert (item.published_at, item.date_source) == (written, "updated")


def test_a_script_variable_beats_an_update_line():
    script = "<script>var pubtime = '2021-03-01 09:00:00';</script>"
    article_page = page(f"<div>更新时间：2021-03-02 10:00</div>{BODY}{script}")
    assert article_page._date == ("2021-03-01 09:00:00", "script")
