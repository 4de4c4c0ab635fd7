"""The items that flow from page objects through the pipelines into the archive."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class RelatedLink:
    """A "Related reading" entry of an article page."""

    url: str
    title: str | None = None
    category: str | None = None
    published_at: str | None = None


@dataclass
class NextArticle:
    """The "Read the next article" teaser of an article page."""

    url: str
    title: str | None = None
    summary: str | None = None


@dataclass
class Article:
    """One news article, as extracted from its page and then normalised."""

    url: str
    site: str = field(metadata={"from_page": False})
    title: str | None = None
    published_at: str | None = None
    # where the date came from: "jsonld", "meta", "text" (the page's own text), "url",
    # "feed" (the feed entry), "listing" (the listing or article that linked the page),
    # "selector" (the ``published`` selector of the site's catalogue entry)
    date_source: str | None = None
    source: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    category: str | None = None
    views: int | None = None
    language: str | None = None
    body: str | None = None
    summary: str | None = None
    # kept in tables of their own (related_links, next_articles), not in the article's row
    related: list[RelatedLink] = field(default_factory=list, metadata={"in_row": False})
    next: NextArticle | None = field(default=None, metadata={"in_row": False})
    fetched_at: str | None = field(default=None, metadata={"from_page": False})

    def as_dict(self) -> dict[str, Any]:
        """The article as plain data, like ``dataclasses.asdict`` at a fraction of its cost
        (it deep-copies every value, which the store pipeline pays once per article)."""
        data = dict(vars(self))
        data["tags"] = list(self.tags)
        data["related"] = [dict(vars(link)) for link in self.related]
        data["next"] = dict(vars(self.next)) if self.next else None
        return data


# The one list of an article's fields (issue 14): what the archive's row, the export, the
# feeds and check-site list derives from these, in this order.
ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
# what the page itself says (not the crawl's site and fetch time): check-site's report
PAGE_FIELDS = tuple(f.name for f in fields(Article) if f.metadata.get("from_page", True))
# what an article's row keeps as the item has it (the links have tables of their own)
ROW_FIELDS = tuple(f.name for f in fields(Article) if f.metadata.get("in_row", True))


@dataclass
class Reject:
    """A page or item that could not become an article, kept with the reason why.

    ``stage`` says where it failed: ``fetch`` (HTTP error, network error), ``extract``
    (not an article page) or ``validate`` (a required field missing or unparseable).
    """

    url: str
    site: str
    reason: str
    stage: str
    detail: dict[str, Any] = field(default_factory=dict)
