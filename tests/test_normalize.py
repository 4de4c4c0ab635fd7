"""Text and paragraph normalisation (text.normalize); dates as sites print them (text.dates)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from textile_news.text.dates import is_iso_datetime, parse_date
from textile_news.text.dates import parse as date_parse
from textile_news.text.normalize import (
    clean_body,
    clean_paragraphs,
    clean_text,
)

# --- text --------------------------------------------------------------------


def test_clean_text_composes_to_nfc():
    assert clean_text("Caf" + "e\u0301") == "Café"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Silk\u00a0 Road  ", "Silk Road"),
        ("丝绸\u3000之路", "丝绸 之路"),
        ("cotton\n\n\tyarn\r\n", "cotton yarn"),
    ],
    ids=["nbsp", "ideographic-space", "newlines-tabs"],
)
def test_clean_text_collapses_whitespace(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0\u3000\n\t"])
def test_clean_text_returns_none_for_nothing(raw):
    assert clean_text(raw) is None


def test_clean_paragraphs_joins_with_one_blank_line():
    paragraphs = ["  First  paragraph ", "", None, "\u00a0\n", "Second\n\nparagraph"]
    assert clean_paragraphs(paragraphs) == "First paragraph\n\nSecond paragraph"


def test_clean_paragraphs_of_only_blanks_is_none():
    assert clean_paragraphs(["", "  ", None]) is None


def test_clean_body_reflows_paragraphs():
    body = "\n\n  One\u00a0 line\nwrapped  \n\n\n \t\n\nTwo\u3000words \n\n\n\n"
    assert clean_body(body) == "One line wrapped\n\nTwo words"


@pytest.mark.parametrize("body", [None, "", " \n\n \n"])
def test_clean_body_of_nothing_is_none(body):
    assert clean_body(body) is None


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020/9/9 23:17:00", "2020-09-09T23:17:00+08:00"),
        ("2026-09-11 16:38:13", "2026-09-11T16:38:13+08:00"),
        ("2010-5-5 8:16:13", "2010-05-05T08:16:13+08:00"),
        ("2020-01-16", "2020-01-16"),
        ("发布时间:2020-01-16", "2020-01-16"),
        ("发表时间:2010年01月08日", "2010-01-08"),
        ("2020年01月08日", "2020-01-08"),
        ("Updated: 2010-8-3", "2010-08-03"),
        ("Date:Dec 06, 2019", "2019-12-06"),
        ("23 Jul 2021", "2021-07-23"),
        ("Thu, 18 Jul 2024 19:27:24 +0000", "2024-07-18T19:27:24+00:00"),
        ("2021-03-04T05:06:07-05:00", "2021-03-04T05:06:07-05:00"),
        ("  2020/9/9\u00a023:17:00 ", "2020-09-09T23:17:00+08:00"),
    ],
)
def test_parse_date_in_site_zone(raw, expected):
    assert parse_date(raw) == expected


def test_parse_date_uses_the_given_zone_with_summer_time():
    assert parse_date("2021-07-01 12:00", tz="Europe/Brussels") == "2021-07-01T12:00:00+02:00"


def test_parse_date_uses_the_given_zone_in_winter():
    assert parse_date("2021-01-15 12:00", tz="Europe/Brussels") == "2021-01-15T12:00:00+01:00"


@pytest.mark.parametrize("raw", ["2020/13/45 25:99:00", "not a date", "", "  ", None])
def test_parse_date_returns_none_when_not_a_date(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020/9/9 23:17:00", "2020-09-09T23:17:00+08:00"),
        ("2026-09-11 16:38:13", "2026-09-11T16:38:13+08:00"),
        ("2010-5-5 8:16:13", "2010-05-05T08:16:13+08:00"),
        ("发布时间:2020-01-16", "2020-01-16"),
        ("发表时间:2010年01月08日", "2010-01-08"),
        ("Updated: 2010-8-3", "2010-08-03"),
        ("Thu, 18 Jul 2024 19:27:24 +0000", "2024-07-18T19:27:24+00:00"),
        ("2021-03-04T05:06:07-05:00", "2021-03-04T05:06:07-05:00"),
        ("2020年01月08日", "2020-01-08"),
        ("Date:Dec 06, 2019", "2019-12-06"),
        ("23 Jul 2021", "2021-07-23"),
    ],
)
def test_parse_date_known_forms_skip_dateparser(monkeypatch, raw, expected):
    monkeypatch.setattr(date_parse, "_dateparser_read", _no_dateparser)
    assert parse_date(raw) == expected


def test_parse_date_invalid_numeric_date_falls_back_to_dateparser(monkeypatch):
    calls = []

    def record(text, tz, now):
        calls.append((text, tz, now))
        return None

    monkeypatch.setattr(date_parse, "_dateparser_read", record)
    assert parse_date("发布时间:2020/13/45") is None
    assert calls == [("2020/13/45", "Asia/Shanghai", None)]


def _no_dateparser(text, tz, now=None):
    raise AssertionError(f"dateparser called for {text!r}")


def _dateparser(text, tz, now):
    """dateparser's own answer, counting back from ``now`` on the site's wall clock."""
    import dateparser

    base = datetime.fromisoformat(now).astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    settings = {"TIMEZONE": tz, "RETURN_AS_TIMEZONE_AWARE": True, "RELATIVE_BASE": base}
    parsed = dateparser.parse(text, settings=settings)
    return parsed.isoformat() if parsed else None


# --- datelines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        ("Brussels, 15 September 2020 –", "Europe/Brussels", "2020-09-15"),
        ("NEW YORK CITY — February 3, 2025 —", "America/New_York", "2025-02-03"),
        ("WINSTON-SALEM, N.C. - Sept. 5, 2019 -", "America/New_York", "2019-09-05"),
        ("15 September 2020", "Europe/Brussels", "2020-09-15"),
        ("February 3, 2025", "America/New_York", "2025-02-03"),
        ("1 MAY 2020", "Asia/Shanghai", "2020-05-01"),
    ],
)
def test_parse_date_datelines_take_the_fast_path(monkeypatch, raw, tz, expected):
    monkeypatch.setattr(date_parse, "_dateparser_read", _no_dateparser)
    assert parse_date(raw, tz) == expected


@pytest.mark.parametrize(
    "raw", ["15 September 2020", "February 3, 2025", "Dec 06, 2019", "23 Jul 2021", "Sept. 5, 2019"]
)
def test_parse_date_month_names_agree_with_dateparser(raw):
    date_parse._fast_iso.cache_clear()
    expected = date_parse._dateparser_parse(raw, "Europe/Brussels").isoformat()[:10]
    assert parse_date(raw, "Europe/Brussels") == expected


@pytest.mark.parametrize("raw", ["31 February 2020", "Brussels, 15 Septembre 2020 –"])
def test_parse_date_impossible_month_name_date_is_none(raw):
    assert parse_date(raw, "Europe/Brussels") is None


# --- relative dates -------------------------------------------------------------

NOW = "2024-07-18T19:27:24+00:00"  # 2024-07-19 03:27:24 in Shanghai


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3 hours ago", "2024-07-19T00:27:00+08:00"),
        ("an hour ago", "2024-07-19T02:27:00+08:00"),
        ("5 minutes ago", "2024-07-19T03:22:00+08:00"),
        ("30 seconds ago", "2024-07-19T03:26:54+08:00"),
        ("2 days ago", "2024-07-17"),
        ("1 week ago", "2024-07-12"),
        ("yesterday", "2024-07-18"),
        ("Yesterday 14:30", "2024-07-18T14:30:00+08:00"),
        ("today 09:15", "2024-07-19T09:15:00+08:00"),
        ("just now", "2024-07-19T03:27:24+08:00"),
        ("Just now", "2024-07-19T03:27:24+08:00"),
        ("3小时前", "2024-07-19T00:27:00+08:00"),
        ("3 小时前", "2024-07-19T00:27:00+08:00"),
        ("3个小时前", "2024-07-19T00:27:00+08:00"),
        ("5分钟前", "2024-07-19T03:22:00+08:00"),
        ("10秒前", "2024-07-19T03:27:14+08:00"),
        ("3天前", "2024-07-16"),
        ("2周前", "2024-07-05"),
        ("昨天", "2024-07-18"),
        ("昨天 14:30", "2024-07-18T14:30:00+08:00"),
        ("前天", "2024-07-17"),
        ("刚刚", "2024-07-19T03:27:24+08:00"),
        ("刚才", "2024-07-19T03:27:24+08:00"),
        ("发布时间:3小时前", "2024-07-19T00:27:00+08:00"),
        ("Posted: 2 days ago", "2024-07-17"),
    ],
)
def test_parse_date_relative_counts_back_from_now_without_dateparser(monkeypatch, raw, expected):
    monkeypatch.setattr(date_parse, "_dateparser_read", _no_dateparser)
    assert parse_date(raw, "Asia/Shanghai", now=NOW) == expected


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "Europe/Brussels", "America/New_York", "UTC"])
@pytest.mark.parametrize(
    "raw",
    [
        "3 hours ago",
        "an hour ago",
        "1 hr ago",
        "2 mins ago",
        "30 seconds ago",
        "2 days ago",
        "a week ago",
        "yesterday",
        "the day before yesterday",
        "yesterday 08:05",
        "Today 9:05",
        "just now",
        "3小时前",
        "5分钟前",
        "10秒钟前",
        "3天前",
        "3日前",
        "2周前",
        "1星期前",
        "昨天",
        "昨天14:30",
        "昨天 14:30:15",
        "前天",
        "刚刚",
    ],
)
def test_parse_date_relative_agrees_with_dateparser(raw, tz):
    # as stored (issue 15): a day for a relative day, hours and minutes to the minute
    expected = _dateparser(raw, tz, NOW)
    if re.search(r"day|week|天|日|周|星期", raw) and not re.search(r"\d:\d", raw):
        expected = expected[:10]
    elif re.search(r"hour|hr|min|小时|分钟", raw):
        expected = f"{expected[:17]}00{expected[19:]}"
    assert parse_date(raw, tz, now=NOW) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "3 hours ago",
        "2 days ago",
        "yesterday",
        "昨天",
        "3小时前",
        "刚刚",
        "just now",
        "3 months ago",  # dateparser's, not the fast path's
        "last week",
        "上周",
        "Tuesday",
        "March 5",  # no year
        "Dec 2019",  # no day
        "10:30",
    ],
)
def test_parse_date_relative_or_partial_without_now_is_none(raw):
    assert parse_date(raw, "Asia/Shanghai") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3 months ago", "2024-04-19"),
        ("March 5", "2024-03-05"),
    ],
)
def test_parse_date_dateparser_counts_back_from_now(raw, expected):
    assert parse_date(raw, "Asia/Shanghai", now=NOW) == expected


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        "2024-07-18T19:27:24Z",
        "2024-07-19T03:27:24+08:00",
        "2024-07-18T19:27:24",  # no offset: UTC, as fetch times are
        datetime(2024, 7, 18, 19, 27, 24, tzinfo=UTC),
        datetime(2024, 7, 18, 19, 27, 24),
    ],
)
def test_parse_date_now_as_string_or_datetime(now):
    assert parse_date("3小时前", "Asia/Shanghai", now=now) == "2024-07-19T00:27:00+08:00"


def test_parse_date_relative_hours_are_elapsed_and_days_are_calendar_days_over_dst():
    # Brussels went from +01:00 to +02:00 at 02:00 on 2024-03-31
    now = "2024-03-31T03:30:00+02:00"
    assert parse_date("3 hours ago", "Europe/Brussels", now=now) == "2024-03-30T23:30:00+01:00"
    assert parse_date("yesterday", "Europe/Brussels", now=now) == "2024-03-30"
    assert parse_date("1 day ago", "Europe/Brussels", now=now) == "2024-03-30"


@pytest.mark.parametrize("raw", ["昨天 25:99", "yesterday 24:00", "99999999999 weeks ago"])
def test_parse_date_impossible_relative_date_is_none(raw):
    assert parse_date(raw, "Asia/Shanghai", now=NOW) is None


def test_parse_date_absolute_dates_ignore_now():
    assert parse_date("2020/9/9 23:17:00", now=NOW) == "2020-09-09T23:17:00+08:00"


@pytest.mark.parametrize(
    "value",
    # the three forms of a stored published_at (issue 15)
    ["2020-09-09T23:17:00+08:00", "2024-07-18T19:27:24+00:00", "2020-09-09T23:17:00", "2020-09-09"],
)
def test_is_iso_datetime_true_for_a_stored_form(value):
    assert is_iso_datetime(value) is True


@pytest.mark.parametrize(
    "value",
    [
        "2020-09-09T15:17:00Z",
        "2020-09-09 23:17",
        "2020/9/9 23:17:00",
        "2020-02-30",
        "not a date",
        "",
        None,
    ],
)
def test_is_iso_datetime_false_for_other_text(value):
    assert is_iso_datetime(value) is False
