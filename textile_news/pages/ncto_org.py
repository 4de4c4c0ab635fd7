"""ncto.org (National Council of Textile Organizations): WordPress press releases."""

from __future__ import annotations

from textile_news.pages import generic


class ArticlePage(generic.ArticlePage):
    """Article, e.g. https://www.ncto.org/ncto-welcomes-yarn-forward-enforcement/"""

    site = "ncto_org"
    source_name = "NCTO"

    def source(self) -> str | None:
        return self.source_name
