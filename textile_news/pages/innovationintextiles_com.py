"""innovationintextiles.com (Innovation in Textiles): WordPress news articles."""

from __future__ import annotations

from textile_news.pages import generic


class ArticlePage(generic.ArticlePage):
    """Article, e.g. https://www.innovationintextiles.com/recycled-polyester-nonwovens-line-starts-up/"""

    site = "innovationintextiles_com"
    source_name = "Innovation in Textiles"

    def source(self) -> str | None:
        return self.source_name
