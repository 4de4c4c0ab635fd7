"""The one archive writer of a distributed crawl: the items stream into SQLite.

Workers on any machine add items to ``textile_news:items`` (stream.py), normalised,
validated and deduped by the crawl's processor (``processing.ItemProcessor``) in their
pipelines. This reads them as the consumer group ``archive`` (XREADGROUP) and checks each
article with that processor's validation once more, so that an entry no worker processed
(an older or foreign worker, one added by hand) becomes the crawl's reject instead of an
article without a title or a date, or a batch the archive refuses. (Its normalisation is
not run again: it would cost the writer 15% of its rate, for entries that had it.) Then it
writes each batch in one transaction with the store pipeline's own code
(``writer.ArchiveWork`` -> ``write.write_batch``), and only
then acknowledges and deletes the batch's entries (XACK, XDEL). A writer killed mid-batch
has written nothing of it (the transaction rolls back) and has acknowledged nothing: on
start it first reads its own pending entries again, and claims those another consumer left
pending (XAUTOCLAIM). An item written twice (a page fetched again by a requeued or retried
request) is stored once: ``write_batch`` keeps one row per URL, and an unchanged article
only gets its ``last_seen_at`` moved.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from textile_news import sites
from textile_news.archive.write import DUPLICATE_DISTANCE
from textile_news.distributed import ALL_WORKERS, ITEMS_GROUP, ITEMS_STREAM
from textile_news.distributed.stream import ARTICLE, decode
from textile_news.pipeline.processing import ItemProcessor, article_from_row, rows
from textile_news.pipeline.writer import ArchiveWork, WriterConfig

logger = logging.getLogger(__name__)

# an entry pending this long at another consumer (a writer under another name that
# died) is taken over
CLAIM_IDLE_MS = 60_000


class WriteError(Exception):
    """A batch could not be written; its entries stay pending for the next start."""


@dataclass
class WriterStats:
    """What the writer did."""

    entries: int = 0
    articles: int = 0
    rejects: int = 0
    unreadable: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    batches: int = 0
    recovered: int = 0  # entries read again: pending from a writer that stopped
    seconds: float = 0.0
    write_seconds: float = 0.0  # of which writing (and acknowledging), not waiting

    def rate(self) -> float:
        """Items written a second while there were items to write."""
        return self.entries / self.write_seconds if self.write_seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"archive-worker: {self.entries} items in {self.batches} batches "
            f"({self.articles} articles: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.rejects} rejects; "
            f"{self.recovered} recovered, {self.unreadable} unreadable) "
            f"in {self.seconds:.1f} s; {self.rate():.0f} items/s while writing"
        )


def live_workers(server: redis.Redis) -> int:
    """Crawl workers (any site) whose heartbeat is alive."""
    beats = list(server.smembers(ALL_WORKERS))
    if not beats:
        return 0
    return int(server.exists(*beats))


class ArchiveConsumer:
    """Reads the items stream as one consumer of the ``archive`` group, writes batches.

    :param batch: entries read and written per transaction, at most
    :param consumer: this writer's name in the group: a writer restarted under the same
        name reads its own pending entries first
    """

    def __init__(
        self,
        server: redis.Redis,
        db_file: str | Path,
        *,
        batch: int = 200,
        consumer: str = "archive",
        duplicate_distance: int = DUPLICATE_DISTANCE,
        block_ms: int = 500,
    ) -> None:
        self.server = server
        self.batch = batch
        self.consumer = consumer
        self.block_ms = block_ms
        self.work = ArchiveWork(
            WriterConfig(db_file=str(db_file), duplicate_distance=duplicate_distance),
            # items of every site come down one stream: each site learns as its crawl would
            learns_furniture=sites.packaged().learns_furniture,
        )
        self.stats = WriterStats()
        # validation needs no site; no dedupe: the stream outlives a crawl, and a URL comes
        # again with the next crawl's version of the article
        self.processor = ItemProcessor()

    def ensure_group(self) -> None:
        """The consumer group, reading from the stream's first entry (created if need be)."""
        try:
            self.server.xgroup_create(ITEMS_STREAM, ITEMS_GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def run(self, until_idle: float | None = None) -> WriterStats:
        """Write until stopped (Ctrl-C), or with ``until_idle`` until the stream has been
        empty and no crawl worker alive for that many seconds."""
        started = time.monotonic()
        self.ensure_group()
        self.work.db()  # an archive that cannot be opened is an error now
        try:
            self._recover()
            last_entry = last_claim = time.monotonic()
            while True:
                entries = self._read(">", block=True)
                if entries:
                    self._write(entries)
                    last_entry = time.monotonic()
                now = time.monotonic()
                if now - last_claim >= CLAIM_IDLE_MS / 1000:
                    self._claim()
                    last_claim = now
                if (
                    until_idle is not None
                    and not entries
                    and now - last_entry >= until_idle
                    and not live_workers(self.server)
                ):
                    break
        finally:
            self.stats.seconds = time.monotonic() - started
            self.work.close()
        return self.stats

    def _recover(self) -> None:
        """Entries this consumer read and never acknowledged (a writer killed mid-batch),
        then those another consumer left pending too long."""
        while entries := self._read("0"):
            self.stats.recovered += len(entries)
            self._write(entries)
        self._claim()

    def _claim(self) -> None:
        cursor = "0-0"
        while True:
            reply: Any = self.server.xautoclaim(
                ITEMS_STREAM, ITEMS_GROUP, self.consumer, CLAIM_IDLE_MS, cursor, count=self.batch
            )
            cursor, entries = reply[0], reply[1]
            if entries:
                self.stats.recovered += len(entries)
                self._write(entries)
            if cursor in (b"0-0", "0-0") or not entries:
                return

    def _read(self, start: str, *, block: bool = False) -> list[tuple[bytes, Any]]:
        reply: Any = self.server.xreadgroup(
            ITEMS_GROUP,
            self.consumer,
            {ITEMS_STREAM: start},
            count=self.batch,
            block=self.block_ms if block else None,
        )
        return list(reply[0][1]) if reply else []

    def _write(self, entries: list[tuple[bytes, Any]]) -> None:
        started = time.perf_counter()
        articles: list[dict[str, Any]] = []
        rejects: list[dict[str, Any]] = []
        for entry_id, fields in entries:
            if not fields:  # deleted after it was read: nothing left to write
                continue
            try:
                kind, data = decode(fields)
            except (ValueError, KeyError, json.JSONDecodeError) as exc:
                logger.error("stream entry %s skipped: %s", entry_id.decode(), exc)
                self.stats.unreadable += 1
                continue
            if kind == ARTICLE:
                try:
                    item = self.processor.validate(article_from_row(data))
                except TypeError as exc:  # not the fields of an article
                    logger.error("stream entry %s skipped: %s", entry_id.decode(), exc)
                    self.stats.unreadable += 1
                    continue
                done, rejected = rows([item])
                articles += done
                rejects += rejected
            else:
                rejects.append(data)
        self.processor.take_counts()  # the workers' stats have them
        if articles or rejects:
            self.work.write(articles, rejects)
            report = self.work.take_report()
            if report.errors or report.fault:  # a full disk too: the entries stay
                raise WriteError(report.fault.message if report.fault else report.errors[0])
            self.stats.new += report.counts.get("articles/new", 0)
            self.stats.updated += report.counts.get("articles/updated", 0)
            self.stats.unchanged += report.counts.get("articles/unchanged", 0)
        ids = [entry_id for entry_id, _ in entries]
        # committed: now, and only now, the entries may go
        with self.server.pipeline() as pipe:
            pipe.xack(ITEMS_STREAM, ITEMS_GROUP, *ids)
            pipe.xdel(ITEMS_STREAM, *ids)
            pipe.execute()
        self.stats.entries += len(entries)
        self.stats.articles += len(articles)
        self.stats.rejects += len(rejects)
        self.stats.batches += 1
        self.stats.write_seconds += time.perf_counter() - started
