"""Item pipelines: normalise, validate, deduplicate, store. One small class per job."""

from __future__ import annotations

import time
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from textile_news import storage
from textile_news.items import Article, NextArticle, Reject, RelatedLink
from textile_news.language import detect_language
from textile_news.normalize import (
    canonical_url,
    canonical_url_cached,
    clean_body,
    clean_text,
    is_iso_datetime,
    parse_date,
)
from textile_news.writer import ArchiveWriter, close_writer, writer_for

if TYPE_CHECKING:
    from datetime import datetime

    from scrapy.crawler import Crawler


def normalize_article(
    article: Article,
    tz: str = "UTC",
    host_aliases: dict[str, str] | None = None,
    now: datetime | str | None = None,
) -> Article:
    """The article with clean text, ISO dates in the site's zone and canonical URLs.

    A date that cannot be parsed is kept as the page printed it, so that validation can
    say which text it was. A page that declares no language gets the one its title and
    body are written in (``language.detect_language``), or None.

    :param now: when the page was fetched, which relative dates ("3 hours ago") count back
        from (default: the article's ``fetched_at``); without it they stay unparsed
    """
    aliases = tuple(sorted((host_aliases or {}).items()))
    now = now or article.fetched_at

    def url(u: str) -> str:
        return canonical_url_cached(u, aliases)

    title = clean_text(article.title)
    body = clean_body(article.body)
    return replace(
        article,
        url=url(article.url),
        title=title,
        published_at=(
            parse_date(article.published_at, tz, now) or clean_text(article.published_at)
        ),
        source=clean_text(article.source),
        author=clean_text(article.author),
        tags=list(dict.fromkeys(t for t in map(clean_text, article.tags) if t)),
        category=clean_text(article.category),
        language=clean_text(article.language) or detect_language(f"{title or ''}\n{body or ''}"),
        body=body,
        summary=clean_text(article.summary),
        related=[
            RelatedLink(
                url=url(link.url),
                title=clean_text(link.title),
                category=clean_text(link.category),
                published_at=parse_date(link.published_at, tz, now),
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


class NormalizePipeline:
    """Unicode NFC and whitespace, ISO 8601 dates with the site's offset, canonical URLs."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        aliases = getattr(spider, "host_aliases", None)
        if isinstance(item, Reject):
            return replace(item, url=canonical_url(item.url, aliases))
        if not isinstance(item, Article):
            return item
        started = time.process_time()
        fetched_at = storage.utc_now()
        item = normalize_article(item, getattr(spider, "timezone", "UTC"), aliases, fetched_at)
        item.fetched_at = fetched_at
        if self.crawler.stats is not None:  # the split a benchmark reports (cpu_us/*)
            used = round((time.process_time() - started) * 1e6)
            self.crawler.stats.inc_value("textile_news/cpu_us/normalize", used)
        return item


class ValidatePipeline:
    """An article without url, title, body or a parseable date becomes a Reject."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.monitored = crawler.settings.getlist("TEXTILE_NEWS_MONITORED_FIELDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
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
        assert self.stats is not None
        self.stats.inc_value("textile_news/fields/pages")
        for field in self.monitored:
            value = getattr(item, field, None)
            if value in (None, "", []) or (
                field == "published_at" and not is_iso_datetime(item.published_at)
            ):
                self.stats.inc_value(f"textile_news/fields/empty/{field}")


class DedupePipeline:
    """One canonical URL is stored once per crawl, whichever host or link led to it.

    Across crawls, the store keeps one row per URL and leaves unchanged articles unwritten.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if item.url in self.seen:
            assert self.stats is not None
            self.stats.inc_value("textile_news/duplicates")
            raise DropItem(f"duplicate of {item.url} in this crawl", log_level="DEBUG")
        self.seen.add(item.url)
        return item


class StorePipeline:
    """Batched writes of articles and rejects into the archive, by the crawl's archive writer
    (textile_news/writer.py: ``storage.write_batch`` in a process of its own)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch_size = settings.getint("TEXTILE_NEWS_BATCH_SIZE", 200)
        self.flush_seconds = settings.getfloat("TEXTILE_NEWS_FLUSH_SECONDS", 2.0)
        self.writer: ArchiveWriter | None = None
        self.articles: list[dict[str, Any]] = []
        self.rejects: list[dict[str, Any]] = []
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.writer = writer_for(self.crawler)

    def close_spider(self) -> None:
        """Send the rest and wait until the archive holds everything: the run's record and
        summary, written next, count it."""
        self.flush()
        self.writer = None
        close_writer(self.crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Reject):
            run_id = self.stats.get_value("textile_news/run_id") if self.stats else None
            self.rejects.append(
                {**asdict(item), "rejected_at": storage.utc_now(), "run_id": run_id}
            )
            assert self.stats is not None
            self.stats.inc_value("textile_news/rejected")
            self.stats.inc_value(f"textile_news/rejected/{item.stage}")
        elif isinstance(item, Article):
            self.articles.append(item.as_dict())
        else:
            return item
        pending = len(self.articles) + len(self.rejects)
        if pending >= self.batch_size or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()
        return item

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if self.writer is None or not (self.articles or self.rejects):
            return
        self.writer.write(self.articles, self.rejects)
        self.articles, self.rejects = [], []
