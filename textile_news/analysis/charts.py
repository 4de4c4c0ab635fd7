"""Charts of article counts (stats.counts rows): bars in the terminal, PNG or SVG files."""

from __future__ import annotations

import math
from collections.abc import Sequence
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
    rows: Sequence[dict[str, Any]], by: str, *, width: int = 80, color: bool = False
) -> str:
    """Horizontal bars, one line per period, stacked by site, the count at the end; a run
    of three or more periods without articles is one line.

    :param rows: ``stats.counts`` rows (not empty)
    :param by: the period's name for the heading: ``month``...
    :param width: columns the chart may use
    :param color: also colour each site's part (ANSI); the fills tell sites apart anyway
    """
    periods, values = _series(rows, len(FILLS))
    names = list(values)
    per_period = [sum(column) for column in zip(*values.values(), strict=True)]
    total, biggest = sum(per_period), max(per_period) or 1
    lines = [f"{_title(periods, names, by)}: {total}"]
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


def _title(periods: list[str], names: list[str], by: str) -> str:
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    where = f" on {names[0]}" if len(names) == 1 else ""
    return f"Articles per {by}{where}, {span}"


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


def plot(rows: Sequence[dict[str, Any]], path: Path, by: str) -> None:
    """Write the counts as a stacked bar chart, PNG or SVG after ``path``'s suffix.

    Drawn with matplotlib's Agg and SVG canvases, without pyplot: no display needed.
    Written beside ``path`` and renamed over it at the end (``outputs.Replacement``), so a
    failure leaves no half file.

    :raises extras.MissingExtra: matplotlib is not installed
    :raises OSError: the file cannot be written
    """
    extras.require("matplotlib", "--plot")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fmt = path.suffix.lower().lstrip(".")
    periods, values = _series(rows, 10)  # matplotlib's default cycle has 10 colours
    figure = Figure(figsize=(min(16.0, max(6.4, 0.3 * len(periods))), 4.8), layout="constrained")
    axes = figure.subplots()
    positions = range(len(periods))
    bottom = [0] * len(periods)
    for name, counts in values.items():
        axes.bar(positions, counts, bottom=bottom, label=name, width=0.8)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    step = math.ceil(len(periods) / 30)  # at most 30 labels on the axis
    axes.set_xticks(list(positions)[::step], periods[::step], rotation=60, ha="right")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("articles")
    axes.set_title(_title(periods, list(values), by))
    if len(values) > 1:
        axes.legend(fontsize="small")
    with outputs.Replacement(path) as image:
        # no date in the SVG: the same counts give the same file
        figure.savefig(image.file, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        image.commit()
