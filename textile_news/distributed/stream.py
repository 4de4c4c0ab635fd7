"""Items on their way to the archive: workers add them to a Redis stream, the archive
writer reads them (``archive_worker``).

Each stream entry is one item: ``kind`` (``article`` or ``reject``) and ``data`` (the
JSON of what the store pipeline would have written: ``Article.as_dict()``, or the
reject's fields with ``rejected_at``). Articles arrive normalised and validated by the
worker's pipelines, as in a crawl on one machine; only the storage step moved.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from textile_news.distributed import ITEMS_STREAM, connect
from textile_news.items import Article, Reject
from textile_news.pipeline.processing import reject_row

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

ARTICLE = "article"
REJECT = "reject"


def entry(item: Article | Reject) -> dict[str, str]:
    """The stream entry of an item."""
    if isinstance(item, Article):
        return {"kind": ARTICLE, "data": json.dumps(item.as_dict(), ensure_ascii=False)}
    return {"kind": REJECT, "data": json.dumps(reject_row(item), ensure_ascii=False, default=str)}


def decode(fields: dict[bytes, bytes]) -> tuple[str, dict[str, Any]]:
    """``(kind, data)`` of a stream entry.

    :raises ValueError: not an entry of ours
    """
    kind = fields.get(b"kind", b"").decode()
    if kind not in (ARTICLE, REJECT):
        raise ValueError(f"unknown entry kind {kind!r}")
    data = json.loads(fields[b"data"])
    if not isinstance(data, dict) or not data.get("url"):
        raise ValueError("an entry without a url")
    return kind, data


def send(server: redis.Redis, item: Article | Reject) -> None:
    server.xadd(ITEMS_STREAM, entry(item))  # type: ignore[arg-type]


class StreamPipeline:
    """The store step of a distributed worker: each article and reject goes to the
    ``textile_news:items`` stream (its place in ITEM_PIPELINES is StorePipeline's).

    Sent at once, not batched: a request counts as done (frontier.py) once its items are
    in Redis, so a worker killed at any moment loses none.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.server: redis.Redis | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StreamPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.server = connect(self.crawler.settings.get("TEXTILE_NEWS_REDIS_URL"))

    def close_spider(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article | Reject):
            return item
        assert self.server is not None and self.stats is not None
        send(self.server, item)
        # the rejects are counted by the processor (pipelines.ProcessPipeline)
        if isinstance(item, Article):
            self.stats.inc_value("textile_news/redis/articles_sent")
        else:
            self.stats.inc_value("textile_news/redis/rejects_sent")
        return item
