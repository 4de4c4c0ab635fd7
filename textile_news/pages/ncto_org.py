"""ncto.org (National Council of Textile Organizations): WordPress press releases."""

from __future__ import annotations

from textile_news.pages import generic


class ArticlePage(generic.ArticlePage):
    """Article, e.g. https://www.ncto.org/ncto-welcomes-yarn-forward-enforcement/"""

    site = "ncto_org"
    source_name = "NCTO"
    # WordPress puts the post text in .entry-content: no trafilatura needed
    body_css = ".entry-content > p, .entry-content > ul > li, .entry-content > h2"

    def source(self) -> str | None:
        return self.source_name
