"""The archive in Datasette, and its reading room: a Datasette plugin (entry point group
``datasette``) with its own templates and stylesheet.

Pages of each archive ``DB`` (issue 16, item 1):

- ``/DB/articles/ID``: the article, to read (Datasette's row stays at ``ID.json``);
  ``/DB/-/article?url=URL`` opens it by its URL
- ``/DB/-/search?q=...``: search ranked as ``textile-news search`` ranks, matches marked,
  facets by site, language, month and term, paged, the total said
- ``/DB/-/trend?q=...&term=...&by=month``: articles per week or month and site, a chart
- ``/DB/articles`` lists title, date, site, language and summary (the other columns a click
  away); its search box and the hidden index table lead to the room's search

May import: ``analysis`` and everything below; not ``cli``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl

from textile_news.datasette import meta, pages


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("textile_match", 1, meta.textile_match, deterministic=True)
    # not deterministic: "7d" counts back from today
    conn.create_function("textile_date", 2, meta.textile_date)


@hookimpl
def startup(datasette: Any) -> None:
    for database in datasette.databases.values():
        if database.is_mutable:  # an immutable one is counted once, from its inspect data
            database.table_counts = meta.table_counts(database)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return pages.ROUTES


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return pages.redirects(datasette)


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    # the plugin's static/ folder, served by Datasette under the distribution's name
    return [datasette.urls.static_plugins("textile-news", "room.css")]
