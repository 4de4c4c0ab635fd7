"""The archive writer: a crawl's writes to SQLite and to its WARC file, in a process of its own.

A crawl's own process spends its core on fetching and parsing (Twisted, lxml, the page
objects). The archive's share of the work — SQLite with its FTS index and SimHash
fingerprints, and the WARC records with their digests and gzip — is the largest part of
what a real crawl adds to a bare one (docs/benchmarks.md), and it needs nothing from the
crawl but the data. So it runs in a child process, on the other core: the store pipeline
and the capture middleware send it batches down a pipe and apply the counts it sends back
to the crawl's stats. ``TEXTILE_NEWS_WRITER_PROCESS = False`` does the same work in the
crawl's process (one core; unit tests).

Nothing is lost without a trace:

- a batch that cannot be written (a locked archive past the busy timeout, a bad row) is
  logged with its size and first URL and counted in ``textile_news/store_errors``, which
  fails the crawl (extensions.crawl_failed);
- a file that cannot be written (a full disk: the archive, the WARC file) stops the crawl,
  with one line naming the file (textile_news/pipeline/write_faults.py);
- nothing sent to a writer that dies is lost (issue 13, item 2): the crawl numbers each
  message and keeps it until the writer reports it committed (a batch: its transaction; a
  page: its ``captures`` row). When the writer dies, the crawl writes the messages it kept
  in its own process (a batch written twice is the same rows: ``write_batch`` keeps one per
  URL), and the rest of the crawl too; ``textile_news/writer_failures`` counts the deaths.
  The counts of a message come with its confirmation, so none is counted twice; and just
  before each commit the writer says what the archive will hold once it is done (a
  :class:`Prepared` witness), so that a writer killed between its commit and its report
  has its batch neither written again nor counted as "unchanged";
- a crawl killed at any moment leaves a valid archive: each batch is one transaction, each
  WARC record one whole gzip member, and a writer whose crawl died writes what it was sent
  (it reads the end of the pipe), then exits.

What the crawl keeps is bounded by the pipe (what the writer has not read yet), one batch
(what it is writing) and the pages of one ``captures`` batch (``TEXTILE_NEWS_BATCH_SIZE``
pages, or ``TEXTILE_NEWS_FLUSH_SECONDS`` of them); the writer keeps no page once written.

Run as ``python -m textile_news.pipeline.writer READ_FD WRITE_FD CONFIG_JSON`` by
:class:`ArchiveWriter`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from textile_news import sites
from textile_news.archive.captures import write_captures
from textile_news.archive.db import db_path, open_db
from textile_news.archive.files import real_path
from textile_news.archive.furniture import LearnsFurniture
from textile_news.archive.witness import Witness, batch_witness, captures_witness, committed
from textile_news.archive.write import DUPLICATE_DISTANCE, BatchResult, write_batch
from textile_news.items import Article, Reject
from textile_news.pipeline import write_faults
from textile_news.pipeline.processing import MONITORED_FIELDS, ItemProcessor
from textile_news.pipeline.warc import (
    WarcFile,
    response_record,
    warc_date,
    warc_root,
    warcinfo_record,
)
from textile_news.pipeline.write_faults import WriteFault
from textile_news.text import taxonomy

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from sqlite_utils import Database

logger = logging.getLogger(__name__)

# Counts a report carries, added to the crawl's stats under ``textile_news/<key>``.
Counts = dict[str, int]
# Big enough for a few dozen pages in flight while the writer starts (Linux only; elsewhere
# the pipe keeps its default size and the crawl waits for the writer sooner).
_PIPE_BYTES = 1 << 20
# Fetched pages sent to the writer in one message: fewer, larger writes to the pipe.
_CAPTURES_PER_MESSAGE = 16


class WriterError(Exception):
    """The writer process cannot be started or has stopped."""


@dataclass(frozen=True)
class WriterConfig:
    """What a writer needs to know: where to write, and how."""

    db_file: str
    # SimHash bits apart under which two articles are one story (negative: no linking)
    duplicate_distance: int = DUPLICATE_DISTANCE
    # the WARC file of the crawl goes into this folder; None: no captures expected
    warc_folder: str | None = None
    # captures index rows written per transaction, and at the latest after this many seconds
    batch_size: int = 200
    flush_seconds: float = 2.0
    # a vocabulary file merged over the packaged taxonomy; None: $TEXTILE_NEWS_TAXONOMY
    taxonomy: str | None = None
    # added to the writer process's niceness (TEXTILE_NEWS_WRITER_NICE)
    nice: int = 0
    # how raw items are normalised (processing.ItemProcessor): the spider's zone and host
    # aliases, and the fields whose emptiness is counted (TEXTILE_NEWS_MONITORED_FIELDS)
    timezone: str | None = None  # None: the site states none (text.dates.page_zone)
    host_aliases: tuple[tuple[str, str], ...] = ()
    monitored_fields: tuple[str, ...] = MONITORED_FIELDS
    # whether the site learns the lines its pages repeat, and stores bodies without them
    # (archive/furniture.py; TEXTILE_NEWS_SITE_FURNITURE)
    learns_furniture: bool = False


class Fetched(NamedTuple):
    """One response to keep as a WARC record and index in ``captures`` (a tuple: cheap to
    send)."""

    url: str  # canonical
    fetched_url: str
    site: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    protocol: str | None = None
    ip_address: str | None = None
    run_id: int | None = None
    declared_encoding: str | None = None  # the charset label the page gave, as written
    encoding: str | None = None  # the encoding that decoded it


class Prepared(NamedTuple):
    """Messages whose work is written and about to be committed: if the writer dies before
    it confirms them, the archive tells whether they were (``witness``), and ``counts`` are
    theirs if so."""

    seqs: tuple[int, ...]
    witness: Witness
    counts: Counts


@dataclass
class Report:
    """What the writer did since its last report: counts, errors to log, the messages it
    has committed, and the first file it could not write."""

    counts: Counts = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # numbers of the messages whose work is committed (or failed and counted): the crawl
    # forgets them
    done: list[int] = field(default_factory=list)
    fault: WriteFault | None = None
    prepared: Prepared | None = None  # sent on its own, just before a commit

    def add(self, key: str, count: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + count

    def urgent(self) -> bool:
        """Whether it says more than counts: those wait for the report that confirms their
        message, or they would be counted again when the message is written again."""
        return bool(self.done or self.errors or self.fault or self.prepared)

    def __bool__(self) -> bool:
        return bool(self.counts or self.urgent())


class ArchiveWork:
    """The writes themselves, the same in the writer process and inline.

    :param tell: sends a report at once (the writer process: what it is about to commit)
    :param learns_furniture: which sites learn their furniture, for a writer of several
        sites' items (the distributed archive worker); default: the crawl's site does when
        ``config.learns_furniture``
    """

    def __init__(
        self,
        config: WriterConfig,
        tell: Callable[[Report], None] | None = None,
        learns_furniture: LearnsFurniture | None = None,
    ) -> None:
        self.config = config
        self.learns_furniture = learns_furniture or (lambda site: config.learns_furniture)
        self.tell = tell
        self.doing: int | None = None  # the number of the batch message being done
        self.db_file = Path(config.db_file)
        self._db: Database | None = None
        self.warc: WarcFile | None = None
        self.captures: list[dict[str, Any]] = []
        # the messages whose pages are in ``captures``, and their counts: both reported once
        # the rows are committed
        self.unindexed: list[int] = []
        self.capture_counts: Counts = {}
        self.report = Report()
        self.last_flush = time.monotonic()
        self._vocabulary: taxonomy.Vocabulary | None = None
        self.processor = ItemProcessor(
            config.timezone, config.host_aliases, config.monitored_fields
        )

    def db(self) -> Database:
        if self._db is None:
            self._db = open_db(self.db_file)
        return self._db

    def vocabulary(self) -> taxonomy.Vocabulary:
        """The taxonomy that tags the articles, loaded once (its regexes take a moment)."""
        if self._vocabulary is None:
            self._vocabulary = taxonomy.Vocabulary.load(self.config.taxonomy)
        return self._vocabulary

    def process(self, items: list[Article | Reject], run_id: int | None = None) -> None:
        """Normalise, validate and dedupe a batch of items as the spider made them, then
        store what comes out, in one transaction."""
        articles, rejects = self.processor.process(items, run_id)
        for key, count in self.processor.take_counts().items():
            self.report.add(key, count)
        if articles or rejects:
            self.write(articles, rejects)

    def write(self, articles: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> None:
        """Store one batch of articles and rejects (finished rows), in one transaction."""
        seq = self.doing

        def prepared(result: BatchResult) -> None:
            # the hash stored, which a body without its site's furniture changes
            witness = batch_witness(articles, rejects, result.first_hash)
            if self.tell is not None and witness is not None and seq is not None:
                counts = _merged(self.report.counts, _batch_counts(result))
                self.tell(Report(prepared=Prepared((seq,), witness, counts)))

        try:
            result = write_batch(
                self.db(),
                articles,
                rejects,
                duplicate_distance=self.config.duplicate_distance,
                vocabulary=self.vocabulary(),
                before_commit=prepared,
                learns_furniture=self.learns_furniture,
            )
        except Exception as exc:
            self.report.add("store_errors", len(articles) + len(rejects))
            if self._faulted(exc, self.db_file):
                return
            first = (articles or rejects)[0].get("url") if (articles or rejects) else None
            self.report.errors.append(
                f"{len(articles)} article(s) and {len(rejects)} reject(s) not written "
                f"(first: {first}): {type(exc).__name__}: {exc}"
            )
            return
        for key, count in _batch_counts(result).items():
            self.report.add(key, count)

    def capture(self, fetched: list[Fetched], seq: int | None = None) -> None:
        """Append the pages to the crawl's WARC file; index them with the next batch (message
        ``seq`` is committed with it)."""
        for page in fetched:
            try:
                self._capture(page)
            except OSError as exc:
                self.report.add("captures/errors")
                where = self.warc.path if self.warc else Path(self.config.warc_folder or ".")
                if not self._faulted(exc, where):
                    self.report.errors.append(
                        f"cannot store the original of {page.fetched_url}: {exc}"
                    )
        if seq is not None:
            self.unindexed.append(seq)
        if (
            len(self.captures) >= self.config.batch_size
            or time.monotonic() - self.last_flush >= self.config.flush_seconds
        ):
            self.flush()

    def _capture(self, fetched: Fetched) -> None:
        if self.warc is None:
            if self.config.warc_folder is None:
                raise OSError("no WARC folder configured")
            self.warc = WarcFile.create(Path(self.config.warc_folder), fetched.fetched_at)
            self.warc.append(warcinfo_record(self.warc.path.name, warc_date(fetched.fetched_at)))
        record = response_record(
            fetched.fetched_url,
            fetched.status,
            fetched.headers,
            fetched.body,
            warc_date=warc_date(fetched.fetched_at),
            protocol=fetched.protocol,
            ip_address=fetched.ip_address,
        )
        offset = self.warc.append(record)
        self.captures.append(
            {
                "url": fetched.url,
                "fetched_url": fetched.fetched_url,
                "site": fetched.site,
                "fetched_at": fetched.fetched_at.isoformat(timespec="seconds"),
                "status": fetched.status,
                "warc_file": self.warc.path.relative_to(self.db_file.parent).as_posix(),
                "warc_offset": offset,
                "warc_length": len(record),
                "body_bytes": len(fetched.body),
                "run_id": fetched.run_id,
                "declared_encoding": fetched.declared_encoding,
                "encoding": fetched.encoding,
            }
        )
        counts = self.capture_counts
        counts["captures/records"] = counts.get("captures/records", 0) + 1
        counts["captures/bytes"] = counts.get("captures/bytes", 0) + len(record)

    def flush(self) -> None:
        """Index the captures whose records are written (every one: each is written whole)."""
        self.last_flush = time.monotonic()
        rows, self.captures = self.captures, []
        done, self.unindexed = self.unindexed, []
        counts, self.capture_counts = self.capture_counts, {}
        self.report.done += done
        if not rows:
            return
        witness = captures_witness(rows)

        def prepared() -> None:
            if self.tell is not None and witness is not None and done:
                merged = _merged(self.report.counts, counts)
                self.tell(Report(prepared=Prepared(tuple(done), witness, merged)))

        try:
            write_captures(self.db(), rows, before_commit=prepared)
        except Exception as exc:
            self.report.add("captures/errors", len(rows))
            if not self._faulted(exc, self.db_file):
                self.report.errors.append(
                    f"{len(rows)} capture(s) not indexed (first: {rows[0]['fetched_url']}): "
                    f"{type(exc).__name__}: {exc}"
                )
            return
        for key, count in counts.items():
            self.report.add(key, count)

    def _faulted(self, exc: Exception, path: Path) -> bool:
        """Whether ``exc`` is a write fault of ``path``: reported as the report's fault, not
        as an error to log (the crawl stops on the first; the next batches fail alike)."""
        fault = write_faults.classify(exc, path)
        if fault is not None and self.report.fault is None:
            self.report.fault = fault
        return fault is not None

    def do(self, message: tuple[Any, ...]) -> None:
        """What a message from the crawl asks: ``(kind, number, ...)``, kind ``process``,
        ``write`` or ``capture``; the number (None: nothing to confirm) is reported done
        once its work is committed."""
        kind, seq = message[0], message[1]
        if kind == "capture":
            self.capture(message[2], seq)
            return
        self.doing = seq
        try:
            if kind == "process":
                self.process(message[2], message[3])
            else:
                self.write(message[2], message[3])
        finally:
            self.doing = None
        if seq is not None:
            self.report.done.append(seq)

    def take_report(self) -> Report:
        report, self.report = self.report, Report()
        return report

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self.warc is not None:
                self.warc.close()
                self.warc = None
            if self._db is not None:
                self._db.close()
                self._db = None


class ArchiveWriter:
    """The crawl's end: sends batches to the writer process (or does them inline) and adds
    what it reports to the crawl's stats.

    :param stats: the crawl's stats collector; reports are added to it as they arrive
    :param process: write in a child process (else in this one)
    :param on_fault: called with the first file that cannot be written (a full disk)
    """

    def __init__(
        self,
        config: WriterConfig,
        stats: StatsCollector,
        *,
        process: bool = True,
        on_fault: Callable[[WriteFault], None] | None = None,
    ) -> None:
        self.config = config
        self.stats = stats
        self.on_fault = on_fault
        self.fault: WriteFault | None = None
        self.inline: ArchiveWork | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.conn_out: Connection | None = None
        self.conn_in: Connection | None = None
        self.closed = False
        self.fetched: list[Fetched] = []  # captures not sent yet
        # messages sent to the writer process and not yet reported committed, by number:
        # what the crawl writes itself if the writer dies
        self.unconfirmed: dict[int, tuple[Any, ...]] = {}
        # of those, the ones the writer was committing (by number): done if the archive says so
        self.prepared: dict[int, Prepared] = {}
        self.sent = 0
        if process:
            try:
                self._start()
            except OSError as exc:
                self._fail(f"cannot start the archive writer: {exc}")
        else:
            self.inline = ArchiveWork(config)
            self.inline.db()  # an archive that cannot be opened is an error now, not later

    def _start(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        _grow_pipe(to_child_w)
        # the writer confirms each batch: room for many reports while the crawl is busy
        _grow_pipe(from_child_w)
        args = [
            sys.executable,
            "-m",
            "textile_news.pipeline.writer",
            str(to_child_r),
            str(from_child_w),
            json.dumps(asdict(self.config)),
        ]
        try:
            # its own session: a Ctrl-C meant for the crawl must not stop the writer before
            # the crawl has sent it the last batch
            self.proc = subprocess.Popen(
                args, pass_fds=(to_child_r, from_child_w), start_new_session=True
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.conn_out = Connection(to_child_w, readable=False)
        self.conn_in = Connection(from_child_r, writable=False)

    # --- the crawl's side ---------------------------------------------------

    def process(self, items: list[Article | Reject], run_id: int | None = None) -> None:
        """Normalise, validate, dedupe and store a batch of raw items (now, or as soon as
        the writer gets to it)."""
        self._send_captures()
        if items:
            self._send("process", items, run_id)

    def write(self, articles: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> None:
        """Store a batch of finished rows (now, or as soon as the writer gets to it)."""
        self._send_captures()
        if articles or rejects:
            self._send("write", articles, rejects)

    def capture(self, fetched: Fetched) -> None:
        """Keep a fetched page as a WARC record (sent with the next few)."""
        self.fetched.append(fetched)
        if len(self.fetched) >= _CAPTURES_PER_MESSAGE or self.inline is not None:
            self._send_captures()

    def _send_captures(self) -> None:
        if self.fetched:
            fetched, self.fetched = self.fetched, []
            self._send("capture", fetched)

    def poll(self) -> None:
        """Add every report the writer sent so far to the stats (never waits)."""
        if self.inline is not None:
            self._apply(self.inline.take_report())
            return
        conn = self.conn_in
        try:
            while conn is not None and conn.poll():
                report = conn.recv()
                if report is None:  # its last word, unasked for: it has stopped
                    raise EOFError
                self._apply(report)
        except (EOFError, OSError):
            self._died()

    def close(self) -> None:
        """Write what is pending, wait for the writer to finish, add its last report."""
        if self.closed:
            return
        self._send_captures()
        self.closed = True
        if self.inline is not None:
            self.inline.close()
            self._apply(self.inline.take_report())
            return
        assert self.conn_out is not None and self.conn_in is not None
        try:
            self.conn_out.send(("close",))
            self.conn_out.close()
            while (message := self.conn_in.recv()) is not None:
                self._apply(message)
        except (EOFError, OSError):
            self._died()
        else:
            self.conn_in.close()
            self._reap()
        if self.inline is not None:  # the writer died: whatever came after is written here
            self.inline.close()
            self._apply(self.inline.take_report())

    # --- inside ---------------------------------------------------------------

    def _send(self, kind: str, *payload: Any) -> None:
        if self.conn_out is not None:
            self.sent += 1
            message = (kind, self.sent, *payload)
            self.unconfirmed[self.sent] = message
            # the writer stops when its report pipe is full: keep that pipe drained (and
            # learn of a writer that died, which redoes this message too)
            self.poll()
            if self.conn_out is not None:
                try:
                    self.conn_out.send(message)
                except OSError:
                    self._died()
            return
        assert self.inline is not None
        self.inline.do((kind, None, *payload))
        self._apply(self.inline.take_report())

    def _apply(self, report: Report) -> None:
        if report.prepared is not None:  # counted when confirmed, or when the writer dies
            self.prepared.update(dict.fromkeys(report.prepared.seqs, report.prepared))
        for seq in report.done:
            self.unconfirmed.pop(seq, None)
            self.prepared.pop(seq, None)
        for key, count in report.counts.items():
            self.stats.inc_value(f"textile_news/{key}", count)
        for error in report.errors:
            logger.error("archive writer: %s", error)
        if report.fault is not None and self.fault is None:
            self.fault = report.fault
            if self.on_fault is not None:
                self.on_fault(report.fault)
            else:
                logger.error("archive writer: %s", report.fault.message)

    def _died(self) -> None:
        """The writer process is gone: write what it did not confirm, and everything after,
        in this process."""
        self._drain()
        code = self._reap()
        work = ArchiveWork(self.config)
        self._settle(work)
        redo = list(self.unconfirmed.values())
        self.unconfirmed.clear()
        self._fail(
            f"the archive writer process stopped (exit status {code}); "
            f"{len(redo)} unconfirmed message(s) are written again",
            level=logging.WARNING,
            work=work,
        )
        assert self.inline is not None
        for message in redo:  # in the order sent: a later batch may update an earlier one
            self.inline.do(message)
            self._apply(self.inline.take_report())

    def _settle(self, work: ArchiveWork) -> None:
        """Confirm the messages the writer died committing, if their commit is in the archive
        (their counts are those it sent before the commit): they are not written twice."""
        batches = {id(p): p for p in self.prepared.values()}.values()
        self.prepared = {}
        for batch in batches:
            try:
                done = committed(work.db(), batch.witness)
            except Exception:  # the archive cannot tell: written again, to be safe
                done = False
            if done:
                self._apply(Report(counts=batch.counts, done=list(batch.seqs)))

    def _drain(self) -> None:
        """Apply the reports the writer sent before it died: what they confirm is done."""
        conn = self.conn_in
        if conn is None or conn.closed:
            return
        try:
            while True:
                if not conn.poll(5):
                    if self.proc is None:
                        return
                    # alive but silent: it could still commit what is about to be redone
                    self.proc.kill()
                    continue
                report = conn.recv()
                if report is None:
                    return
                self._apply(report)
        except (EOFError, OSError):
            return

    def _fail(
        self, message: str, level: int = logging.ERROR, work: ArchiveWork | None = None
    ) -> None:
        logger.log(level, "%s; writing in the crawl's process from now on", message)
        self.stats.inc_value("textile_news/writer_failures")
        for conn in (self.conn_out, self.conn_in):
            if conn is not None and not conn.closed:
                conn.close()
        self.conn_out = self.conn_in = None
        self.inline = work or ArchiveWork(self.config)

    def _reap(self) -> int | None:
        if self.proc is None:
            return None
        try:
            code = self.proc.wait(timeout=600)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.proc = None
        return code


def _batch_counts(result: BatchResult) -> Counts:
    counts = {
        "articles/new": result.new,
        "articles/updated": result.updated,
        "articles/unchanged": result.unchanged,
    }
    if result.cleaned:  # stored articles that lost furniture their site just learnt
        counts["articles/cleaned"] = result.cleaned
    return counts


def _merged(counts: Counts, more: Counts) -> Counts:
    return {key: counts.get(key, 0) + more.get(key, 0) for key in {*counts, *more}}


def _grow_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


# --- the writer process -------------------------------------------------------


def serve(conn_in: Connection, conn_out: Connection, config: WriterConfig) -> None:
    """Do what the crawl sends until it says "close" or goes away, reporting as it goes."""
    work = ArchiveWork(config, tell=lambda report: _tell(conn_out, report))
    try:
        try:
            work.db()
        except Exception as exc:  # each batch will fail and be counted
            work.report.errors.append(f"cannot open {config.db_file}: {exc}")
        while True:
            timeout = max(0.0, config.flush_seconds - (time.monotonic() - work.last_flush))
            if not conn_in.poll(timeout):
                work.flush()  # a quiet crawl: index what is written
            else:
                try:
                    message = conn_in.recv()
                except EOFError:  # the crawl is gone: what it sent is written, nothing more
                    break
                if message[0] == "close":
                    break
                started = time.process_time()
                normalizing = work.report.counts.get("cpu_us/normalize", 0)
                work.do(message)
                # the writer's CPU, for the per-page split a benchmark reports: its
                # normalisation is counted apart (cpu_us/normalize)
                used = round((time.process_time() - started) * 1e6)
                normalizing = work.report.counts.get("cpu_us/normalize", 0) - normalizing
                work.report.add("cpu_us/store", used - normalizing)
                if not work.report.urgent():  # pages written, their rows not yet committed
                    continue
            report = work.take_report()
            if report:
                _tell(conn_out, report)
    finally:
        work.close()
        _tell(conn_out, work.take_report())
        _tell(conn_out, None)


def _tell(conn: Connection, message: Report | None) -> None:
    # nobody may listen any more; the archive holds what was written
    with contextlib.suppress(OSError):
        conn.send(message)


def main(argv: Iterable[str] | None = None) -> int:
    read_fd, write_fd, config_json = list(argv if argv is not None else sys.argv[1:])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config = WriterConfig(**json.loads(config_json))
    if config.nice:
        with contextlib.suppress(OSError):  # not permitted: write at the crawl's priority
            os.nice(config.nice)
    conn_in = Connection(int(read_fd), writable=False)
    conn_out = Connection(int(write_fd), readable=False)
    logging.basicConfig(level=logging.WARNING, format="textile-news writer: %(message)s")
    serve(conn_in, conn_out, config)
    return 0


# --- one writer per crawl, shared by the store pipeline and the capture middleware ----

_writers: WeakKeyDictionary[Crawler, ArchiveWriter] = WeakKeyDictionary()


def site_zone(crawler: Crawler) -> str | None:
    """The zone of the crawl's site, from the catalogue (``TEXTILE_NEWS_SITES`` included):
    None for a spider without an entry (``generic:HOST``)."""
    assert crawler.spider is not None
    found = sites.catalogue(crawler.settings.get("TEXTILE_NEWS_SITES"))
    return found.timezone(crawler.spider.name)


def learns_furniture(crawler: Crawler) -> bool:
    """Whether the crawl's site learns its furniture: one extracted generically, unless
    ``TEXTILE_NEWS_SITE_FURNITURE`` is off."""
    assert crawler.spider is not None
    if not crawler.settings.getbool("TEXTILE_NEWS_SITE_FURNITURE", True):
        return False
    found = sites.catalogue(crawler.settings.get("TEXTILE_NEWS_SITES"))
    return found.learns_furniture(crawler.spider.name)


def writer_for(crawler: Crawler) -> ArchiveWriter:
    """The crawl's writer, started on first use (when the spider is open)."""
    writer = _writers.get(crawler)
    if writer is None or writer.closed:
        assert crawler.spider is not None and crawler.stats is not None
        settings = crawler.settings
        # the real file: its originals go beside it, and are indexed relative to its folder
        db_file = real_path(db_path(settings.get("TEXTILE_NEWS_DB")))
        warc_folder = None
        if settings.getbool("TEXTILE_NEWS_CAPTURE"):
            warc_folder = str(warc_root(db_file) / crawler.spider.name)
        config = WriterConfig(
            db_file=str(db_file),
            duplicate_distance=settings.getint(
                "TEXTILE_NEWS_DUPLICATE_DISTANCE", DUPLICATE_DISTANCE
            ),
            warc_folder=warc_folder,
            batch_size=settings.getint("TEXTILE_NEWS_BATCH_SIZE", 200),
            flush_seconds=settings.getfloat("TEXTILE_NEWS_FLUSH_SECONDS", 2.0),
            taxonomy=settings.get("TEXTILE_NEWS_TAXONOMY") or None,
            nice=settings.getint("TEXTILE_NEWS_WRITER_NICE", 0),
            timezone=site_zone(crawler),
            host_aliases=tuple(sorted(getattr(crawler.spider, "host_aliases", {}).items())),
            monitored_fields=tuple(settings.getlist("TEXTILE_NEWS_MONITORED_FIELDS")),
            learns_furniture=learns_furniture(crawler),
        )
        process = settings.getbool("TEXTILE_NEWS_WRITER_PROCESS", True)
        writer = _writers[crawler] = ArchiveWriter(
            config,
            crawler.stats,
            process=process,
            on_fault=lambda fault: write_faults.stop_crawl(crawler, fault),
        )
    return writer


def close_writer(crawler: Crawler) -> None:
    """Finish the crawl's writes (a no-op when they are finished or never began)."""
    writer = _writers.pop(crawler, None)
    if writer is not None:
        writer.close()


if __name__ == "__main__":
    # through the module, not __main__: what the two processes pickle must name the same
    # classes on both sides
    from textile_news.pipeline import writer

    raise SystemExit(writer.main())
