"""Taxonomy commands (issue 5, item 4): retag, terms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from textile_news.archive.terms import retag as retag_articles
from textile_news.archive.terms import term_counts, term_facets
from textile_news.cli.common import DB_OPTION, open_existing


def load_vocabulary(path: str | Path | None) -> Any:
    """The vocabulary, with the file at ``path`` merged over it; a bad file is a usage error."""
    from textile_news.text import taxonomy

    try:
        return taxonomy.Vocabulary.load(path)
    except taxonomy.TaxonomyError as exc:
        raise click.UsageError(str(exc)) from None


@click.command()
@DB_OPTION
@click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="TEXTILE_NEWS_TAXONOMY",
    help="Your vocabulary file, merged over the packaged one (also $TEXTILE_NEWS_TAXONOMY).",
)
def retag(db: Path, taxonomy: Path | None) -> None:
    """Tag every archived article again with the taxonomy's terms.

    Run it after changing the vocabulary (a file of your own, see
    textile_news/data/taxonomy.toml), or on an archive made before the taxonomy: crawls
    tag only the articles they store. A crawl may write to the archive meanwhile.

    An archive it cannot or must not write (read-only, immutable, written by a newer
    textile-news) is refused in one line, exit 2.
    """
    vocabulary = load_vocabulary(taxonomy)
    with open_existing(db, readonly=False) as archive:
        result = retag_articles(archive, vocabulary)
    click.echo(
        f"retagged {result.articles} articles with {len(vocabulary)} terms "
        f"(vocabulary {vocabulary.digest}): {result.changed} changed, "
        f"{result.added} terms added, {result.removed} removed"
    )


@click.command("terms")
@DB_OPTION
@click.option("--facet", help="Only this facet: fibre, segment, place, organisation.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def terms_command(db: Path, facet: str | None, fmt: str) -> None:
    """The taxonomy's terms and how many articles each tags, by facet, most first.

    The terms are those of the vocabulary that last tagged the archive; filter articles by
    one with --term ID in search, stats and export.
    """
    with open_existing(db) as archive:
        facets = term_facets(archive)
        if facet is not None and facet not in facets:
            known = ", ".join(facets) or "none: run `textile-news retag`"
            raise click.UsageError(f"unknown facet {facet!r}; facets: {known}")
        rows = term_counts(archive, facet)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"No terms in {db}: run `textile-news retag`.", err=True)
        return
    click.echo(f"{'term':<34} {'facet':<13} {'articles':>8}  label")
    for row in rows:
        label = row["label_en"] + (f" / {row['label_zh']}" if row["label_zh"] else "")
        click.echo(f"{row['id']:<34} {row['facet']:<13} {row['articles']:>8}  {label}")
