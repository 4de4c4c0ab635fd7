"""Page objects: one response's text -> one item, pure (no I/O), testable from saved HTML.
``generic`` reads any news page; ``site_pages`` applies a catalogue site's selectors over
it; a module per site only where a site needs code.

May import: ``sites``, ``text``, ``items``. No Scrapy, no Twisted, no archive
(import-linter's contracts in pyproject.toml).
"""
