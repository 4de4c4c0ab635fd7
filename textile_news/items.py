"""The items that flow from page objects through the pipelines into the archive."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# The export types of links (Arrow's names): a related link, the next article
_LINK = "struct<url: string, title: string, category: string, published_at: string>"
_NEXT = "struct<url: string, title: string, summary: string>"


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


@dataclass(frozen=True)
class Field:
    """What the archive, its exports, check-site and Datasette know of one field of an
    article: the one list of them is :data:`ARTICLE_FIELDS` (issue 14)."""

    name: str
    # for Datasette's column descriptions (textile_news/datasette/metadata.json's tables)
    description: str
    # the declared type of its column in the archive's ``articles`` (the migrations say it
    # again, in SQL: tests/test_storage.py checks they agree); None: not a column (links
    # are rows of ``related_links``)
    column: str | None = "TEXT"
    not_null: bool = False
    # its type in an export, Arrow's names; None: not exported
    export: str | None = "string"
    # one of the columns an article is read with (show, the CSV export's default fields)
    row: bool = True
    # check-site reports it for each article page it checks
    checked: bool = False


def _about(description: str, **known: Any) -> dict[str, Any]:
    """The metadata of an :class:`Article` field: what :class:`Field` says of it (check-site
    reports the fields a page gives, unless told otherwise)."""
    return {"archive": {"description": description, "checked": True, **known}}


@dataclass
class Article:
    """One news article, as extracted from its page and then normalised.

    Each field's metadata says what the archive, exports, check-site and Datasette make of
    it (:data:`ARTICLE_FIELDS`).
    """

    url: str = field(
        metadata=_about("Canonical URL (tracking parameters and fragments removed).", not_null=True)
    )
    site: str = field(
        metadata=_about(
            "Site slug: the domain with dots as underscores (sjfzxm_com); generic:HOST for "
            "sites without a spider of their own.",
            not_null=True,
            checked=False,
        )
    )
    title: str | None = field(
        default=None, metadata=_about("Headline as published.", not_null=True)
    )
    published_at: str | None = field(
        default=None,
        metadata=_about(
            "Publication date as the page gave it, ISO 8601: a time with its offset "
            "(2020-09-09T17:48:00+08:00), a day alone (2020-09-09) or a time without a "
            "known zone (2020-09-09T17:48:00). Stats group on its date.",
            not_null=True,
        ),
    )
    # where the date came from: "jsonld", "meta", "text" (the page's own text), "url",
    # "feed" (the feed entry), "listing" (the listing or article that linked the page),
    # "selector" (the ``published`` selector of the site's catalogue entry), "updated" (a
    # date printed after an update's cue word, 更新时间：, on a page that prints no other),
    # "htmldate" (htmldate's extensive search of the page, when nothing else gave a date;
    # issue 15)
    date_source: str | None = field(
        default=None,
        metadata=_about(
            "Where published_at came from: jsonld, meta, text, url, feed, listing, "
            "updated (the page's update line, as it printed no other date) or htmldate."
        ),
    )
    # how much of published_at the page stated: "day" (2020-01-16), "minute", "second";
    # None without a date
    date_precision: str | None = field(
        default=None,
        metadata=_about("What published_at states: day, minute or second (none: no date)."),
    )
    # where published_at's offset came from: "page" (the page printed it), "site" (the
    # site's timezone), "inferred" (the page's language, country domain or an offset printed
    # elsewhere on it); None: no zone known (a naive time) or no time at all
    zone_source: str | None = field(
        default=None,
        metadata=_about(
            "Where published_at's UTC offset came from: page, site or inferred (none: no "
            "offset known, or only a day)."
        ),
    )
    source: str | None = field(
        default=None,
        metadata=_about("The original publisher the site names (来源), when it reprints."),
    )
    author: str | None = field(
        default=None,
        metadata=_about("Authors and reporters credited on the page, ; separated."),
    )
    editor: str | None = field(
        default=None,
        metadata=_about("Editors credited on the page (责任编辑, 编辑), ; separated."),
    )
    tags: list[str] = field(
        default_factory=list,
        metadata=_about("The site's own keywords, a JSON array.", export="list<string>"),
    )
    category: str | None = field(default=None, metadata=_about("The site's section or category."))
    views: int | None = field(
        default=None,
        metadata=_about(
            "View count shown on the page when fetched.", column="INTEGER", export="int64"
        ),
    )
    language: str | None = field(
        default=None, metadata=_about("Language code of the text: en, zh...")
    )
    body: str | None = field(
        default=None,
        metadata=_about("Main text, paragraphs separated by blank lines.", not_null=True),
    )
    summary: str | None = field(
        default=None, metadata=_about("Teaser from the listing that linked the article.")
    )
    related: list[RelatedLink] = field(
        default_factory=list,
        metadata=_about(
            "Related reading the page shows, in page order (rows of related_links).",
            column=None,
            export=f"list<{_LINK}>",
            row=False,
        ),
    )
    next: NextArticle | None = field(
        default=None,
        metadata=_about(
            "The page's teaser of the next article (a row of related_links).",
            column=None,
            export=_NEXT,
            row=False,
        ),
    )
    fetched_at: str | None = field(
        default=None,
        metadata=_about(
            "When this version was fetched (UTC).", checked=False, export="timestamp[ms, tz=UTC]"
        ),
    )

    def as_dict(self) -> dict[str, Any]:
        """The article as plain data, like ``dataclasses.asdict`` at a fraction of its cost
        (it deep-copies every value, which the store pipeline pays once per article)."""
        data = dict(vars(self))
        data["tags"] = list(self.tags)
        data["related"] = [dict(vars(link)) for link in self.related]
        data["next"] = dict(vars(self.next)) if self.next else None
        return data


# What the archive adds to an article's fields, each group after the field it follows
# (None: before the first); the fields that are not columns (links) come last.
_ARCHIVE_ADDS: dict[str | None, tuple[Field, ...]] = {
    None: (
        Field(
            "id",
            "Article id, stable across updates.",
            column="INTEGER",
            export="int64",
        ),
    ),
    "published_at": (
        Field(
            "published_utc",
            "published_at in UTC (2020-09-09T09:48:00Z), where the instant is known; empty "
            "for a day alone or a time without a zone. Sort on coalesce(published_utc, "
            "published_at): a day sorts at its start.",
            export="timestamp[ms, tz=UTC]",
        ),
    ),
    "fetched_at": (
        Field(
            "first_seen_at",
            "When a crawl first stored the article (UTC).",
            export="timestamp[ms, tz=UTC]",
        ),
        Field(
            "last_seen_at",
            "When a crawl last saw the article (UTC).",
            export="timestamp[ms, tz=UTC]",
        ),
        Field(
            "content_hash",
            "SHA-256 of title, date, author and body: a change makes a new version.",
        ),
        Field(
            "simhash",
            "64-bit SimHash of the body, to find copies of a story.",
            column="INTEGER",
            export=None,
            row=False,
        ),
        Field(
            "simhash_b0",
            "SimHash band 0 (bits 0-15), indexed to find near copies quickly.",
            column="INTEGER",
            export=None,
            row=False,
        ),
        Field(
            "simhash_b1", "SimHash band 1 (bits 16-31).", column="INTEGER", export=None, row=False
        ),
        Field(
            "simhash_b2", "SimHash band 2 (bits 32-47).", column="INTEGER", export=None, row=False
        ),
        Field(
            "simhash_b3", "SimHash band 3 (bits 48-63).", column="INTEGER", export=None, row=False
        ),
        Field(
            "duplicate_of",
            "The earliest published copy of the same story (another site or a mirror), when "
            "this one is a copy.",
            column="INTEGER",
            export="int64",
        ),
        Field(
            "terms",
            "Taxonomy term ids found in the article (fibres, segments, places, "
            "organisations), a JSON array; see the terms table.",
            export="list<string>",
            row=False,
        ),
    ),
}


def _article_fields() -> tuple[Field, ...]:
    own = [Field(f.name, **f.metadata["archive"]) for f in fields(Article)]
    ordered = list(_ARCHIVE_ADDS[None])
    for item in own:
        if item.column is not None:
            ordered += [item, *_ARCHIVE_ADDS.get(item.name, ())]
    return (*ordered, *(item for item in own if item.column is None))


# Every field of an article, in the order exports and Datasette list them: the archive's
# columns (Article's stored fields and what the archive adds), then the links.
ARTICLE_FIELDS: tuple[Field, ...] = _article_fields()


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
