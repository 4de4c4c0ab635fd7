"""`textile-news stats`: article counts per period and site, charts (issue 5, item 3)."""

from __future__ import annotations

import csv
import io
import json
import sys
import xml.etree.ElementTree as ET
from contextlib import closing

import click
import pytest
from click.testing import CliRunner

from tests.analyst_archive import F2F, SITES, SJFZXM, TEXINDEX, build
from textile_news.analysis import charts, stats
from textile_news.archive.db import open_readonly
from textile_news.archive.filters import ArticleFilter
from textile_news.cli import cli

MONTHS = [
    "2019-12",
    *(f"2020-{m:02d}" for m in range(1, 13)),
    "2021-01",
]
WEEKS = [*(f"2020-W{w:02d}" for w in range(1, 54)), "2021-W01"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("stats") / "archive.sqlite")


def counts(archive, by, **filters):
    with closing(open_readonly(archive)) as db:
        return stats.counts(db, by, ArticleFilter(**filters))


def table(periods, sites, found):
    """Every period x site, the counts in ``found`` and 0 elsewhere."""
    return [
        {"period": p, "site": s, "articles": found.get((p, s), 0)} for p in periods for s in sites
    ]


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_counts_per_year(archive):
    assert counts(archive, "year") == [
        {"period": "2019", "site": F2F, "articles": 1},
        {"period": "2019", "site": SJFZXM, "articles": 0},
        {"period": "2019", "site": TEXINDEX, "articles": 0},
        {"period": "2020", "site": F2F, "articles": 1},
        {"period": "2020", "site": SJFZXM, "articles": 3},
        {"period": "2020", "site": TEXINDEX, "articles": 1},
        {"period": "2021", "site": F2F, "articles": 1},
        {"period": "2021", "site": SJFZXM, "articles": 0},
        {"period": "2021", "site": TEXINDEX, "articles": 1},
    ]


def test_counts_per_month_fill_the_months_without_articles(archive):
    assert counts(archive, "month") == table(
        MONTHS,
        SITES,
        {
            ("2019-12", F2F): 1,
            ("2020-01", SJFZXM): 2,
            ("2020-03", F2F): 1,
            ("2020-03", TEXINDEX): 1,
            ("2020-12", SJFZXM): 1,
            ("2021-01", F2F): 1,
            ("2021-01", TEXINDEX): 1,
        },
    )


def test_counts_per_iso_week_across_the_years_ends(archive):
    """2019-12-30 is in 2020-W01; 2020-12-31 and 2021-01-01 in 2020-W53."""
    assert counts(archive, "week") == table(
        WEEKS,
        SITES,
        {
            ("2020-W01", F2F): 1,
            ("2020-W03", SJFZXM): 1,
            ("2020-W04", SJFZXM): 1,
            ("2020-W10", TEXINDEX): 1,
            ("2020-W11", F2F): 1,
            ("2020-W53", SJFZXM): 1,
            ("2020-W53", TEXINDEX): 1,
            ("2021-W01", F2F): 1,
        },
    )


def test_counts_per_day_use_the_articles_local_date(archive):
    """2021-01-01T00:30+08:00 counts for 1 January, though it was 31 December in UTC."""
    days = ["2020-12-31", "2021-01-01", "2021-01-02", "2021-01-03", "2021-01-04"]
    assert counts(archive, "day", since="2020-12-31") == table(
        days,
        SITES,
        {("2020-12-31", SJFZXM): 1, ("2021-01-01", TEXINDEX): 1, ("2021-01-04", F2F): 1},
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"site": SJFZXM, "until": "2020-01"}, {("2020", SJFZXM): 2}),
        (
            {"language": "zh"},
            {("2020", SJFZXM): 1, ("2020", TEXINDEX): 1, ("2021", TEXINDEX): 1},
        ),
        ({"tag": "Silk"}, {("2020", SJFZXM): 1}),
        ({"since": "2020-03-05", "until": "2020-12-31"}, {("2020", F2F): 1, ("2020", SJFZXM): 1}),
    ],
)
def test_counts_with_filters(archive, filters, expected):
    periods = sorted({p for p, _ in expected})
    sites = sorted({s for _, s in expected})
    assert counts(archive, "year", **filters) == table(periods, sites, expected)


def test_counts_with_a_search_query(archive):
    # English stemmed: "cotton" in 1 and 5; 棉花 in 3 only (7 has 棉纺织, not 棉花)
    assert counts(archive, "year", query="cotton") == table(
        ["2019", "2020"], [F2F], {("2019", F2F): 1, ("2020", F2F): 1}
    )
    assert counts(archive, "month", query="棉花") == [
        {"period": "2020-01", "site": SJFZXM, "articles": 1}
    ]


