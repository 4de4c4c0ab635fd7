"""The steps between a page and the archive, as the archive writer runs them
(textile_news.processing.ItemProcessor), and the crawl's pipelines around them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace

import pytest
from scrapy.utils.test import get_crawler

from tests.test_pipelines import SITE, raw_article, valid_article
from textile_news.crawl import project_settings
from textile_news.distributed.worker import worker_settings
from textile_news.items import Reject
from textile_news.pipelines import StorePipeline
from textile_news.processing import ItemProcessor, normalize_article
from textile_news.spiders.sjfzxm_com import SjfzxmComSpider

FETCHED = "2026-11-28T02:00:00+00:00"
ALIASES = SjfzxmComSpider.site_aliases()


def processor() -> ItemProcessor:
    return ItemProcessor("Asia/Shanghai", ALIASES, ["title", "published_at", "body"])


def test_a_batch_becomes_rows_and_counts():
    raw = replace(raw_article(), fetched_at=FETCHED)
    items = [
        raw,
        replace(raw, url="http://www.sjfzxm.com/global/en/576380.html"),  # the same, again
        replace(raw, url="http://91se91.com/global/en/2.html", title=" \u00a0"),
        replace(raw, url="http://91se91.com/global/en/3.html", published_at="someday"),
        Reject(
            url="http://91se91.com/global/en/4.html#x",
            site="sjfzxm_com",
            reason="HTTP 404",
            stage="fetch",
        ),
    ]
    steps = processor()
    articles, rejects = steps.process(items, run_id=7)
    assert articles == [normalize_article(raw, "Asia/Shanghai", ALIASES).as_dict()]
    assert articles[0]["fetched_at"] == FETCHED
    assert [{k: r[k] for k in ("url", "stage", "reason", "detail", "run_id")} for r in rejects] == [
        {
            "url": f"{SITE}/2.html",
            "stage": "validate",
            "reason": "no title",
            "detail": {"title": None, "published_at": "2020-09-09T23:17:00+08:00"},
            "run_id": 7,
        },
        {
            "url": f"{SITE}/3.html",
            "stage": "validate",
            "reason": "unparseable publication date 'someday'",
            "detail": {
                "title": "Fumin Fashion City: Capital Of Southern Style",
                "published_at": "someday",
            },
            "run_id": 7,
        },
        {
            "url": f"{SITE}/4.html",
            "stage": "fetch",
            "reason": "HTTP 404",
            "detail": {},
            "run_id": 7,
        },
    ]
    counts = steps.take_counts()
    assert counts.pop("cpu_us/normalize") >= 0
    assert counts == {
        "fields/pages": 4,
        "fields/empty/title": 1,
        "fields/empty/published_at": 1,
        "rejected": 3,
        "rejected/validate": 2,
        "rejected/fetch": 1,
        "duplicates": 1,
    }
    assert steps.take_counts() == {}


def test_a_url_is_a_duplicate_for_the_rest_of_the_crawl():
    steps = processor()
    raw = replace(raw_article(), fetched_at=FETCHED)
    assert len(steps.process([raw])[0]) == 1
    assert steps.process([raw]) == ([], [])
    assert steps.take_counts()["duplicates"] == 1


def test_processing_twice_changes_nothing():
    """Items the step pipelines finished can still go through the writer's steps."""
    once, _ = processor().process([replace(raw_article(), fetched_at=FETCHED)])
    again, _ = processor().process(
        [valid_article(**{k: v for k, v in once[0].items() if k not in ("related", "next")})]
    )
    assert {k: v for k, v in again[0].items() if k not in ("related", "next")} == {
        k: v for k, v in once[0].items() if k not in ("related", "next")
    }


def test_relative_dates_count_back_from_the_fetch_time():
    raw = replace(raw_article(), published_at="3 hours ago", fetched_at=FETCHED)
    (row,), _ = processor().process([raw])
    assert row["published_at"] == "2026-11-28T07:00:00+08:00"


# --- the store pipeline hands raw items to the writer -----------------------------


@pytest.mark.parametrize("process", [True, False], ids=["writer process", "inline"])
def test_the_store_pipeline_alone_normalises_validates_dedupes_and_stores(tmp_path, process):
    db_file = tmp_path / "a.sqlite"
    crawler = get_crawler(
        SjfzxmComSpider,
        {
            "TEXTILE_NEWS_DB": str(db_file),
            "TEXTILE_NEWS_FLUSH_SECONDS": 3600,
            "TEXTILE_NEWS_WRITER_PROCESS": process,
            "TEXTILE_NEWS_WRITER_NICE": 0,
            "TEXTILE_NEWS_MONITORED_FIELDS": ["title", "body"],
        },
    )
    crawler.spider = SjfzxmComSpider.from_crawler(crawler)
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    raw = raw_article()
    for item in (
        raw,
        replace(raw, url="https://www.sjfzxm.com/global/en/576380.html"),
        replace(raw, url="http://91se91.com/global/en/2.html", body="  "),
    ):
        assert store.process_item(item) is item  # leaves as the spider made it
    assert raw.title.startswith("  Fumin") and raw.fetched_at is not None
    store.close_spider()
    with closing(sqlite3.connect(db_file)) as conn:
        stored = conn.execute(
            "SELECT url, title, published_at, source, fetched_at FROM articles"
        ).fetchall()
        rejected = conn.execute("SELECT url, stage, reason FROM rejects").fetchall()
    assert stored == [
        (
            f"{SITE}/576380.html",
            "Fumin Fashion City: Capital Of Southern Style",
            "2020-09-09T23:17:00+08:00",
            "World Clothing, Shoes & Hats Net",
            raw.fetched_at,
        )
    ]
    assert rejected == [(f"{SITE}/2.html", "validate", "no body")]
    stats = crawler.stats.get_stats()
    assert {
        k: v
        for k, v in stats.items()
        if k.startswith("textile_news/") and not k.startswith("textile_news/cpu_us")
    } == {
        "textile_news/articles/new": 1,
        "textile_news/articles/updated": 0,
        "textile_news/articles/unchanged": 0,
        "textile_news/fields/pages": 3,  # validated before the duplicate is seen
        "textile_news/fields/empty/body": 1,
        "textile_news/rejected": 1,
        "textile_news/rejected/validate": 1,
        "textile_news/duplicates": 1,
    }


def test_project_and_distributed_pipelines():
    """One machine: the store pipeline alone (its writer runs the steps); a distributed
    worker runs the steps itself, since its stream carries finished items."""
    assert project_settings().getdict("ITEM_PIPELINES") == {
        "textile_news.pipelines.StorePipeline": 900
    }
    assert worker_settings("redis://127.0.0.1:1", None).getdict("ITEM_PIPELINES") == {
        "textile_news.pipelines.NormalizePipeline": 100,
        "textile_news.pipelines.ValidatePipeline": 200,
        "textile_news.pipelines.DedupePipeline": 300,
        "textile_news.distributed.stream.StreamPipeline": 900,
    }
