"""innovationintextiles.com (Innovation in Textiles): WordPress news articles."""

from __future__ import annotations

from textile_news.pages import generic


class ArticlePage(generic.ArticlePage):
    """Article, e.g. https://www.innovationintextiles.com/recycled-polyester-nonwovens-line-starts-up/"""

    site = "innovationintextiles_com"
    source_name = "Innovation in Textiles"
    # WordPress puts the post text in .entry-content: no trafilatura needed
    body_css = ".entry-content > p, .entry-content > ul > li, .entry-content > h2"

    def source(self) -> str | None:
        return self.source_name
