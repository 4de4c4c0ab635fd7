"""just-style.com (Just Style): WordPress news articles under /news/."""

from __future__ import annotations

from textile_news import sites
from textile_news.pages import generic


class ArticlePage(generic.ArticlePage):
    """Article, e.g. https://www.just-style.com/news/bangladesh-garment-exports-rise-in-june/"""

    site = "just_style_com"
    source_name = "Just Style"
    # WordPress puts the post text in .entry-content: no trafilatura needed
    body_css = ".entry-content > p, .entry-content > ul > li, .entry-content > h2"

    def source(self) -> str | None:
        return self.source_name


def is_article_url(url: str) -> bool:
    """``/news/{slug}/`` (on just-style.com or a mirror of it)."""
    return sites.packaged()["just_style_com"].is_article_url(url)
