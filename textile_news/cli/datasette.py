"""`textile-news datasette`: the archive in Datasette."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from textile_news.analysis import extras
from textile_news.analysis.extras import MissingExtra
from textile_news.archive import files as archive_files
from textile_news.archive.read import table_columns
from textile_news.cli.common import DB_OPTION, open_existing


@click.command("datasette", context_settings={"ignore_unknown_options": True})
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option(
    "--print-metadata",
    is_flag=True,
    help="Print the archive's Datasette metadata (JSON) and exit.",
)
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def datasette_command(
    db: Path, host: str, port: int, print_metadata: bool, datasette_args: tuple[str, ...]
) -> None:
    """Browse the archive in Datasette: described columns, search, facets, canned queries.

    Serves http://HOST:PORT/ until Ctrl-C, the archive read-only (a crawl may write to it
    meanwhile; on a read-only share, as an immutable file). Canned queries: articles per
    site per month, and a search with filters that finds Chinese words of any length.
    Other arguments go to `datasette serve`, e.g. --open, --setting sql_time_limit_ms 5000,
    --get /archive.json. The plain form:

    \b
      textile-news datasette --print-metadata > metadata.json
      datasette data/archive.sqlite --metadata metadata.json

    Needs Datasette: pip install 'textile-news[all]'.
    """
    try:
        extras.require("datasette", "textile-news datasette")
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from None
    from datasette.cli import cli as datasette_cli
    from datasette.plugins import pm

    import textile_news.datasette as plugin
    from textile_news.datasette import meta

    with open_existing(db) as archive:
        schema = table_columns(archive)
    # Datasette opens the file itself, mode=ro, which a read-only share refuses (issue 13,
    # item 9): there, as an immutable file, as the archive was just opened
    served = (
        ["-i", str(db)] if archive_files.read_mode(db) == archive_files.IMMUTABLE else [str(db)]
    )
    metadata = meta.metadata(db.stem, schema)  # Datasette names it so
    if print_metadata:
        click.echo(json.dumps(metadata, ensure_ascii=False, indent=2))
        return
    if not pm.is_registered(plugin):  # run from a checkout, not installed
        pm.register(plugin, name="textile_news")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "metadata.json"
        path.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        datasette_cli.main(
            [
                *("serve", *served, "--metadata", str(path), "--host", host, "--port", str(port)),
                *datasette_args,
            ],
            prog_name="datasette",
            standalone_mode=False,
        )
