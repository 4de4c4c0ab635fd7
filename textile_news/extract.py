"""The one-page API under its first name: ``textile_news.extract.extract_article`` (kept
importable since it moved to :mod:`textile_news.tools.extract` in issue 14's rooms).
"""

from textile_news.tools.extract import extract_article

__all__ = ["extract_article"]