def test_counts_with_a_taxonomy_term(archive):
    assert counts(archive, "year", term="cotton") == table(
        ["2019", "2020"], [F2F, SJFZXM], {("2019", F2F): 1, ("2020", F2F): 1, ("2020", SJFZXM): 1}
    )


def test_counts_of_nothing(archive):
    assert counts(archive, "month", site="nosuch_site") == []


def test_chart_of_three_sites_stacked():
    rows = [
        {"period": p, "site": s, "articles": n}
        for p, s, n in [
            ("2019", F2F, 1),
            ("2019", SJFZXM, 0),
            ("2019", TEXINDEX, 0),
            ("2020", F2F, 1),
            ("2020", SJFZXM, 3),
            ("2020", TEXINDEX, 1),
            ("2021", F2F, 1),
            ("2021", SJFZXM, 0),
            ("2021", TEXINDEX, 1),
        ]
    ]
    # 53 cells for the biggest year (5); segments end at round(cumulative / 5 * 53)
    assert charts.terminal(rows, "year", width=60) == (
        "Articles per year, 2019 to 2021: 8\n"
        "█ fibre2fashion_com 3  ▓ sjfzxm_com 3  ▒ texindex_com_cn 2\n"
        f"2019 {'█' * 11} 1\n"
        f"2020 {'█' * 11}{'▓' * 31}{'▒' * 11} 5\n"
        f"2021 {'█' * 11}{'▒' * 10} 2\n"
    )


def test_chart_of_one_site_in_eighths_of_a_cell():
    rows = [
        {"period": "2020-01", "site": "a_com", "articles": 3},
        {"period": "2020-02", "site": "a_com", "articles": 0},
        {"period": "2020-03", "site": "a_com", "articles": 8},
        {"period": "2020-04", "site": "a_com", "articles": 0.01},
    ]
    # 30 cells for 8 articles: 3 is 11 cells and 2 eighths; anything above 0 shows
    assert charts.terminal(rows, "month", width=40) == (
        "Articles per month on a_com, 2020-01 to 2020-04: 11.01\n"
        f"2020-01 {'█' * 11}▎ 3\n"
        "2020-02  0\n"
        f"2020-03 {'█' * 30} 8\n"
        "2020-04 ▏ 0.01\n"
    )


def test_chart_colours_are_extra():
    rows = [
        {"period": "2020", "site": "a_com", "articles": 2},
        {"period": "2020", "site": "b_com", "articles": 1},
    ]
    coloured = charts.terminal(rows, "year", color=True)
    assert "\x1b[34m" in coloured
    assert click.unstyle(coloured) == charts.terminal(rows, "year")


def test_chart_of_many_sites_groups_the_smallest():
    rows = [{"period": "2020", "site": f"site{i:02d}", "articles": 20 - i} for i in range(10)]
    chart = charts.terminal(rows, "year", width=200)
    legend = chart.splitlines()[1]
    assert legend.endswith("+ site06 14  : other (3 sites) 36")
    assert legend.count("  ") == len(charts.FILLS) - 1


def test_stats_command_chart(archive):
    result = invoke("stats", "--db", str(archive), "--by", "year", "--width", "60")
    assert result.exit_code == 0
    with closing(open_readonly(archive)) as db:
        assert result.output == charts.terminal(stats.counts(db, "year"), "year", width=60)


