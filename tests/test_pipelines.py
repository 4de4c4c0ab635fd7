"""Item pipelines: normalise, validate, deduplicate and store (textile_news.pipeline.pipelines)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from textile_news.items import Article, NextArticle, Reject, RelatedLink
from textile_news.pipeline.pipelines import (
    DedupePipeline,
    NormalizePipeline,
    StorePipeline,
    ValidatePipeline,
)
from textile_news.pipeline.processing import normalize_article, validation_error
from textile_news.spiders.sjfzxm_com import SjfzxmComSpider

SITE = "http://www.sjfzxm.com/global/en"


def raw_article(**changes: Any) -> Article:
    """An article as a page object extracts it, before normalisation."""
    article = Article(
        url="https://91se91.com/global/en/576380.html?utm_source=feed&utm_medium=rss",
        site="sjfzxm_com",
        title="  Fumin\u00a0Fashion City:\n Capital Of  Southern Style ",
        published_at="2020/9/9 23:17:00",
        source=" World Clothing, Shoes &\u00a0Hats Net ",
        author="Feng\u3000Lei",
        editor=" Wang\u00a0Li ",
        tags=[" Humen Clothing ", "Fumin Fashion City", "Humen\u00a0Clothing", "", "  "],
        category=" Fashion Trends\n",
        views=87,
        language="en",
        body="\n  Fumin fashion city\u00a0opens.  \n\n\n\n  Buyers   watch\nonline.\n\n \n",
        summary=" Fumin fashion city opens. ",
        related=[
            RelatedLink(
                url="http://clxfzf.sjfzxm.com/global/en/576118.html#top",
                title=" Association  News ",
                category="Chamber of Commerce ",
                published_at="2020-9-1 14:06",
            ),
            RelatedLink(url="http://91se91.com/global/en/576006.html", published_at="soon"),
        ],
        next=NextArticle(
            url="https://www.91se91.com/global/en/576352.html",
            title="Shengze\u00a0Textile Market",
            summary="  Busy trading. ",
        ),
    )
    return replace(article, **changes)


def valid_article(**changes: Any) -> Article:
    """A normalised article that passes validation."""
    article = Article(
        url=f"{SITE}/576380.html",
        site="sjfzxm_com",
        title="Fumin Fashion City",
        published_at="2020-09-09T23:17:00+08:00",
        body="Fumin fashion city opens.",
    )
    return replace(article, **changes)


# --- normalize_article and validation_error -------------------------------------


def test_normalize_article_cleans_every_field():
    aliases = SjfzxmComSpider.site_aliases()
    assert normalize_article(raw_article(), "Asia/Shanghai", aliases) == Article(
        url=f"{SITE}/576380.html",
        site="sjfzxm_com",
        title="Fumin Fashion City: Capital Of Southern Style",
        published_at="2020-09-09T23:17:00+08:00",
        date_precision="second",
        zone_source="site",
        source="World Clothing, Shoes & Hats Net",
        author="Feng Lei",
        editor="Wang Li",
        tags=["Humen Clothing", "Fumin Fashion City"],
        category="Fashion Trends",
        views=87,
        language="en",
        body="Fumin fashion city opens.\n\nBuyers watch online.",
        summary="Fumin fashion city opens.",
        related=[
            RelatedLink(
                url=f"{SITE}/576118.html",
                title="Association News",
                category="Chamber of Commerce",
                published_at="2020-09-01T14:06:00+08:00",
            ),
            RelatedLink(url=f"{SITE}/576006.html"),
        ],
        next=NextArticle(
            url=f"{SITE}/576352.html", title="Shengze Textile Market", summary="Busy trading."
        ),
        fetched_at=None,
    )


def test_normalize_article_does_not_modify_its_input():
    article = raw_article()
    normalize_article(article, "Asia/Shanghai", SjfzxmComSpider.site_aliases())
    assert article == raw_article()


def test_normalize_article_keeps_unparseable_date_as_printed():
    article = normalize_article(raw_article(published_at=" 2020/13/45\u00a025:99:00 "))
    assert article.published_at == "2020/13/45 25:99:00"


def test_normalize_article_without_aliases_keeps_mirror_host():
    article = normalize_article(raw_article())
    assert article.url == "https://91se91.com/global/en/576380.html"


def test_normalize_article_uses_the_given_zone():
    assert normalize_article(raw_article(), "UTC").published_at == "2020-09-09T23:17:00+00:00"


def relative_article(**changes: Any) -> Article:
    link = RelatedLink(url="http://www.sjfzxm.com/global/en/1.html", published_at="昨天 14:30")
    return raw_article(published_at="3小时前", related=[link], **changes)


def test_normalize_article_counts_relative_dates_back_from_now():
    article = normalize_article(relative_article(), "Asia/Shanghai", now="2024-07-18T19:27:24Z")
    assert article.published_at == "2024-07-19T00:27:00+08:00"  # 3 hours ago: to the minute
    assert article.related[0].published_at == "2024-07-18T14:30:00+08:00"


def test_normalize_article_counts_back_from_its_fetched_at_by_default():
    article = relative_article(fetched_at="2024-07-18T19:27:24+00:00")
    assert normalize_article(article, "Asia/Shanghai").published_at == "2024-07-19T00:27:00+08:00"


def test_normalize_article_without_now_leaves_relative_dates_unparsed():
    article = normalize_article(relative_article(), "Asia/Shanghai")
    assert article.published_at == "3小时前"
    assert article.related[0].published_at is None
    assert validation_error(article) == "unparseable publication date '3小时前'"


@pytest.mark.parametrize(
    ("declared", "title", "body", "expected"),
    [
        (None, "郑棉期货连续三日下跌", "郑州商品交易所棉花期货连续第三个交易日下跌。", "zh"),
        (None, "Fumin Fashion City", "Buyers watch the live broadcast of the show.", "en"),
        (" ja ", "Fumin Fashion City", "Buyers watch the live broadcast of the show.", "ja"),
        (None, "ITMA 2026", "ITMA 2026", None),
    ],
    ids=["detected-zh", "detected-en", "declared-wins", "unsure"],
)
def test_normalize_article_detects_undeclared_language(declared, title, body, expected):
    article = normalize_article(raw_article(language=declared, title=title, body=body))
    assert article.language == expected


def test_validation_error_none_for_a_valid_article():
    assert validation_error(valid_article()) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"url": ""}, "no url"),
        ({"title": None}, "no title"),
        ({"body": None}, "no body"),
        ({"published_at": None}, "no publication date"),
        ({"published_at": "2020/13/45"}, "unparseable publication date '2020/13/45'"),
        ({"published_at": "2020-09-09T23:17"}, "unparseable publication date '2020-09-09T23:17'"),
    ],
    ids=["url", "title", "body", "date", "bad-date", "naive-date"],
)
def test_validation_error_reason(changes, reason):
    assert validation_error(valid_article(**changes)) == reason


# --- the pipelines in a crawler -------------------------------------------------


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    crawler = get_crawler(
        SjfzxmComSpider,
        {
            "TEXTILE_NEWS_DB": str(tmp_path / "a.sqlite"),
            "TEXTILE_NEWS_BATCH_SIZE": 3,
            # Batches flush by size only, however slow the test machine.
            "TEXTILE_NEWS_FLUSH_SECONDS": 3600,
            # Written when sent (test_writer.py covers the writer process).
            "TEXTILE_NEWS_WRITER_PROCESS": False,
        },
    )
    crawler.spider = SjfzxmComSpider.from_crawler(crawler)
    return crawler


@pytest.fixture
def store(crawler: Crawler) -> Iterator[StorePipeline]:
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    yield pipeline
    pipeline.close_spider()


def stored_urls(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [url for (url,) in conn.execute("SELECT url FROM articles ORDER BY id")]


def stored_rejects(path: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT url, stage, reason FROM rejects ORDER BY id").fetchall()


def db_file(crawler: Crawler) -> Path:
    return Path(crawler.settings["TEXTILE_NEWS_DB"])


def test_normalize_pipeline_normalizes_with_spider_zone_and_aliases(crawler):
    item = NormalizePipeline.from_crawler(crawler).process_item(raw_article())
    assert item.url == f"{SITE}/576380.html"
    assert item.published_at == "2020-09-09T23:17:00+08:00"
    assert item.title == "Fumin Fashion City: Capital Of Southern Style"


def test_normalize_pipeline_sets_fetched_at_in_utc(crawler):
    before = datetime.now(UTC).replace(microsecond=0)
    item = NormalizePipeline.from_crawler(crawler).process_item(raw_article())
    after = datetime.now(UTC)
    assert item.fetched_at.endswith("+00:00")
    assert before <= datetime.fromisoformat(item.fetched_at) <= after


def test_normalize_pipeline_counts_relative_dates_back_from_fetched_at(crawler):
    item = NormalizePipeline.from_crawler(crawler).process_item(
        raw_article(published_at="3 hours ago")
    )
    published = datetime.fromisoformat(item.published_at)
    fetched = datetime.fromisoformat(item.fetched_at)
    assert published == (fetched - timedelta(hours=3)).replace(second=0, microsecond=0)
    assert item.date_precision == "minute"
    assert item.published_at.endswith("+08:00")


def test_normalize_pipeline_canonicalizes_reject_url(crawler):
    reject = Reject(
        url="https://91se91.com/global/en/1.html#x",
        site="sjfzxm_com",
        reason="HTTP 404",
        stage="fetch",
    )
    assert NormalizePipeline.from_crawler(crawler).process_item(reject) == replace(
        reject, url=f"{SITE}/1.html"
    )


def test_normalize_pipeline_passes_other_items(crawler):
    item = {"url": "https://91se91.com/x"}
    assert NormalizePipeline.from_crawler(crawler).process_item(item) is item


def test_validate_pipeline_passes_valid_article(crawler):
    article = valid_article()
    assert ValidatePipeline.from_crawler(crawler).process_item(article) is article


def test_validate_pipeline_turns_article_without_title_into_reject(crawler):
    article = valid_article(title=None)
    assert ValidatePipeline.from_crawler(crawler).process_item(article) == Reject(
        url=f"{SITE}/576380.html",
        site="sjfzxm_com",
        reason="no title",
        stage="validate",
        detail={"title": None, "published_at": "2020-09-09T23:17:00+08:00"},
    )


def test_dedupe_pipeline_drops_second_item_with_same_url(crawler):
    pipeline = DedupePipeline.from_crawler(crawler)
    first = valid_article()
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match=re.escape(f"duplicate of {SITE}/576380.html")):
        pipeline.process_item(valid_article(title="Another title"))
    assert crawler.stats.get_value("textile_news/duplicates") == 1


def test_dedupe_pipeline_keeps_other_urls_and_rejects(crawler):
    pipeline = DedupePipeline.from_crawler(crawler)
    reject = Reject(url=f"{SITE}/576380.html", site="sjfzxm_com", reason="x", stage="fetch")
    pipeline.process_item(valid_article())
    other = valid_article(url=f"{SITE}/576381.html")
    assert pipeline.process_item(other) is other
    assert pipeline.process_item(reject) is reject
    assert crawler.stats.get_value("textile_news/duplicates") is None


def test_store_pipeline_writes_nothing_before_batch_size(crawler, store):
    store.process_item(valid_article(url=f"{SITE}/1.html"))
    store.process_item(valid_article(url=f"{SITE}/2.html"))
    assert stored_urls(db_file(crawler)) == []


def test_store_pipeline_writes_a_full_batch(crawler, store):
    for n in (1, 2):
        store.process_item(valid_article(url=f"{SITE}/{n}.html"))
    reject = Reject(url=f"{SITE}/3.html", site="sjfzxm_com", reason="no title", stage="validate")
    assert store.process_item(reject) is reject
    assert stored_urls(db_file(crawler)) == [f"{SITE}/1.html", f"{SITE}/2.html"]
    assert stored_rejects(db_file(crawler)) == [(f"{SITE}/3.html", "validate", "no title")]
    assert crawler.stats.get_value("textile_news/articles/new") == 2


def test_store_pipeline_close_spider_flushes_the_rest(crawler):
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    for n in range(1, 6):
        store.process_item(valid_article(url=f"{SITE}/{n}.html"))
    assert len(stored_urls(db_file(crawler))) == 3
    store.close_spider()
    assert stored_urls(db_file(crawler)) == [f"{SITE}/{n}.html" for n in range(1, 6)]
    assert store.writer is None


def duplicate_links(path: Path) -> list[tuple[str, int | None]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT url, duplicate_of FROM articles ORDER BY id").fetchall()


def test_store_pipeline_links_a_copy_on_another_site(crawler):
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    store.process_item(valid_article())
    store.process_item(valid_article(url="http://www.texindex.com.cn/1.html", site="texindex"))
    store.close_spider()
    assert duplicate_links(db_file(crawler)) == [
        (f"{SITE}/576380.html", None),
        ("http://www.texindex.com.cn/1.html", 1),
    ]


def test_store_pipeline_duplicate_distance_setting(crawler):
    crawler.settings.frozen = False
    crawler.settings.set("TEXTILE_NEWS_DUPLICATE_DISTANCE", -1)
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    assert store.writer is not None and store.writer.config.duplicate_distance == -1
    store.process_item(valid_article())
    store.process_item(valid_article(url="http://www.texindex.com.cn/1.html", site="texindex"))
    store.close_spider()
    assert [dup for _, dup in duplicate_links(db_file(crawler))] == [None, None]


def test_store_pipeline_passes_other_items(store):
    item = {"url": "x"}
    assert store.process_item(item) is item
    assert store.items == []


def test_pipelines_in_order_count_stats(crawler):
    pipelines = [
        NormalizePipeline.from_crawler(crawler),
        ValidatePipeline.from_crawler(crawler),
        DedupePipeline.from_crawler(crawler),
        StorePipeline.from_crawler(crawler),
    ]
    store = pipelines[-1]
    store.open_spider()
    items = [
        raw_article(),
        raw_article(url="http://www.sjfzxm.com/global/en/576380.html"),  # same article
        raw_article(url="http://91se91.com/global/en/2.html", title=" \u00a0"),
        raw_article(url="http://91se91.com/global/en/3.html", published_at="someday"),
        raw_article(url="http://91se91.com/global/en/4.html"),
    ]
    for item in items:
        try:
            for pipeline in pipelines:
                item = pipeline.process_item(item)
        except DropItem:
            continue
    store.close_spider()
    stats = crawler.stats
    assert stats.get_value("textile_news/articles/new") == 2
    assert stats.get_value("textile_news/rejected/validate") == 2
    assert stats.get_value("textile_news/rejected") == 2
    assert stats.get_value("textile_news/duplicates") == 1
    assert stored_urls(db_file(crawler)) == [f"{SITE}/576380.html", f"{SITE}/4.html"]
    assert stored_rejects(db_file(crawler)) == [
        (f"{SITE}/2.html", "validate", "no title"),
        (f"{SITE}/3.html", "validate", "unparseable publication date 'someday'"),
    ]
