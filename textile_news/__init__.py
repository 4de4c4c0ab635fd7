"""textile_news: crawl textile and clothing trade news into a SQLite archive.

The public one-page API is :func:`extract_article` (``from textile_news import
extract_article``): the item a crawl would make of one page. It is imported on first use,
so that ``import textile_news`` stays light (no Scrapy, no lxml) for a program that only
wants a submodule or the version.
"""

from __future__ import annotations

from textile_news.version import __version__

# not typing's: importing typing costs more than the rest of this module (the checkers
# take the name as theirs all the same)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from textile_news.tools.extract import extract_article

__all__ = ["__version__", "extract_article"]


def __getattr__(name: str) -> object:
    # PEP 562: the one-page API is loaded when it is asked for, not with the package
    if name == "extract_article":
        from textile_news.tools.extract import extract_article

        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