def test_stats_command_json_and_csv(archive):
    result = invoke(
        "stats", "--db", str(archive), "--by", "year", "--site", F2F, "--format", "json"
    )
    assert json.loads(result.output) == [
        {"period": "2019", "site": F2F, "articles": 1},
        {"period": "2020", "site": F2F, "articles": 1},
        {"period": "2021", "site": F2F, "articles": 1},
    ]
    result = invoke("stats", "--db", str(archive), "--language", "zh", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["period", "site", "articles"]
    assert rows[1:3] == [["2020-01", SJFZXM, "1"], ["2020-01", TEXINDEX, "0"]]
    assert len(rows) == 1 + 13 * 2  # 2020-01 to 2021-01, two sites


def test_stats_command_nothing_matches(archive):
    result = invoke("stats", "--db", str(archive), "--since", "2030")
    assert (result.exit_code, result.output) == (0, "No articles match.\n")
    result = invoke("stats", "--db", str(archive), "--since", "2030", "--format", "json")
    assert (result.exit_code, result.output) == (0, "[]\n")


def test_stats_command_rejects_a_malformed_query(archive):
    result = invoke("stats", "--db", str(archive), "--query", '"cotton')
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("Error: invalid search query")


def test_stats_command_term_filter(archive):
    result = invoke("stats", "--db", str(archive), "--term", "cotton", "--format", "json")
    assert [(r["period"], r["site"], r["articles"]) for r in json.loads(result.output)] == [
        ("2019-12", F2F, 1),
        ("2019-12", SJFZXM, 0),
        ("2020-01", F2F, 0),
        ("2020-01", SJFZXM, 1),
        ("2020-02", F2F, 0),
        ("2020-02", SJFZXM, 0),
        ("2020-03", F2F, 1),
        ("2020-03", SJFZXM, 0),
    ]


def test_plot_png(archive, tmp_path):
    from PIL import Image

    target = tmp_path / "monthly.png"
    result = invoke("stats", "--db", str(archive), "--plot", str(target), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"chart written to {target}\n")
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(target) as image:
        image.verify()
        assert image.format == "PNG"
        assert image.size[0] >= 640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monthly.png"]


def test_plot_svg(archive, tmp_path):
    target = tmp_path / "weekly.svg"
    result = invoke("stats", "--db", str(archive), "--by", "week", "--plot", str(target))
    assert result.exit_code == 0, result.output
    root = ET.parse(target).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Articles per week, 2020-W01 to 2021-W01" in target.read_text()


def test_plot_needs_png_or_svg(archive, tmp_path):
    result = invoke("stats", "--db", str(archive), "--plot", str(tmp_path / "chart.pdf"))
    assert result.exit_code == 2
    assert "the file name must end in .png or .svg" in result.output
    assert not list(tmp_path.iterdir())


def test_plot_of_nothing(archive, tmp_path):
    target = tmp_path / "none.png"
    result = invoke("stats", "--db", str(archive), "--since", "2030", "--plot", str(target))
    assert result.exit_code == 1
    assert result.output.endswith(f"Error: no articles match: {target} not written\n")
    assert not target.exists()


def test_plot_into_a_missing_folder(archive, tmp_path):
    target = tmp_path / "missing" / "a.png"
    result = invoke("stats", "--db", str(archive), "--plot", str(target), "--format", "json")
    assert result.exit_code == 1
    assert result.output.endswith(f"Error: cannot write {target}: No such file or directory\n")


def test_plot_without_matplotlib(archive, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails as if not installed
    result = invoke("stats", "--db", str(archive), "--plot", str(tmp_path / "a.png"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: --plot needs matplotlib, which is not installed: pip install 'textile-news[all]'"
    )


def test_chart_shows_a_run_of_empty_periods_as_one_line():
    rows = [
        {"period": f"20{y:02d}", "site": "a_com", "articles": n}
        for y, n in [(10, 2), (11, 0), (12, 0), (13, 0), (14, 1), (15, 0), (16, 0), (17, 4)]
    ]
    assert charts.terminal(rows, "year", width=40) == (
        "Articles per year on a_com, 2010 to 2017: 7\n"
        # 33 cells for 4 articles: 2 is 16 and a half cells, 1 is 8 and a quarter
        f"2010 {'█' * 16}▌ 2\n"
        " ⋮   3 years without articles, 2011 to 2013\n"
        f"2014 {'█' * 8}▎ 1\n"
        "2015  0\n"
        "2016  0\n"
        f"2017 {'█' * 33} 4\n"
    )


@pytest.mark.parametrize("by", stats.BY)
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"site": SJFZXM},
        {"since": "2020-03"},
        {"until": "2020-12-31"},
        {"since": "2020-01-16", "until": "2021-01"},
        {"since": "2022-01"},
        {"site": "nosuch"},
    ],
)
def test_index_ranges_count_as_a_group_by_does(archive, monkeypatch, by, filters):
    """Without tag, language, query or term, counts come from index ranges (no sort);
    they are those of the plain GROUP BY."""
    fast = counts(archive, by, **filters)
    monkeypatch.setattr(stats, "_counted_by_ranges", lambda *args: None)
    assert fast == counts(archive, by, **filters)


