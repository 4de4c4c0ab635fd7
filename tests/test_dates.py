"""The one home of dates (textile_news.text.dates): parsing, the zone rule, finding dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from textile_news.text.dates import (
    as_date,
    day_of,
    find_date,
    in_zone,
    instant,
    is_iso_datetime,
    listed_date,
    local_stamp,
    parse_date,
    url_day,
    utc_stamp,
    ymd,
    zone,
)
from textile_news.text.dates.months import ENGLISH_MONTHS, MONTH_NUMBERS

NOW = datetime(2024, 7, 18, 19, 27, 24, tzinfo=UTC)  # 2024-07-19 03:27:24 in Shanghai

# --- parse_date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        # an offset the page gives is kept, whatever the site's zone
        ("2020-09-09T09:48:00+02:00", "Asia/Shanghai", "2020-09-09T09:48:00+02:00"),
        ("2020-09-09T09:48:00Z", "Europe/Brussels", "2020-09-09T09:48:00+00:00"),
        # without one, the site's zone, with its summer time
        ("2020/9/9 23:17:00", "Asia/Shanghai", "2020-09-09T23:17:00+08:00"),
        ("2021-07-01 12:00", "Europe/Brussels", "2021-07-01T12:00:00+02:00"),
        ("2021-01-15 12:00", "Europe/Brussels", "2021-01-15T12:00:00+01:00"),
        # a day alone is that day, in no zone (issue 15)
        ("2020-01-16", "Asia/Shanghai", "2020-01-16"),
        ("2020-01-16", "America/New_York", "2020-01-16"),
        # Chinese 年月日, with a label and a time
        ("2020年01月08日", "Asia/Shanghai", "2020-01-08"),
        ("发布时间：2020年1月8日 09:30", "Asia/Shanghai", "2020-01-08T09:30:00+08:00"),
        # month names and datelines
        ("23 Jul 2021", "Europe/Brussels", "2021-07-23"),
        ("Dec 06, 2019", "America/New_York", "2019-12-06"),
        ("Brussels, 15 September 2020 –", "Europe/Brussels", "2020-09-15"),
        # RFC 822, as feeds write it
        ("Thu, 23 Jan 2025 19:27:24 +0000", "Asia/Shanghai", "2025-01-23T19:27:24+00:00"),
    ],
)
def test_parse_date(raw, tz, expected):
    assert parse_date(raw, tz) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3 hours ago", "2024-07-19T00:27:00+08:00"),
        ("3小时前", "2024-07-19T00:27:00+08:00"),
        ("昨天 14:30", "2024-07-18T14:30:00+08:00"),
        ("2 days ago", "2024-07-17"),
        ("刚刚", "2024-07-19T03:27:24+08:00"),
    ],
)
def test_parse_date_relative_counts_back_from_a_fixed_now(raw, expected):
    assert parse_date(raw, "Asia/Shanghai", now=NOW) == expected


def test_parse_date_relative_without_now_is_none():
    assert parse_date("3 hours ago", "Asia/Shanghai") is None


def test_parse_date_fetch_time_without_offset_is_utc():
    assert parse_date("3 hours ago", "Asia/Shanghai", now="2024-07-18T19:27:24") == (
        "2024-07-19T00:27:00+08:00"
    )


def test_parse_date_fetch_time_that_is_no_instant_raises():
    with pytest.raises(ValueError, match="not a fetch time: 'soon'"):
        parse_date("3 hours ago", "Asia/Shanghai", now="soon")


@pytest.mark.parametrize("raw", [None, "", "   ", "no date here", "2020/13/45"])
def test_parse_date_none_for_what_is_no_date(raw):
    assert parse_date(raw, "Asia/Shanghai") is None


def test_is_iso_datetime_is_true_for_the_three_stored_forms():
    assert is_iso_datetime("2020-09-09T09:48:00+08:00") is True
    assert is_iso_datetime("2020-09-09T09:48:00") is True
    assert is_iso_datetime("2020-09-09") is True
    assert is_iso_datetime("2020-09-09T09:48+08:00") is False
    assert is_iso_datetime("Thu, 23 Jan 2025 19:27:24 +0000") is False


# --- the zone rule and instants --------------------------------------------------


def test_zone_is_the_iana_zone():
    assert zone("Asia/Shanghai") == ZoneInfo("Asia/Shanghai")


def test_in_zone_gives_a_naive_date_the_zone_and_keeps_an_offset():
    shanghai = zone("Asia/Shanghai")
    naive = datetime(2024, 3, 5, 9, 30)
    assert in_zone(naive, shanghai) == datetime(2024, 3, 5, 9, 30, tzinfo=shanghai)
    aware = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert in_zone(aware, shanghai) is aware


def test_instant_reads_iso_and_rfc822_as_written():
    assert instant("2024-03-05T10:00:00") == datetime(2024, 3, 5, 10, 0)
    assert instant("2024-03-05T10:00:00").tzinfo is None
    assert instant("Tue, 05 Mar 2024 10:00:00 +0100") == datetime(
        2024, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=1))
    )
    assert instant("5 March 2024") is None
    assert instant(None) is None


def test_instant_with_a_zone_applies_the_zone_rule():
    assert instant("2024-03-05T10:00:00", UTC) == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert instant("2024-03-05T10:00:00+08:00", UTC) == datetime(2024, 3, 5, 2, 0, tzinfo=UTC)
    assert instant(datetime(2024, 3, 5), UTC) == datetime(2024, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2020-09-09T17:48:00+08:00", "2020-09-09T09:48:00Z"),
        ("2020-09-09T09:48:00.5+00:00", "2020-09-09T09:48:00Z"),
        ("2020-09-09T17:48:00", None),  # no offset: no guess at the zone
        ("Thu, 23 Jan 2025 19:27:24 +0000", None),  # stored dates are ISO 8601
        ("not a date", None),
        (None, None),
    ],
)
def test_utc_stamp(stored, expected):
    assert utc_stamp(stored) == expected


# --- finding dates in a page -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted on 5 March 2024, 9:30 am by staff", "2024-03-05T09:30"),
        ("March 5, 2024", "2024-03-05"),
        ("21. April 2020", "2020-04-21"),
        ("4 de mayo de 2022", "2022-05-04"),
        ("15 августа 2016", "2016-08-15"),
        ("05.03.2024 16:40", "2024-03-05T16:40"),
        ("2024-03-05T09:30:00+02:00", "2024-03-05T09:30:00+02:00"),
        ("© 1988 and no day", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("纺织行业运行平稳 2024年3月5日", "2024年3月5日"),
        ("Cotton rallies 5 March 2024 3 comments", "5 March 2024"),
        ("Sept. 5, 2024 | Cotton rallies", "Sept. 5, 2024"),
        ("2024/3/5", "2024/3/5"),
        ("Issue 12024-03-05", None),  # no date glued to other digits
        ("21. April 2020", None),  # looser forms are find_date's, not a listing's
    ],
)
def test_listed_date_as_printed(text, expected):
    assert listed_date(text) == expected


def test_as_date_keeps_stamps_and_reads_markup_month_first():
    assert as_date("Tue, 05 Mar 2024 10:00:00 +0100") == "Tue, 05 Mar 2024 10:00:00 +0100"
    assert as_date("11/01/2023", markup=True) == "2023-11-01"
    assert as_date("11/01/2023") == "2023-01-11"
    assert as_date("2099-12-31") is None  # a placeholder, not a publication date


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/news/2024/03/05/cotton-prices-climb", "2024-03-05"),
        ("https://example.com/2024-3-5-cotton-prices", "2024-03-05"),
        ("https://example.com/news/05-03-2024", "2024-03-05"),
        ("https://example.com/news/2024/13/45/no-such-day", None),
        ("https://example.com/news/cotton-prices-climb", None),
    ],
)
def test_url_day(url, expected):
    assert url_day(url) == expected


def test_day_of_is_the_day_in_the_written_offset():
    assert day_of("2024-03-05T23:30:00-05:00") == "2024-03-05"
    assert day_of("Tue, 05 Mar 2024 23:30:00 -0500") == "2024-03-05"
    assert day_of("soon") is None


def test_ymd_refuses_impossible_and_placeholder_days():
    assert ymd(2024, 2, 29) == "2024-02-29"
    assert ymd(2023, 2, 29) is None
    assert ymd(2099, 12, 31) is None


def test_local_stamp_prefers_the_local_offset_of_the_same_moment():
    chosen = ("2024-03-05T22:04:00+00:00", "meta")
    others = [("2024-03-05T10:00:00+02:00", "text"), ("2024-03-06T00:04:00+02:00", "text")]
    assert local_stamp(chosen, others) == ("2024-03-06T00:04:00+02:00", "text")


def test_local_stamp_keeps_a_stamp_without_offset():
    # a naive stamp is in no known zone here: it is not taken for UTC
    chosen = ("2024-03-05T22:04:00", "meta")
    assert local_stamp(chosen, [("2024-03-06T00:04:00+02:00", "text")]) == chosen


def test_one_month_table():
    assert MONTH_NUMBERS["września"] == 9
    assert MONTH_NUMBERS["dic"] == 12
    assert ENGLISH_MONTHS["sept"] == 9
    assert set(ENGLISH_MONTHS) < set(MONTH_NUMBERS)
