"""Charts of article counts (stats.counts rows): bars in the terminal, PNG or SVG files."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from textile_news.analysis import extras, outputs, stats

# One fill per site, so that a stacked bar reads without colour (--no-color, a pipe, a
# printout); colour only helps. More sites than fills: the smallest become "other".
FILLS = ("█", "▓", "▒", "░", "#", "=", "+", ":")
COLORS = ("blue", "red", "green", "yellow", "magenta", "cyan", "bright_blue", "bright_red")
_EIGHTHS = "▏▎▍▌▋▊▉"  # 1 to 7 eighths of a cell: one site's bars at 8 times the resolution
PLOT_SUFFIXES = (".png", ".svg")


def _series(rows: Sequence[dict[str, Any]], limit: int) -> tuple[list[str], dict[str, list[int]]]:
    """The periods in order and the counts of each series (a site, or "other (N sites)")
    per period; at most ``limit`` series, the biggest site first."""
    periods = list(dict.fromkeys(row["period"] for row in rows))
    sites = list(stats.totals(rows))
    if len(sites) > limit:
        kept, rest = sites[: limit - 1], sites[limit - 1 :]
        names = {site: site for site in kept} | {
            site: f"other ({len(rest)} sites)" for site in rest
        }
    else:
        names = {site: site for site in sites}
    index = {period: i for i, period in enumerate(periods)}
    values: dict[str, list[int]] = {name: [0] * len(periods) for name in names.values()}
    for row in rows:
        values[names[row["site"]]][index[row["period"]]] += row["articles"]
    return periods, values


def terminal(
    rows: Sequence[dict[str, Any]],
    by: str,
    *,
    width: int = 80,
    color: bool = False,
    filters: Any = None,
) -> str:
    """Horizontal bars, one line per period, stacked by site, the count at the end; a run
    of three or more periods without articles is one line.

    :param rows: ``stats.counts`` rows (not empty)
    :param by: the period's name for the heading: ``month``...
    :param width: columns the chart may use
    :param color: also colour each site's part (ANSI); the fills tell sites apart anyway
    :param filters: the filters.ArticleFilter that chose the articles, for the title
    """
    periods, values = _series(rows, len(FILLS))
    names = list(values)
    per_period = [sum(column) for column in zip(*values.values(), strict=True)]
    total, biggest = sum(per_period), max(per_period) or 1
    lines = [f"{_title(periods, names, by, filters)}: {total}"]
    if len(names) > 1:
        lines += _legend(
            [
                f"{_paint(FILLS[i], i, color)} {name} {sum(values[name])}"
                for i, name in enumerate(names)
            ],
            width,
        )
    label_width = max(len(p) for p in periods)
    bar_width = max(10, width - label_width - len(str(biggest)) - 2)
    empty = _empty_runs(per_period)
    for i, period in enumerate(periods):
        if i in empty:
            if empty[i]:  # the first of a run: one line for all of them
                last = periods[i + empty[i] - 1]
                lines.append(
                    f"{'⋮':^{label_width}} {empty[i]} {by}s without articles, {period} to {last}"
                )
            continue
        if len(names) == 1:
            bar = _paint(_fine_bar(per_period[i], biggest, bar_width), 0, color)
        else:
            bar = _stacked_bar([values[name][i] for name in names], biggest, bar_width, color)
        lines.append(f"{period:<{label_width}} {bar} {per_period[i]}")
    return "\n".join(lines) + "\n"


def _title(periods: list[str], names: list[str], by: str, filters: Any = None) -> str:
    """What was counted: ``Articles per month matching "cotton", term zhejiang, on a_com,
    2020-01 to 2020-04``."""
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    counted = describe(filters)
    where = f" on {names[0]}" if len(names) == 1 and not getattr(filters, "site", None) else ""
    return f"Articles per {by}{counted}{where}, {span}"


def describe(filters: Any) -> str:
    """The conditions of a filters.ArticleFilter as a chart's title says them, each
    after a comma (the query first): ``' matching "cotton", term zhejiang'``; '' for none."""
    if filters is None:
        return ""
    parts = [f'matching "{filters.query}"'] if getattr(filters, "query", None) else []
    for field, said in (
        ("term", "term"),
        ("tag", "tag"),
        ("language", "language"),
        ("since", "since"),
        ("until", "until"),
        ("site", "on"),
    ):
        if value := getattr(filters, field, None):
            parts.append(f"{said} {value}")
    return (" " + ", ".join(parts)) if parts else ""


def _empty_runs(totals: list[int], shortest: int = 3) -> dict[int, int]:
    """Runs of at least ``shortest`` periods without articles: {index: run length} for the
    first of a run, {index: 0} for the others. A chart shows each run as one line; the
    numbers (--format csv, json) keep every period."""
    runs: dict[int, int] = {}
    start = None
    for i, total in enumerate([*totals, 1]):  # a sentinel ends the last run
        if total == 0 and start is None:
            start = i
        elif total != 0 and start is not None:
            if i - start >= shortest:
                runs.update(dict.fromkeys(range(start + 1, i), 0))
                runs[start] = i - start
            start = None
    return runs


def _legend(entries: list[str], width: int) -> list[str]:
    lines = [""]
    for entry in entries:
        # ANSI codes take no column: measure the text without them
        visible = len(click.unstyle(lines[-1])) + 2 + len(click.unstyle(entry))
        if lines[-1] and visible > width:
            lines.append("")
        lines[-1] += ("  " if lines[-1] else "") + entry
    return lines


def _fine_bar(value: int, biggest: int, width: int) -> str:
    eighths = round(value / biggest * width * 8)
    if value and not eighths:
        eighths = 1  # a count above zero is never drawn as nothing
    full, rest = divmod(eighths, 8)
    return FILLS[0] * full + (_EIGHTHS[rest - 1] if rest else "")


def _stacked_bar(parts: list[int], biggest: int, width: int, color: bool) -> str:
    # cumulative rounding: the segments add up to the bar the total would get
    bar, done, cells = "", 0, 0
    for i, value in enumerate(parts):
        done += value
        end = round(done / biggest * width)
        bar += _paint(FILLS[i] * (end - cells), i, color)
        cells = end
    return bar


def _paint(text: str, series: int, color: bool) -> str:
    return click.style(text, fg=COLORS[series]) if color and text else text


# The x axis's name for each period, and the dots per inch of a chart file: twice the
# screen's 100, for a report printed or seen on a high-density screen.
AXIS = {"day": "day", "week": "ISO week", "month": "month", "year": "year"}
DPI = 200
_HEADROOM = 1.12  # the tallest bar reaches 1/1.12 of the frame: room for the legend's corner
# Fonts tried for each glyph in turn (matplotlib's fallback): a Chinese query or site name
# in the title needs a CJK font; without one its glyphs are empty boxes in a PNG (an SVG
# keeps its text, which the viewer draws).
FONTS = [
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
]


def current_period(today: date, by: str) -> str:
    """The period that ``today`` falls in: its count is not final."""
    if by == "week":
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()[: {"day": 10, "month": 7, "year": 4}[by]]


def figure(
    rows: Sequence[dict[str, Any]], by: str, filters: Any = None, today: date | None = None
) -> Any:
    """The counts as a matplotlib Figure of stacked bars, one colour per site.

    A run of three or more periods without articles takes one slot, shaded, marked "⋯" on
    the axis and labelled inside ("14 months without articles"); the period that ``today``
    falls in (the partial last one) is hatched and labelled "(so far)".
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    periods, values = _series(rows, 10)  # matplotlib's default cycle has 10 colours
    per_period = [sum(column) for column in zip(*values.values(), strict=True)]
    empty = _empty_runs(per_period)
    shown = [i for i in range(len(periods)) if empty.get(i) != 0]  # a run's first stands for it
    labels = ["⋯" if empty.get(i) else periods[i] for i in shown]
    partial = today is not None and periods[-1] == current_period(today, by)
    if partial:
        labels[-1] += " (so far)"
    size = (min(16.0, max(6.4, 0.3 * len(shown))), 4.8)
    chart = Figure(figsize=size, layout="constrained")
    axes = chart.subplots()
    bottom = [0] * len(shown)
    for name, counts in values.items():
        heights = [counts[i] for i in shown]
        bars = axes.bar(range(len(shown)), heights, bottom=bottom, label=name, width=0.8)
        if partial:
            bars[-1].set_hatch("//")
            bars[-1].set_alpha(0.6)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    top = max(per_period) * _HEADROOM
    for slot, i in enumerate(shown):
        if empty.get(i):
            axes.axvspan(slot - 0.4, slot + 0.4, color="0.93", zorder=0)
            said = f"{empty[i]} {by}s\nwithout articles"
            axes.text(slot, top / 2, said, ha="center", va="center", rotation=90, color="0.45")
    step = math.ceil(len(shown) / 30)  # at most 30 labels on the axis
    ticks = list(range(len(shown)))[::step]
    upright = len(ticks) <= 8 and max(len(labels[t]) for t in ticks) <= 10
    axes.set_xticks(
        ticks,
        [labels[t] for t in ticks],
        rotation=0 if upright else 60,
        ha="center" if upright else "right",
    )
    axes.set_xlim(-0.6, len(shown) - 0.4)
    axes.set_ylim(0, top)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(f"{AXIS[by]} of publication")
    axes.set_ylabel("articles")
    axes.set_title(_title(periods, list(values), by, filters), wrap=True)
    if len(values) > 1:
        axes.legend(fontsize="small")
    return chart


