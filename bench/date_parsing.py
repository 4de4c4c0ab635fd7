"""Date normalisation: ``dates.parse_date`` (its fast path) against plain dateparser on
the same strings, in one run, with the same answers required.

10,000 distinct date strings (seeded) in the forms SITES.md lists for the catalogue's sites
(``2020/9/9 23:17:00``, ``发表时间:2010年01月08日``, "Brussels, 15 September 2020 –", RFC 822,
"3 hours ago", "昨天 14:30", ...), each in its site's zone; relative ones count from a fixed
fetch time. The fast path's cache is cleared first and no string repeats, so every call is
a cold parse (a crawl does better: the dates of related links come round again)::

    python bench/date_parsing.py [--count 10000]

Exit status 1 when a string gets another answer from the two. The last line is
``date_fast_path_speedup=<dateparser time / parse_date time>``; the target is >= 20.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textile_news.text import dates
from textile_news.text.dates import parse as date_parse

NOW = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTHS += ("September", "October", "November", "December")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CHINA, BRUSSELS, NEW_YORK, LONDON = (
    "Asia/Shanghai",
    "Europe/Brussels",
    "America/New_York",
    ("Europe/London"),
)


def _forms() -> dict[str, tuple[str, Callable[[datetime, random.Random], str]]]:
    """Form name -> (zone, how a moment is printed)."""
    return {
        "sjfzxm 2020/9/9 23:17:00": (
            CHINA,
            lambda d, r: f"{d.year}/{d.month}/{d.day} {d:%H:%M:%S}",
        ),
        "texnet 2026-09-11 16:38:13": (CHINA, lambda d, r: f"{d:%Y-%m-%d %H:%M:%S}"),
        "texindex 2010-5-5 8:16:13": (
            CHINA,
            lambda d, r: f"{d.year}-{d.month}-{d.day} {d.hour}:{d:%M:%S}",
        ),
        "cntac 发布时间:2020-01-16": (CHINA, lambda d, r: f"发布时间:{d:%Y-%m-%d}"),
        "webtex 发表时间:2010年01月08日": (
            CHINA,
            lambda d, r: f"发表时间:{d:%Y}年{d:%m}月{d:%d}日",
        ),
        "Updated: 2010-8-3": (CHINA, lambda d, r: f"Updated: {d.year}-{d.month}-{d.day}"),
        "just-style 23 Jul 2021": (LONDON, lambda d, r: f"{d.day} {d:%b} {d.year}"),
        "Date:Dec 06, 2019": (CHINA, lambda d, r: f"Date:{d:%b} {d:%d}, {d.year}"),
        "euratex Brussels, 15 September 2020 –": (
            BRUSSELS,
            lambda d, r: f"Brussels, {d.day} {MONTHS[d.month - 1]} {d.year} –",
        ),
        "textileworld February 3, 2025 —": (
            NEW_YORK,
            lambda d, r: f"{MONTHS[d.month - 1]} {d.day}, {d.year} —",
        ),
        "feeds RFC 822": (
            NEW_YORK,
            lambda d, r: f"{WEEKDAYS[d.weekday()]}, {d:%d %b %Y %H:%M:%S} +0000",
        ),
        "relative N hours ago": (NEW_YORK, lambda d, r: f"{r.randint(1, 23)} hours ago"),
        "relative N天前": (CHINA, lambda d, r: f"{r.randint(1, 30)}天前"),
        "relative 昨天 HH:MM": (CHINA, lambda d, r: f"昨天 {d:%H:%M}"),
    }


def strings(count: int) -> list[tuple[str, str, str]]:
    """``count`` distinct (form, zone, text), spread evenly over the forms."""
    rng = random.Random(20261127)
    forms = _forms()
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    names = list(forms)
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        # round robin over the forms; one with few distinct strings (relative) gives fewer
        name = names[attempts % len(names)]
        tz, render = forms[name]
        moment = datetime(2005, 1, 1) + timedelta(seconds=rng.randrange(21 * 365 * 86400))
        text = render(moment, rng)
        if (text, tz) in seen:
            continue
        seen.add((text, tz))
        out.append((name, tz, text))
    return out


def fast(tz: str, text: str) -> str | None:
    return dates.parse_date(text, tz, now=NOW)


def plain(tz: str, text: str) -> str | None:
    """What dateparser alone makes of the string, given the same zone and fetch time (the
    label before a colon stripped, as parse_date strips it before its fallback)."""
    parsed = date_parse._dateparser_parse(date_parse.LABEL.sub("", text), tz, NOW)
    return parsed.isoformat() if parsed else None


def same_instant(a: str | None, b: str | None) -> bool:
    """Both None, or the same moment (a page's own offset is kept by parse_date, where
    dateparser converts to the site's zone: ``+00:00`` and ``-05:00`` can be one instant)."""
    if a is None or b is None:
        return a is b
    return datetime.fromisoformat(a) == datetime.fromisoformat(b)


def timed(
    parse: Callable[[str, str], str | None], cases: list[tuple[str, str, str]]
) -> tuple[float, list[str | None]]:
    started = time.perf_counter()
    results = [parse(tz, text) for _, tz, text in cases]
    return time.perf_counter() - started, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    cases = strings(args.count)
    plain("UTC", "2020-01-01 00:00:00")  # imports and warms up dateparser (not timed)
    date_parse._fast_iso.cache_clear()
    fast_seconds, fast_results = timed(fast, cases)
    plain_seconds, plain_results = timed(plain, cases)
    by_form: Counter[str] = Counter()
    differ: list[str] = []
    plain_none: Counter[str] = Counter()
    for (name, tz, text), a, b in zip(cases, fast_results, plain_results, strict=True):
        by_form[name] += 1
        if b is None and a is not None:
            plain_none[name] += 1  # a form dateparser does not read at all
        elif not same_instant(a, b):
            differ.append(f"  {name}: {text!r} ({tz}): parse_date {a}, dateparser {b}")
    print(f"{len(cases)} distinct strings in {len(by_form)} forms:")
    for name, n in by_form.items():
        print(f"  {n:6d}  {name}")
    print(f"parse_date:  {fast_seconds * 1e6 / len(cases):8.1f} µs a string")
    print(f"dateparser:  {plain_seconds * 1e6 / len(cases):8.1f} µs a string")
    compared = len(cases) - sum(plain_none.values())
    print(f"same instant: {compared - len(differ)} of the {compared} dateparser reads")
    for name, n in plain_none.items():
        print(f"  dateparser finds no date in {n} of {by_form[name]} '{name}' (parse_date does)")
    if differ:
        print("different answers (first 20):", *differ[:20], sep="\n")
    print(f"date_fast_path_speedup={plain_seconds / fast_seconds:.1f}")
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
