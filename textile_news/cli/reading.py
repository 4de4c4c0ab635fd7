"""Reading articles: search, show."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from textile_news.analysis import export as exporter
from textile_news.analysis import search as fulltext
from textile_news.archive.counts import left_out_count
from textile_news.archive.errors import QueryError
from textile_news.archive.read import (
    article_history,
    canonical_spelling,
    duplicates_of,
    find_article,
    urls_near,
)
from textile_news.cli.common import (
    DATE_OPTIONS,
    DB_OPTION,
    SITES_OPTION,
    VALUE_OPTIONS,
    Refused,
    article_filter,
    checked_filter,
    open_existing,
)


def _search_options(command: Any) -> Any:
    for option in reversed([click.option("--site", help="Only this site."), *DATE_OPTIONS]):
        command = option(command)
    return command


def _value_options(command: Any) -> Any:
    for option in reversed(VALUE_OPTIONS):
        command = option(command)
    return command


@click.command()
@click.argument("query")
@DB_OPTION
@_search_options
@_value_options
@click.option(
    "--sort",
    type=click.Choice(fulltext.SORTS),
    default="relevance",
    show_default=True,
    help="Best matches first (title matches count most), or newest first.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, fulltext.MAX_LIMIT),
    default=20,
    show_default=True,
    help="Results a page.",
)
@click.option(
    "--page",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="This page of --limit results; past the last: no rows, exit 0.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
def search(
    query: str,
    db: Path,
    sort: str,
    limit: int,
    page: int,
    fmt: str,
    **filters: Any,
) -> None:
    """Full-text search of titles and bodies, in English and Chinese.

    \b
    QUERY:
      cotton yarn           both words (AND is implied)
      cotton AND yarn       the same
      wool OR cashmere      either word
      silk NOT China        silk, without China
      "trade fair"          these words in this order
      export*               words starting with export
      (wool OR silk) price  parentheses group
      title:cotton          only in titles (body: only in bodies)
      纺织                  a Chinese word, also inside a sentence
      纺织 服装             both Chinese words
      棉                    one character: 棉花, 纯棉, ...
      cotton OR 棉花        English and Chinese together

    English words are stemmed: exports finds export and exported. AND, OR and NOT are
    upper case (lower case they are words). A malformed query is an error (exit 2), and
    so is a --site, --language or --term the archive does not hold (the nearest are
    listed). Copies of articles found on other sites are left out unless
    --include-duplicates.

    Output: a line "20 of 399 articles (51 copies left out)", then for each article its
    date, site and title, the URL and the text around the first match, matches in [ ]
    (bold and underlined instead on a terminal). --page 2 shows results 21 to 40.
    """
    offset = (page - 1) * limit
    if offset + limit > fulltext.MAX_LIMIT:
        raise click.UsageError(
            f"--page {page} of {limit}: past the {fulltext.MAX_LIMIT:,}th result"
        )
    chosen = article_filter(**filters)
    with open_existing(db) as archive:
        chosen = checked_filter(archive, chosen)
        try:
            rows = fulltext.search(
                archive, query, filters=chosen, sort=sort, limit=limit, offset=offset
            )
            found = fulltext.total(archive, query, chosen)
            left_out = left_out_count(archive, replace(chosen, query=query))
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        exporter.write(rows, "csv", sys.stdout, fulltext.result_fields(sort))
    if fmt != "table":
        return
    copies = f" ({left_out} {'copy' if left_out == 1 else 'copies'} left out)" if left_out else ""
    if not found:
        click.echo(f"No articles match{copies}.", err=True)
        return
    if not rows:
        pages = -(-found // limit)
        click.echo(
            f"--page {page} is past the end: {found} articles{copies}, {pages} "
            f"{'page' if pages == 1 else 'pages'} of {limit}",
            err=True,
        )
        return
    shown = f"{len(rows)}" if page == 1 else f"{offset + 1}-{offset + len(rows)}"
    click.echo(f"{shown} of {found} {'article' if found == 1 else 'articles'}{copies}")
    mark = _emphasis if sys.stdout.isatty() else _brackets
    for row in rows:
        click.echo(f"{(row['published_at'] or '')[:16]}  {row['site']}  {row['title']}")
        click.echo(f"    {row['url']}")
        click.echo(f"    {mark(row['snippet'] or '')}")


# a match in a snippet (search.snippet puts it in [ ])
_MATCH = re.compile(r"\[([^\[\]]+)\]")


def _brackets(snippet: str) -> str:
    return snippet


def _emphasis(snippet: str) -> str:
    """The snippet's matches bold and underlined, for a terminal."""
    return _MATCH.sub(lambda m: click.style(m[1], bold=True, underline=True), snippet)


