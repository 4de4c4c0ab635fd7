"""The analyst's commands over many articles: export, stats."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from textile_news.analysis import export as exporter
from textile_news.analysis import outputs
from textile_news.analysis.extras import MissingExtra
from textile_news.archive.counts import left_out_count
from textile_news.archive.errors import QueryError
from textile_news.cli.common import (
    DB_OPTION,
    Refused,
    article_filter,
    checked_filter,
    filter_options,
    open_existing,
)


def _fields(value: str | None, fmt: str) -> list[str]:
    if value is None:
        return list(exporter.DEFAULT_FIELDS[fmt])
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in exporter.FIELDS] or (
        [value] if not names else []
    )
    if unknown:
        raise click.UsageError(
            f"unknown field {unknown[0]!r} in --fields; valid fields: {', '.join(exporter.FIELDS)}"
        )
    return list(dict.fromkeys(names))


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(exporter.FORMATS), required=True, help="Output format."
)
@DB_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File (default: stdout; Parquet needs a file).",
)
@filter_options
@click.option("--fields", metavar="A,B,C", help="Only these fields, in this order.")
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for Excel: start with a UTF-8 byte-order mark, so that it reads Chinese text.",
)
def export(
    fmt: str,
    db: Path,
    output: Path | None,
    fields: str | None,
    excel: bool,
    **filters: str | None,
) -> None:
    """Stream every matching article as CSV, one JSON array, JSON Lines or Parquet.

    Fields: the article's columns; JSON, JSON Lines and Parquet also have `terms` (its
    taxonomy term ids) and its `related` and `next` links. --fields chooses and orders
    them, e.g. --fields id,published_at,site,title,terms.

    CSV has one row per article, lists and links as JSON in a cell, and no byte-order
    mark, to a file or stdout alike; --excel starts it with a UTF-8 byte-order mark, without
    which Excel garbles Chinese text. Parquet has typed columns (published_utc, fetched_at,
    first_seen_at, last_seen_at UTC timestamps; published_at split into the local time,
    published_offset and published_day; tags and terms lists, links nested) and needs
    pyarrow: pip install 'textile-news[all]'.

    An export to a file (-o) gets a manifest beside it, FILE.manifest.json: the rows,
    filters, columns and their types, time range, archive, creation time, size and SHA-256.
    An export to stdout, a pipe or a device has none.

    Both files are written beside their targets and renamed over them once complete: a
    failed or killed export leaves the files it would have replaced as they were. -o never
    writes over the archive (or its -wal and -shm files), the taxonomy files or any other
    SQLite database: that is refused with exit code 2.
    """
    columns = _fields(fields, fmt)
    if excel and fmt != "csv":
        raise click.UsageError("--excel is for --format csv")
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a file: add -o FILE.parquet")
    chosen = article_filter(**filters)
    with open_existing(db) as archive:
        chosen = checked_filter(archive, chosen)
        try:
            if output is None:
                sys.stdout.flush()
                exporter.stream(archive, chosen, fmt, sys.stdout.buffer, columns, bom=excel)
            else:
                manifest = exporter.to_file(
                    archive, chosen, fmt, output, columns, archive=db, bom=excel
                )
            # counted after the rows: a failed export says only why it failed
            left_out = left_out_count(archive, chosen)
        except outputs.Refused as exc:
            raise Refused(str(exc)) from None
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
        except MissingExtra as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            if output is None:
                raise  # stdout: click ends a broken pipe quietly
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    if left_out:
        click.echo(_left_out_line(left_out, "exports"), err=True)
    if output is None:
        return
    described = f" (manifest: {exporter.manifest_of(output)})" if outputs.is_regular(output) else ""
    click.echo(f"exported {manifest['rows']} articles to {output}{described}", err=True)


def _left_out_line(copies: int, verb: str) -> str:
    """The line that says how many copies a command left out (issue 16, item 2)."""
    noun = "copy" if copies == 1 else "copies"
    return (
        f"{copies} {noun} left out (of articles archived elsewhere first; "
        f"--include-duplicates {verb} them)"
    )


def _plot_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    from textile_news.analysis.charts import PLOT_SUFFIXES

    if value is not None and value.suffix.lower() not in PLOT_SUFFIXES:
        raise click.BadParameter(f"{str(value)!r}: the file name must end in .png or .svg")
    return value


@click.command("stats")
@DB_OPTION
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
    help="Count per day, ISO week (2020-W37), month or year.",
)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["chart", "csv", "json"]),
    default="chart",
    show_default=True,
    help="A bar chart, or the numbers.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_plot_path,
    help="Also draw the chart into FILE.png or FILE.svg (needs matplotlib).",
)
@click.option(
    "--dpi",
    type=click.IntRange(50, 600),
    default=200,
    show_default=True,
    help="Dots per inch of a --plot PNG (200: twice a screen's).",
)
@click.option("--width", type=click.IntRange(40, 1000), default=80, show_default=True)
@click.option("--no-color", is_flag=True, help="No colours (also with $NO_COLOR, or in a pipe).")
def stats_command(
    db: Path,
    by: str,
    fmt: str,
    plot: Path | None,
    dpi: int,
    width: int,
    no_color: bool,
    **filters: str | None,
) -> None:
    """Articles per period and site, oldest first: a terminal chart, CSV or JSON.

    Periods are the articles' local publication dates. Every period from the first to
    the last with an article is listed for every site, with 0 where a site has none.
    --plot draws the same chart into a PNG or SVG file for a report (written beside it and
    renamed over it once complete; never over the archive or a SQLite database: exit 2): its
    title says what was counted, a run of 3+ empty periods takes one shaded slot, the period
    of today is marked "(so far)", an SVG keeps its text as text. E.g.

    \b
      textile-news stats --by year --term silk
      textile-news stats --site sjfzxm_com --since 2020-01 --format csv
      textile-news stats --by week --query 棉花 --plot cotton.svg
    """
    from textile_news.analysis import charts
    from textile_news.analysis import stats as counting

    chosen = article_filter(**filters)
    if plot is not None:
        try:
            outputs.check_target(plot, archive=db)
        except outputs.Refused as exc:
            raise Refused(str(exc)) from None
    with open_existing(db) as archive:
        chosen = checked_filter(archive, chosen)
        try:
            rows = counting.counts(archive, by, chosen)
            left_out = left_out_count(archive, chosen)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
    if left_out:
        click.echo(_left_out_line(left_out, "counts"), err=True)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        exporter.write(rows, "csv", sys.stdout, ["period", "site", "articles"])
    elif not rows:
        click.echo("No articles match.", err=True)
    else:
        color = not no_color and not os.environ.get("NO_COLOR")
        click.echo(charts.terminal(rows, by, width=width, color=color, filters=chosen), nl=False)
    if plot is None:
        return
    if not rows:
        raise click.ClickException(f"no articles match: {plot} not written")
    try:
        charts.plot(rows, plot, by, filters=chosen, dpi=dpi, today=date.today())
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {plot}: {exc.strerror or exc}") from None
    click.echo(f"chart written to {plot}", err=True)
