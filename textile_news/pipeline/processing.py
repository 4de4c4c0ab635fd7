"""What happens to an item between its page and the archive: normalise, validate, dedupe.

The steps are pure functions (:func:`normalize_article`, :func:`validation_error`) and one
:class:`ItemProcessor`, which runs them in order and counts what it saw. It is the one path
of an item, whichever way it comes in (issue 14):

- a crawl on one machine: in the archive writer's process (textile_news/pipeline/writer.py), off the
  crawl's core, or in the crawl's process when the crawl exports a feed, so that the feed
  holds what the archive stores (``pipelines.ProcessPipeline``);
- a distributed crawl: in each worker's process (``pipelines.ProcessPipeline``); the archive
  worker validates each entry once more (distributed/archive_worker.py);
- ``textile-news reextract`` (reextract.py) and ``textile-news extract`` (extract.py).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from textile_news.archive.db import utc_now
from textile_news.items import Article, NextArticle, Reject, RelatedLink
from textile_news.text.dates import is_iso_datetime, page_zone, written_date
from textile_news.text.language import detect_language
from textile_news.text.normalize import clean_body, clean_text
from textile_news.text.urls import canonical_url_cached

if TYPE_CHECKING:
    from datetime import datetime

# Fields whose emptiness a crawl counts page by page (TEXTILE_NEWS_MONITORED_FIELDS)
MONITORED_FIELDS = ("title", "published_at", "body")


def normalize_article(
    article: Article,
    tz: str | None = None,
    host_aliases: Mapping[str, str] | None = None,
    now: datetime | str | None = None,
) -> Article:
    """The article with clean text, dates as the page wrote them and canonical URLs.

    ``published_at`` becomes a day, a naive time or a time with its offset (the contract
    of ``text.dates.written``); a naive time takes the site's zone ``tz``, or on a site
    without one (``tz`` None: generic pages) a zone inferred from the page's country domain
    and language (``text.dates.page_zone``), or none. ``date_precision`` and ``zone_source``
    say which (issue 15). A date that cannot be parsed is kept as the page printed it, so
    that validation can say which text it was. A page that declares no language gets the
    one its title and body are written in (``language.detect_language``), or None.
    Normalising twice changes nothing.

    :param now: when the page was fetched, which relative dates ("3 hours ago") count back
        from (default: the article's ``fetched_at``); without it they stay unparsed
    """
    aliases = tuple(sorted((host_aliases or {}).items()))
    now = now or article.fetched_at

    def url(u: str) -> str:
        return canonical_url_cached(u, aliases)

    title = clean_text(article.title)
    body = clean_body(article.body)
    language = clean_text(article.language) or detect_language(f"{title or ''}\n{body or ''}")
    inferred = None if tz else page_zone(article.url, language)
    written = written_date(
        article.published_at, tz, now, inferred, article.zone_source, article.date_precision
    )
    return replace(
        article,
        url=url(article.url),
        title=title,
        published_at=written.value if written else clean_text(article.published_at),
        date_precision=written.precision if written else None,
        zone_source=written.zone_source if written else None,
        source=clean_text(article.source),
        author=clean_text(article.author),
        editor=clean_text(article.editor),
        tags=list(dict.fromkeys(t for t in map(clean_text, article.tags) if t)),
        category=clean_text(article.category),
        language=language,
        body=body,
        summary=clean_text(article.summary),
        related=[
            RelatedLink(
                url=url(link.url),
                title=clean_text(link.title),
                category=clean_text(link.category),
                published_at=_link_date(link.published_at, tz, now, inferred),
            )
            for link in article.related
        ],
        next=(
            NextArticle(
                url=url(article.next.url),
                title=clean_text(article.next.title),
                summary=clean_text(article.next.summary),
            )
            if article.next
            else None
        ),
    )


def _link_date(
    text: str | None, tz: str | None, now: datetime | str | None, inferred: str | None
) -> str | None:
    """A related link's date by the article's rule (its page's zone)."""
    written = written_date(text, tz, now, inferred)
    return written.value if written else None


def validation_error(article: Article) -> str | None:
    """Why ``article`` cannot go into the archive, or None when it can."""
    if not article.url:
        return "no url"
    if not article.title:
        return "no title"
    if not article.body:
        return "no body"
    if not article.published_at:
        return "no publication date"
    if not is_iso_datetime(article.published_at):
        return f"unparseable publication date {article.published_at!r}"
    return None


class ItemProcessor:
    """Items on their way to the archive: each is normalised in its site's zone (``timezone``;
    None for a site that states none, whose pages' zones are inferred) and under its
    canonical URL, validated, and dropped when its URL came before (:meth:`process_item`).

    ``counts`` holds what it saw, under the keys of the crawl's stats without their
    ``textile_news/`` prefix: ``fields/pages`` and ``fields/empty/<field>`` (article pages
    and those where a monitored field came out empty, for monitoring.py), ``rejected`` and
    ``rejected/<stage>``, ``duplicates``, and ``cpu_us/normalize``.

    :param host_aliases: mirror hosts onto the site's own (``NewsSpider.host_aliases``)
    :param monitored: the fields whose emptiness is counted
    """

    def __init__(
        self,
        timezone: str | None = None,
        host_aliases: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        monitored: Iterable[str] = MONITORED_FIELDS,
    ) -> None:
        self.timezone = timezone
        self.aliases = dict(host_aliases or {})
        self._alias_key = tuple(sorted(self.aliases.items()))
        self.monitored = tuple(monitored)
        self.seen: set[str] = set()
        self.counts: Counter[str] = Counter()

    def alias(self, host: str, base: str) -> None:
        """Files ``host``'s pages under ``base`` (``scheme://host``) too, unless the host is
        one of the site's already."""
        if host not in self.aliases:
            self.aliases[host] = base
            self._alias_key = tuple(sorted(self.aliases.items()))

    def process_item(self, item: Any) -> Article | Reject | None:
        """All the steps for one item as the spider made it: the normalised article, the
        :class:`Reject` (its URL canonical) that says why it cannot be stored, or None for
        a duplicate and for what is neither an article nor a reject."""
        item = self.validate(self.normalize(item))
        if isinstance(item, Reject):
            self.count_reject(item)
            return item
        if not isinstance(item, Article) or self.is_duplicate(item):
            return None
        return item

    def normalize(self, item: Any) -> Any:
        """An article normalised (its ``fetched_at`` is when relative dates count back
        from), a reject under its canonical URL; anything else as it is."""
        if isinstance(item, Reject):
            return replace(item, url=canonical_url_cached(item.url, self._alias_key))
        if not isinstance(item, Article):
            return item
        started = time.process_time()
        item = normalize_article(item, self.timezone, self.aliases, item.fetched_at)
        self.counts["cpu_us/normalize"] += round((time.process_time() - started) * 1e6)
        return item

    def validate(self, item: Any) -> Any:
        """A normalised article, or the :class:`Reject` that says why it cannot be stored;
        the article's empty monitored fields are counted either way."""
        if not isinstance(item, Article):
            return item
        self.count_empty_fields(item)
        reason = validation_error(item)
        if reason is None:
            return item
        detail = {"title": item.title, "published_at": item.published_at}
        return Reject(url=item.url, site=item.site, reason=reason, stage="validate", detail=detail)

    def count_empty_fields(self, item: Article) -> None:
        """Per monitored field, the article pages where it came out empty: a field empty on
        most pages is the sign that a site changed its markup (see monitoring.py)."""
        self.counts["fields/pages"] += 1
        for field in self.monitored:
            value = getattr(item, field, None)
            if value in (None, "", []) or (
                field == "published_at" and not is_iso_datetime(item.published_at)
            ):
                self.counts[f"fields/empty/{field}"] += 1

    def is_duplicate(self, item: Any) -> bool:
        """True for an article whose canonical URL this crawl has had already (one URL is
        stored once per crawl, whichever host or link led to it); counted."""
        if not isinstance(item, Article):
            return False
        if item.url in self.seen:
            self.counts["duplicates"] += 1
            return True
        self.seen.add(item.url)
        return False

    def count_reject(self, reject: Reject) -> None:
        self.counts["rejected"] += 1
        self.counts[f"rejected/{reject.stage}"] += 1

    def process(
        self, items: Iterable[Any], run_id: int | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """All the steps for a batch of raw items from the spider: the rows to store,
        ``(articles, rejects)``, as ``write.write_batch`` takes them.

        :param run_id: the crawl's ``crawl_runs`` id, for the rejects
        """
        return rows((self.process_item(raw) for raw in items), run_id)

    def take_counts(self) -> dict[str, int]:
        """The counts since the last call, and start again from zero."""
        counts, self.counts = dict(self.counts), Counter()
        return counts


def rows(
    items: Iterable[Article | Reject | None], run_id: int | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Processed items as the rows ``write.write_batch`` takes, ``(articles, rejects)``;
    None (a duplicate) is skipped."""
    articles: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(item.as_dict())
        elif isinstance(item, Reject):
            rejects.append(reject_row(item, run_id))
    return articles, rejects


def reject_row(reject: Reject, run_id: int | None = None) -> dict[str, Any]:
    """The ``rejects`` row of ``reject``, rejected now."""
    return {**asdict(reject), "rejected_at": utc_now(), "run_id": run_id}


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The article of an ``Article.as_dict()`` row (a stream entry of a distributed crawl)."""
    data = dict(row)
    data["related"] = [RelatedLink(**link) for link in data.get("related") or ()]
    data["next"] = NextArticle(**data["next"]) if data.get("next") else None
    return Article(**data)