def test_malformed_dates_are_counted_too(tmp_path):
    """A date that is not ISO 8601 (an archive written by hand) is counted under its
    first characters, not lost."""
    import sqlite3

    path = build(tmp_path / "a.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE articles SET published_at = 'unknown' WHERE id = 8")
    assert counts(path, "year")[-3:] == [
        {"period": "unkn", "site": F2F, "articles": 1},
        {"period": "unkn", "site": SJFZXM, "articles": 0},
        {"period": "unkn", "site": TEXINDEX, "articles": 0},
    ]


@pytest.mark.parametrize("command", ["stats", "datasette"])
def test_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {command} [OPTIONS]")


def test_colours_on_a_terminal_and_not_with_no_color(archive, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    args = ["stats", "--db", str(archive), "--by", "year"]
    coloured = CliRunner().invoke(cli, args, color=True)
    assert "\x1b[31m" in coloured.output  # sjfzxm_com, the second site
    plain = CliRunner().invoke(cli, [*args, "--no-color"], color=True)
    assert "\x1b[" not in plain.output
    assert plain.output == click.unstyle(coloured.output)
    monkeypatch.setenv("NO_COLOR", "1")
    assert CliRunner().invoke(cli, args, color=True).output == plain.output


def test_stats_leaves_the_archive_unchanged(archive):
    import hashlib

    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert invoke("stats", "--db", str(archive), "--term", "cotton").exit_code == 0
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path):
    """The texts of an SVG's <text> elements: text kept as text, not drawn as outlines."""
    return ["".join(node.itertext()) for node in ET.parse(path).getroot().iter(f"{SVG}text")]


def test_plot_title_says_what_was_counted_and_keeps_its_text(archive, tmp_path):
    target = tmp_path / "cotton.svg"
    result = invoke(
        "stats", "--db", str(archive), "--by", "year", "--query", "cotton", "--term", "cotton",
        "--plot", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    title = 'Articles per year matching "cotton", term cotton on fibre2fashion_com, 2019 to 2020'
    assert result.output.startswith(f"{title}: 2\n")  # the terminal chart says the same
    texts = svg_texts(target)
    assert title in " ".join(texts)  # a long title wraps onto a second line
    assert "year of publication" in texts


def test_describe_names_every_filter():
    chosen = ArticleFilter(
        query="棉花", site="a_com", since="2020-01", until="2020-06", tag="Yarn", term="silk",
        language="zh",
    )  # fmt: skip
    assert charts.describe(chosen) == (
        ' matching "棉花", term silk, tag Yarn, language zh, since 2020-01, until 2020-06, on a_com'
    )
    assert charts.describe(ArticleFilter()) == ""
    assert charts.describe(None) == ""


def test_plot_is_twice_a_screens_resolution_unless_told(archive, tmp_path):
    from PIL import Image

    sizes = []
    for dpi in ([], ["--dpi", "100"]):
        target = tmp_path / f"chart{len(sizes)}.png"
        result = invoke("stats", "--db", str(archive), "--plot", str(target), *dpi)
        assert result.exit_code == 0, result.output
        with Image.open(target) as image:
            sizes.append(image.size)
    assert sizes[0] == (sizes[1][0] * 2, sizes[1][1] * 2)
    assert sizes[1] == (640, 480)


def rows_of(counts):
    return [{"period": p, "site": "a_com", "articles": n} for p, n in counts]


def test_figure_collapses_empty_runs_leaves_headroom_and_marks_the_partial_period():
    from datetime import date

    rows = rows_of([("2020-01", 4), ("2020-02", 0), ("2020-03", 0), ("2020-04", 0), ("2020-05", 8)])
    chart = charts.figure(rows, "month", today=date(2020, 5, 17))
    axes = chart.axes[0]
    assert [tick.get_text() for tick in axes.get_xticklabels()] == [
        "2020-01", "⋯", "2020-05 (so far)",
    ]  # fmt: skip
    assert [text.get_text() for text in axes.texts] == ["3 months\nwithout articles"]
    assert axes.get_ylim() == (0, 8 * 1.12)
    bars = list(axes.containers[0])
    assert [bar.get_height() for bar in bars] == [4, 0, 8]
    assert bars[-1].get_hatch() == "//"
    assert bars[0].get_hatch() is None
    # a month that is over is not marked
    later = charts.figure(rows, "month", today=date(2020, 6, 1)).axes[0]
    assert later.get_xticklabels()[-1].get_text() == "2020-05"


@pytest.mark.parametrize(
    ("by", "period"),
    [("day", "2020-12-31"), ("week", "2020-W53"), ("month", "2020-12"), ("year", "2020")],
)
def test_current_period(by, period):
    from datetime import date

    assert charts.current_period(date(2020, 12, 31), by) == period
