"""The page objects on one page or the stored originals: extract, check-site, reextract,
and copy-archive (an archive with its originals)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from textile_news.archive.files import beside
from textile_news.cli.common import (
    DB_OPTION,
    SITES_OPTION,
    Refused,
    check_start_url,
    open_existing,
    site_settings,
)


def _is_http_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


@click.command("extract")
@click.argument("page", metavar="PATH|URL|-")
@click.option(
    "--url", callback=check_start_url, help="The saved page's address (selects the site)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json: the item; text: the article as a reader sees it.",
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True)
def extract_command(page: str, url: str | None, fmt: str, timeout: float) -> None:
    """Extract one page, a saved HTML file, a live http(s) URL or `-` (stdin), and print
    its item.

    The page goes through the page objects and the item processor (normalise, validate)
    a crawl uses: the page objects of the site whose host the URL is on, generic
    extraction otherwise. Without --url, a saved page's URL is the one it states
    (canonical link, og:url), else null. The output also says
    which charset the page declared and which one decoded it (`encoding`), and for a page
    a crawl would not store, why (`rejected`: its stage, reason and detail).

    Exit 0 when a crawl would store the item; 1 when it would reject it (the item is
    printed, and the reason on stderr) or the page cannot be read or fetched.
    """
    from textile_news.tools.checksite import FetchError, fetch
    from textile_news.tools.extract import extract_article
    from textile_news.tools.reader import render_text

    content_type = None
    if page == "-":
        body: bytes = sys.stdin.buffer.read()
    elif _is_http_url(page):
        try:
            fetched = fetch(page, timeout)
        except FetchError as exc:
            raise click.ClickException(str(exc)) from None
        body, content_type, url = fetched.body, fetched.content_type, url or fetched.url
    else:
        try:
            body = Path(page).read_bytes()
        except OSError as exc:
            raise click.ClickException(f"cannot read {page}: {exc.strerror}") from None
    item = extract_article(body, url, content_type=content_type)
    if fmt == "text":
        click.echo(render_text(item), nl=False)
    else:
        click.echo(json.dumps(item, ensure_ascii=False, indent=2))
    if rejected := item.get("rejected"):
        click.echo(f"rejected: {rejected['reason']} (stage {rejected['stage']})", err=True)
        sys.exit(1)


@click.command("check-site")
@click.argument("site")
@click.argument("url", required=False, callback=check_start_url)
@click.option(
    "--start-url", callback=check_start_url, help="The site's listing on another host (a mirror)."
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True)
@SITES_OPTION
def check_site_command(
    site: str, url: str | None, start_url: str | None, timeout: float, sites_file: Path | None
) -> None:
    """Fetch one listing page of SITE and its first article live; show what was found.

    The pages are fetched as a crawl fetches them (robots.txt, the project's User-Agent,
    retries, charset fixes). URL: this listing page, or this article (then no listing is
    fetched). --start-url: as for crawl, the site on another host, at its root or a
    listing. Exit 0 when the article's title, published_at and body are found, 1 otherwise.
    """
    from textile_news.crawl import runner as crawling
    from textile_news.tools import checksite

    overrides = site_settings(sites_file)
    known = crawling.site_names(crawling.project_settings(overrides))
    if site not in known:
        raise click.UsageError(f"unknown site {site!r}; known sites: {', '.join(known)}")
    try:
        result = checksite.check_site(site, url, start_url, timeout, overrides)
    except checksite.FetchError as exc:
        raise click.ClickException(str(exc)) from None
    if result.listing_url:
        click.echo(f"listing:    {result.listing_url}")
        click.echo(f"entries:    {len(result.entries)}")
        click.echo(f"next page:  {result.next_page or 'EMPTY'}")
        if not result.entries:
            raise click.ClickException("the listing has no article entries")
    click.echo(f"article:    {result.article_url}\n")
    click.echo(f"{'field':<13} value")
    for name in checksite.FIELDS:
        click.echo(f"{name:<13} {checksite.show(result.article.get(name))}")
    if empty := result.empty_required():
        click.echo(f"Error: required fields EMPTY: {', '.join(empty)}", err=True)
        sys.exit(1)


@click.command("reextract")
@click.argument("sites", nargs=-1)
@DB_OPTION
def reextract_command(sites: tuple[str, ...], db: Path) -> None:
    """Re-run today's page objects over the stored originals of SITES (default: all).

    Reads the latest capture of each URL from the WARC files beside the archive, without
    any request, and stores the results as a crawl does: changed articles are updated
    (their old versions kept), pages that no longer validate become rejects.

    An archive it cannot or must not write (read-only, immutable, written by a newer
    textile-news) is refused in one line, exit 2.
    """
    from textile_news.crawl import runner as crawling
    from textile_news.tools.reextract import reextract

    known = crawling.site_names()
    unknown = [s for s in sites if s not in known]
    if unknown:
        raise click.UsageError(f"unknown site {unknown[0]!r}; known sites: {', '.join(known)}")
    with open_existing(db, readonly=False) as archive:
        result = reextract(archive, beside(db), list(sites) or None)
    click.echo(result.summary())
    for line in result.missing_report():
        click.echo(line)
    if result.unreadable:
        gone = sum(result.missing.values())
        if gone == len(result.unreadable):
            raise click.ClickException(
                f"{gone} stored originals could not be read: their WARC files are missing "
                "(an archive copied without them? `textile-news copy-archive` copies both)"
            )
        damaged = [m for m in result.unreadable if "No such file" not in m]
        raise click.ClickException(
            f"{len(result.unreadable)} stored originals could not be read "
            f"({gone} in missing files), e.g. {damaged[0] if damaged else result.unreadable[0]}"
        )


@click.command("copy-archive")
@click.argument("src", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("dst", type=click.Path(path_type=Path, dir_okay=False))
def copy_archive_command(src: Path, dst: Path) -> None:
    """Copy the archive SRC to DST with the stored originals its captures name.

    The archive is copied with SQLite's backup API (a consistent snapshot, also while a
    crawl writes it); its WARC files go to DST's own folder of originals, `<DST stem>.warc/`
    beside DST, and the copy's captures name them there, so that `reextract --db DST`
    reads them. An existing DST (or its `.warc/` folder) is never overwritten: exit 2.
    Exit 1 when SRC cannot be read or names WARC files it lacks (the rest is copied).
    """
    import sqlite3

    from textile_news.archive.copying import CopyRefused, copy_archive

    try:
        result = copy_archive(src, dst)
    except CopyRefused as exc:
        if not Path(src).is_file():
            raise click.ClickException(str(exc)) from None
        raise Refused(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"cannot copy the archive {src}: {exc}") from None
    click.echo(result.summary(dst))
    if result.missing:
        raise click.ClickException(
            f"{len(result.missing)} WARC files named by {src}'s captures are missing, "
            f"e.g. {result.missing[0]}"
        )