def plot(
    rows: Sequence[dict[str, Any]],
    path: Path,
    by: str,
    *,
    filters: Any = None,
    dpi: int = DPI,
    today: date | None = None,
) -> None:
    """Write the counts as a stacked bar chart (see ``figure``), PNG or SVG after
    ``path``'s suffix; an SVG's text is text, not outlines.

    Drawn with matplotlib's Agg and SVG canvases, without pyplot: no display needed.
    Written beside ``path`` and renamed over it at the end (``outputs.Replacement``), so a
    failure leaves no half file.

    :raises extras.MissingExtra: matplotlib is not installed
    :raises OSError: the file cannot be written
    """
    extras.require("matplotlib", "--plot")
    import matplotlib
    from matplotlib import font_manager

    fmt = path.suffix.lower().lstrip(".")
    # only installed fonts: matplotlib logs a line for each missing one at every text
    installed = {font.name for font in font_manager.fontManager.ttflist}
    fonts = [font for font in FONTS if font in installed] or ["sans-serif"]
    style: dict[str, Any] = {"svg.fonttype": "none", "font.family": fonts}
    with matplotlib.rc_context(style), outputs.Replacement(path) as image:  # type: ignore[arg-type]
        chart = figure(rows, by, filters, today)
        # no date in the SVG: the same counts give the same file
        metadata = {"Date": None} if fmt == "svg" else None
        chart.savefig(image.file, format=fmt, dpi=dpi, metadata=metadata)
        image.commit()
