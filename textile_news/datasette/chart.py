"""A stacked bar chart of articles per period and site, as SVG markup with real text,
drawn on the server for the reading room's trend page (no JavaScript, no matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

# colour-blind-safe (Okabe-Ito), a site each in turn
COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000")
WIDTH, HEIGHT = 900, 360
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 16, 64
_HEADROOM = 1.15  # the tallest bar stops short of the top


def stacked_bars(rows: Sequence[dict[str, Any]], *, title: str, x_label: str) -> str:
    """An ``<svg>`` of ``rows`` (``period``, ``site``, ``articles``, as ``stats.counts``
    gives them): a bar a period, a band a site, a legend, axes labelled.

    :param title: what was counted, said in full (the query, the filters)
    """
    periods = list(dict.fromkeys(r["period"] for r in rows))
    sites = list(dict.fromkeys(r["site"] for r in rows))
    totals = {p: 0 for p in periods}
    for r in rows:
        totals[r["period"]] += r["articles"]
    top = max(totals.values(), default=0)
    scale_max = max(1, _nice(top * _HEADROOM))
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(1, len(periods))
    bar = max(1.0, step * 0.8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 24}" '
        f'width="{WIDTH}" height="{HEIGHT + 24}" role="img" aria-label="{escape(title)}" '
        'class="trend-chart" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in _ticks(scale_max):
        y = _TOP + plot_h - plot_h * tick / scale_max
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    stacked = {p: 0 for p in periods}
    index = {p: i for i, p in enumerate(periods)}
    for r in rows:
        if not r["articles"]:
            continue
        x = _LEFT + index[r["period"]] * step + (step - bar) / 2
        h = plot_h * r["articles"] / scale_max
        y = _TOP + plot_h - plot_h * stacked[r["period"]] / scale_max - h
        stacked[r["period"]] += r["articles"]
        colour = COLOURS[sites.index(r["site"]) % len(COLOURS)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(r['period'])} {escape(r['site'])}: {r['articles']}</title></rect>"
        )
    every = max(1, len(periods) // 12)  # at most ~12 labels under the bars
    for i, period in enumerate(periods):
        if i % every == 0:
            x = _LEFT + i * step + step / 2
            parts.append(
                f'<text x="{x:.1f}" y="{_TOP + plot_h + 16}" text-anchor="middle">'
                f"{escape(period)}</text>"
            )
    parts.append(
        f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{_TOP + plot_h}" y2="{_TOP + plot_h}" '
        'stroke="#333"/>'
        f'<text x="{_LEFT + plot_w / 2:.0f}" y="{_TOP + plot_h + 40}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
        f'<text x="14" y="{_TOP + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {_TOP + plot_h / 2:.0f})">Articles</text>'
    )
    x = float(_LEFT)
    for i, site in enumerate(sites):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(
            f'<rect x="{x:.0f}" y="{HEIGHT + 6}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.0f}" y="{HEIGHT + 16}">{escape(site)}</text>'
        )
        x += 28 + 7.5 * len(site)
    parts.append("</svg>")
    return "".join(parts)


def _nice(value: float) -> int:
    """The next round number at or above ``value``: 1, 2 or 5 times a power of ten."""
    if value <= 1:
        return 1
    power = 1
    while power * 10 < value:
        power *= 10
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power


def _ticks(scale_max: int) -> list[int]:
    step = max(1, _nice(scale_max / 5))
    return list(range(0, scale_max + 1, step))
