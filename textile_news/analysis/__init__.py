"""Read-only work for analysts: search (ranking, snippets), stats, charts, exports, what
watches show (watch), the Datasette plugin.

May import: ``crawl`` and everything below; not its siblings ``tools``, ``distributed``,
``demo``, nor ``cli``.
"""
