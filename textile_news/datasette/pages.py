"""The reading room's routes and redirects: each view reads its page in Datasette's
thread for the database (:mod:`textile_news.datasette.reading`) and renders our template.

A link in the room or in Datasette's pages never ends on an error page (issue 16): the
search box of the articles table and the index table (which SQLite cannot scan, an HTTP
400 in Datasette) lead to the room's search, and malformed parameters fall back to their
defaults.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup
from sqlite_utils import Database

from textile_news.datasette import chart, reading

# the articles table's columns unless the URL chooses (_col / _nocol): one line a row
TABLE_COLUMNS = ("title", "published_at", "site", "language", "summary")
_TABLE = re.compile(r"/(?P<database>[^/]+)/(?P<table>articles|articles_search)")


async def _read(datasette: Any, database: str, fn: Callable[[Database], Any]) -> Any:
    """``fn`` of the archive ``database``, run in Datasette's thread for it."""
    db = datasette.databases.get(database)
    if db is None or database.startswith("_"):
        raise NotFound(f"No archive named {database}")

    def call(conn: sqlite3.Connection) -> Any:
        archive = Database(conn, recursive_triggers=False, execute_plugins=False)
        if "articles" not in archive.table_names():
            raise NotFound(f"{database} is not an archive: it has no articles table")
        return fn(archive)

    return await db.execute_fn(call)


async def _render(
    datasette: Any, request: Any, template: str, database: str, context: dict[str, Any]
) -> Response:
    context = {**context, "database": database, "room": _links(datasette, database)}
    return Response.html(await datasette.render_template(template, context, request=request))


def _links(datasette: Any, database: str) -> dict[str, str]:
    base = datasette.urls.database(database)
    return {
        "database": base,
        "articles": datasette.urls.table(database, "articles"),
        "search": f"{base}/-/search",
        "trend": f"{base}/-/trend",
        "article": f"{base}/articles/",
    }


async def article_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    article_id = int(request.url_vars["id"])
    page = await _read(datasette, database, lambda db: reading.article_page(db, article_id))
    if page is None:
        raise NotFound(f"No article {article_id} in {database}")
    return await _render(datasette, request, "room_article.html", database, page)


async def article_by_url_view(datasette: Any, request: Any) -> Response:
    """The article whose canonical URL is ``url`` (as ``textile-news show URL``)."""
    database = request.url_vars["database"]
    url = (request.args.get("url") or "").strip()

    def find(db: Database) -> int | None:
        return reading.article_id_of(db, url)

    found = await _read(datasette, database, find)
    if found is None:
        raise NotFound(f"No article archived at {url or '(no url given)'}")
    return Response.redirect(f"{datasette.urls.database(database)}/articles/{found}")


async def search_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    wanted = reading.Request.from_args(request.args)
    page = await _read(datasette, database, lambda db: reading.search_page(db, wanted))
    return await _render(datasette, request, "room_search.html", database, page)


async def trend_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    args = request.args
    q, term, by = ((args.get(k) or "").strip() for k in ("q", "term", "by"))
    site = (args.get("site") or "").strip()
    page = await _read(datasette, database, lambda db: reading.trend_page(db, q, term, by, site))
    if page["rows"]:
        x_label = "ISO week" if page["by"] == "week" else "Month (the article's local date)"
        svg = chart.stacked_bars(page["rows"], title=page["title"], x_label=x_label)
        page["svg"] = Markup(svg)  # built from escaped parts
    context = {**page, "q": q, "term": term, "site": site}
    return await _render(datasette, request, "room_trend.html", database, context)


ROUTES: list[tuple[str, Any]] = [
    (r"^/(?P<database>[^/]+)/articles/(?P<id>\d+)$", article_view),
    (r"^/(?P<database>[^/]+)/-/article$", article_by_url_view),
    (r"^/(?P<database>[^/]+)/-/search$", search_view),
    (r"^/(?P<database>[^/]+)/-/trend$", trend_view),
]


def redirect_for(datasette: Any, path: str, query: str) -> str | None:
    """Where a GET of Datasette's page ``path`` should go instead, or None: the articles
    table's search box to the room's search, the table to its one-line columns, the
    full-text index (a table SQLite cannot scan) to the room's search."""
    match = _TABLE.fullmatch(path)
    if match is None or match["database"] not in datasette.databases:
        return None
    base = datasette.urls.database(match["database"])
    args = parse_qsl(query, keep_blank_values=True)
    names = {name for name, _ in args}
    if match["table"] == "articles_search":
        return f"{base}/-/search"
    if "_search" in names:
        q = next(value for name, value in args if name == "_search")
        return f"{base}/-/search?" + urlencode({"q": q})
    if names & {"_col", "_nocol"}:
        return None
    chosen = [("_col", column) for column in TABLE_COLUMNS]
    return f"{path}?{urlencode([*args, *chosen])}"


def redirects(datasette: Any) -> Callable[[Any], Any]:
    """The ASGI wrapper that answers :func:`redirect_for`'s pages with a redirect."""

    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
                query = scope.get("query_string", b"").decode("latin-1")
                target = redirect_for(datasette, scope["path"], query)
                if target is not None:
                    await Response.redirect(target).asgi_send(send)
                    return
            await app(scope, receive, send)

        return wrapped

    return wrap
