"""Read-only work for analysts: search (ranking, snippets), stats, charts, exports,
the Datasette plugin."""
