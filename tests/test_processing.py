"""The steps between a page and the archive, as the archive writer runs them
(textile_news.pipeline.processing.ItemProcessor), and the crawl's pipelines around them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.test import get_crawler

from tests.test_pipelines import SITE, raw_article, valid_article
from textile_news.crawl.runner import project_settings
from textile_news.distributed.worker import worker_settings
from textile_news.items import Reject
from textile_news.pipeline.pipelines import ProcessPipeline, StorePipeline
from textile_news.pipeline.processing import ItemProcessor, normalize_article
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


def enabled_pipelines(settings: dict) -> list[str]:
    """The item pipelines a crawl with these settings runs, in order (those whose
    ``from_crawler`` raises NotConfigured are left out, as Scrapy leaves them out)."""
    crawler = get_crawler(SjfzxmComSpider, settings)
    crawler.spider = SjfzxmComSpider.from_crawler(crawler)
    manager = ItemPipelineManager.from_crawler(crawler)
    return [f"{type(m).__module__}.{type(m).__qualname__}" for m in manager.middlewares]


def test_project_and_distributed_pipelines(tmp_path):
    """One machine: the store pipeline alone (its writer runs the processor), unless the
    crawl exports a feed; a distributed worker runs the processor itself, since its stream
    carries finished items."""
    project = {
        "ITEM_PIPELINES": project_settings().getdict("ITEM_PIPELINES"),
        "TEXTILE_NEWS_DB": str(tmp_path / "a.sqlite"),
    }
    assert enabled_pipelines(project) == ["textile_news.pipeline.pipelines.StorePipeline"]
    feed = {str(tmp_path / "items.jsonl"): {"format": "jsonlines"}}
    assert enabled_pipelines({**project, "FEEDS": feed}) == [
        "textile_news.pipeline.pipelines.ProcessPipeline",
        "textile_news.pipeline.pipelines.StorePipeline",
    ]
    assert enabled_pipelines({**project, "TEXTILE_NEWS_PROCESS_IN_CRAWL": True})[0] == (
        "textile_news.pipeline.pipelines.ProcessPipeline"
    )
    worker = worker_settings("redis://127.0.0.1:1", None, {"TEXTILE_NEWS_PROCESS_IN_CRAWL": False})
    assert worker.getdict("ITEM_PIPELINES") == {
        "textile_news.pipeline.pipelines.ProcessPipeline": 100,
        "textile_news.distributed.stream.StreamPipeline": 900,
    }
    assert worker.getbool("TEXTILE_NEWS_PROCESS_IN_CRAWL")  # whatever -s says


@pytest.mark.parametrize("process", [True, False], ids=["writer process", "inline"])
def test_processed_in_the_crawl_the_archive_gets_the_same_rows_and_counts(tmp_path, process):
    """With ProcessPipeline before it (a crawl with a feed), the store pipeline stores
    what the writer's processor would have: the same rows, the same stats; and each item
    leaves the pipelines as it is stored, which is what a feed exporter gets."""
    outcomes = {}
    for where in ("writer", "crawl"):
        db_file = tmp_path / f"{where}.sqlite"
        settings = {
            "TEXTILE_NEWS_DB": str(db_file),
            "TEXTILE_NEWS_FLUSH_SECONDS": 3600,
            "TEXTILE_NEWS_WRITER_PROCESS": process,
            "TEXTILE_NEWS_WRITER_NICE": 0,
            "TEXTILE_NEWS_PROCESS_IN_CRAWL": where == "crawl",
        }
        crawler = get_crawler(SjfzxmComSpider, settings)
        crawler.spider = SjfzxmComSpider.from_crawler(crawler)
        steps = [ProcessPipeline.from_crawler(crawler)] if where == "crawl" else []
        store = StorePipeline.from_crawler(crawler)
        store.open_spider()
        raw = replace(raw_article(), fetched_at=FETCHED)
        left = []
        for item in (
            raw,
            replace(raw, url="https://www.sjfzxm.com/global/en/576380.html"),
            replace(raw, url="http://91se91.com/global/en/2.html", body="  "),
        ):
            try:
                for step in steps:
                    item = step.process_item(item)
            except DropItem:
                continue
            left.append(store.process_item(item))
        store.close_spider()
        with closing(sqlite3.connect(db_file)) as conn:
            stored = conn.execute(
                "SELECT url, title, published_at, fetched_at, body FROM articles"
            ).fetchall()
            rejected = conn.execute("SELECT url, stage, reason, run_id FROM rejects").fetchall()
        stats = {
            k: v
            for k, v in crawler.stats.get_stats().items()
            if k.startswith("textile_news/") and not k.startswith("textile_news/cpu_us")
        }
        outcomes[where] = stored, rejected, stats
        if where == "crawl":
            article = normalize_article(raw, "Asia/Shanghai", ALIASES)
            assert left == [
                article,
                Reject(
                    url=f"{SITE}/2.html",
                    site="sjfzxm_com",
                    reason="no body",
                    stage="validate",
                    detail={"title": article.title, "published_at": article.published_at},
                ),
            ]
    assert outcomes["crawl"] == outcomes["writer"]
    stored, rejected, stats = outcomes["crawl"]
    assert [row[0] for row in stored] == [f"{SITE}/576380.html"]
    assert rejected == [(f"{SITE}/2.html", "validate", "no body", None)]
    assert stats["textile_news/duplicates"] == 1