@click.command()
@click.argument("article")
@DB_OPTION
@click.option("--history", is_flag=True, help="Every stored version, with what changed.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@SITES_OPTION
def show(article: str, db: Path, history: bool, fmt: str, sites_file: Path | None) -> None:
    """One article, by URL or id: its fields, taxonomy terms, links, other copies of the
    story and (with --history) every stored version with what changed.

    Any form of the URL that a crawl files under the article's finds it: https for http,
    the host in capitals, tracking parameters (utm_source...), a #fragment, a mirror host
    (91se91.com for sjfzxm.com). Not found: exit 1, naming a stored URL with the same path
    on another host or scheme, if there is one.
    """
    from textile_news import sites

    try:
        catalogue = sites.catalogue(sites_file)
    except sites.SiteError as exc:
        raise Refused(str(exc)) from None
    with open_existing(db) as archive:
        found = find_article(archive, article, catalogue)
        if found is None:
            canonical = None if article.isdigit() else canonical_spelling(article, catalogue)
            near = urls_near(archive, canonical) if canonical else []
            hint = f"; did you mean {near[0]}?" if near else ""
            raise click.ClickException(f"no article {article!r} in {db}{hint}")
        versions = article_history(archive, found["url"]) if history else None
        # the same story elsewhere (cross-site duplicates, linked by fingerprint)
        copies = duplicates_of(archive, found["id"])
    if fmt == "json":
        out = {**found, "copies": copies}
        click.echo(
            json.dumps(
                {**out, "versions": versions} if history else out, ensure_ascii=False, indent=2
            )
        )
        return
    for key in (
        "id",
        "url",
        "site",
        "title",
        "published_at",
        "source",
        "author",
        "editor",
        "category",
        "views",
        "language",
        "summary",
        "first_seen_at",
        "last_seen_at",
    ):
        if found.get(key) is not None:
            known = _known_of(found) if key == "published_at" else ""
            click.echo(f"{key + ':':<15}{found[key]}{known}")
    click.echo(f"{'tags:':<15}{', '.join(found['tags'])}")
    click.echo(f"{'terms:':<15}{', '.join(found['terms'])}")
    click.echo("\n" + (found["body"] or ""))
    for link in found["related"]:
        when = f" ({link['published_at']})" if link["published_at"] else ""
        click.echo(f"\nrelated: {link['title']}{when}\n  {link['url']}")
    if found["next"]:
        click.echo(f"\nnext: {found['next']['title']}\n  {found['next']['url']}")
    for copy in copies:
        role = "original" if copy["id"] == found["duplicate_of"] else "copy"
        click.echo(f"\n{role} on {copy['site']} ({copy['published_at']}): {copy['title']}")
        click.echo(f"  {copy['url']}")
    for n, version in enumerate(versions or [], start=1):
        click.echo(f"\n--- version {n}, fetched {version['fetched_at']}: {version['title']}")
        if version["diff"]:
            click.echo(version["diff"])


# show's words for Article.zone_source (None: a time without a known zone)
_ZONES = {
    "page": "offset from the page",
    "site": "offset from the site's timezone",
    "inferred": "offset inferred",
    None: "no zone known",
}


def _known_of(article: dict[str, Any]) -> str:
    """What is known of an article's date, to print after it: ``  (minute; offset from the
    page)``; nothing when not recorded (archived before issue 15)."""
    precision, zone = article.get("date_precision"), article.get("zone_source")
    if precision is None and zone is None:
        return ""
    if precision == "day":
        return "  (day)"
    return f"  ({precision or 'precision not recorded'}; {_ZONES.get(zone, zone)})"
