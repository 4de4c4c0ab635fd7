"""Stored originals: every fetched article page as a WARC record, indexed in ``captures``.

Issue 3, item 8 ("Keep the original pages"): an archiver keeps its sources, so that today's
page objects can re-read yesterday's pages (``textile-news reextract``) and other WARC tools
can replay them. One gzipped WARC file per crawl of a site, beside the archive::

    <archive's folder>/warc/<site>/<UTC timestamp>-<pid>.warc.gz
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import time
import uuid
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.warcwriter import WARCWriter

from textile_news import __version__, storage
from textile_news.normalize import canonical_url_cached

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from sqlite_utils import Database

logger = logging.getLogger(__name__)

WARC_DIR = "warc"
# Scrapy hands over bodies already de-chunked: a reader that believed this header would try
# to de-chunk them again.
_UNDONE_HEADERS = {"transfer-encoding"}


class CaptureError(Exception):
    """A stored original cannot be read back; the message says which and why."""


def warc_root(db_file: str | os.PathLike[str]) -> Path:
    """The folder that holds an archive's WARC files: ``warc/`` beside the SQLite file."""
    return Path(db_file).parent / WARC_DIR


def response_record(
    url: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    warc_date: str,
    protocol: str | None = None,
    ip_address: str | None = None,
) -> bytes:
    """One WARC ``response`` record as a gzip member of its own, ready to append to a file.

    :param headers: the HTTP response headers, in order, one pair per value
    :param body: the payload as received (content-encoded if the server encoded it)
    :param warc_date: the fetch time, ``2026-11-27T17:20:07Z``
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    # WARC readers parse HTTP/1.x status lines only; an HTTP/2 response is written as one.
    protocol = protocol if protocol and protocol.startswith("HTTP/1.") else "HTTP/1.1"
    # Written directly, not through warcio's writer: on the crawl's hot path its per-record
    # overhead was the largest cost of a real crawl (docs/benchmarks.md); warcio reads these
    # records back in the tests, digests included.
    head = f"{protocol} {status} {phrase}".rstrip() + "\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    block = head.encode("latin-1", "replace") + body
    fields = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
        ("WARC-Date", warc_date),
        ("WARC-Target-URI", url),
        *([("WARC-IP-Address", ip_address)] if ip_address else []),
        ("WARC-Payload-Digest", _sha1(body)),
        ("WARC-Block-Digest", _sha1(block)),
        ("Content-Type", "application/http; msgtype=response"),
        ("Content-Length", str(len(block))),
    ]
    record = (
        ("WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + "\r\n").encode("utf-8")
        + block
        + b"\r\n\r\n"
    )
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)  # one gzip member
    return compressor.compress(record) + compressor.flush()


def _sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warcinfo_record(filename: str, warc_date: str) -> bytes:
    """The ``warcinfo`` record that opens each file: who wrote it, and how."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    info = {"software": f"textile_news/{__version__} (Scrapy, warcio)", "format": "WARC/1.0"}
    record = writer.create_warcinfo_record(filename, info)
    record.rec_headers.replace_header("WARC-Date", warc_date)
    writer.write_record(record)
    return out.getvalue()


class WarcFile:
    """A WARC file that grows one whole record at a time.

    Each record is built in memory and appended with one unbuffered write, so a crawl killed
    at any moment leaves only whole gzip members behind: a valid file.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.file = open(path, "xb", buffering=0)  # noqa: SIM115 -- closed by close()
        self.offset = 0

    @classmethod
    def create(cls, folder: Path, now: datetime) -> WarcFile:
        """A new file ``<UTC timestamp>-<pid>.warc.gz`` in ``folder``, never an existing one."""
        stem = f"{now.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}"
        for n in range(1, 1000):
            name = f"{stem}.warc.gz" if n == 1 else f"{stem}-{n}.warc.gz"
            try:
                return cls(folder / name)
            except FileExistsError:
                continue
        raise FileExistsError(f"no free WARC file name for {folder / stem}")

    def append(self, record: bytes) -> int:
        """Write ``record`` at the end of the file; returns its offset."""
        offset = self.offset
        view = memoryview(record)
        while view:
            written = self.file.write(view)
            view = view[written or 0 :]
        self.offset += len(record)
        return offset

    def close(self) -> None:
        self.file.close()


_RAW = "textile_news_raw_response"


class CaptureMiddleware:
    """Downloader middleware: each article response with status 200 goes into the crawl's
    WARC file, and its index row into ``captures`` (in batches, after its record is written).

    It sits between RedirectMiddleware (600) and HttpCompressionMiddleware (590): it sees
    the final response of a redirect chain, with its body as the server sent it, before
    Scrapy decompresses it (and before CharsetMiddleware, 585, re-labels its encoding;
    reextract repeats both steps). A 200 page that MetaRefreshMiddleware (580) later turns
    into a redirect is kept too: it was fetched. Disabled by ``TEXTILE_NEWS_CAPTURE = False``.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.db_file = storage.db_path(settings.get("TEXTILE_NEWS_DB"))
        self.root = warc_root(self.db_file)
        self.batch_size = settings.getint("TEXTILE_NEWS_BATCH_SIZE", 200)
        self.flush_seconds = settings.getfloat("TEXTILE_NEWS_FLUSH_SECONDS", 2.0)
        self.warc: WarcFile | None = None
        self.db: Database | None = None
        self.rows: list[dict[str, Any]] = []
        self.last_flush = time.monotonic()
        self._aliases: tuple[tuple[str, str], ...] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureMiddleware:
        if not crawler.settings.getbool("TEXTILE_NEWS_CAPTURE"):
            raise NotConfigured
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.response_received, signal=signals.response_received)
        return mw

    def process_response(self, request: Request, response: Response) -> Response:
        # Kept aside, not written yet: a later middleware may still refuse the response (a
        # body too large once decompressed); only one that reaches the engine is captured.
        if response.status == 200 and request.meta.get("article"):
            request.meta[_RAW] = response
        return response

    def response_received(self, response: Response, request: Request) -> None:
        raw = request.meta.pop(_RAW, None)
        if raw is None:
            return
        try:
            self.capture(raw)
        except OSError as exc:  # a full disk loses the original, not the article
            logger.error("cannot store the original of %s: %s", raw.url, exc)
            self._stats_inc("textile_news/captures/errors")

    def capture(self, response: Response) -> None:
        spider = self.crawler.spider
        assert spider is not None
        now = datetime.now(UTC)
        if self.warc is None:
            self.warc = WarcFile.create(self.root / spider.name, now)
            self.warc.append(warcinfo_record(self.warc.path.name, _warc_date(now)))
        headers = [
            (key.decode("latin-1"), value.decode("latin-1"))
            for key, values in response.headers.items()
            if key.decode("latin-1").lower() not in _UNDONE_HEADERS
            for value in values
        ]
        record = response_record(
            response.url,
            response.status,
            headers,
            response.body,
            warc_date=_warc_date(now),
            protocol=response.protocol,
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        offset = self.warc.append(record)
        self.rows.append(
            {
                "url": canonical_url_cached(response.url, self.aliases()),
                "fetched_url": response.url,
                "site": spider.name,
                "fetched_at": now.isoformat(timespec="seconds"),
                "status": response.status,
                "warc_file": self.warc.path.relative_to(self.db_file.parent).as_posix(),
                "warc_offset": offset,
                "warc_length": len(record),
                "body_bytes": len(response.body),
            }
        )
        self._stats_inc("textile_news/captures/records")
        self._stats_inc("textile_news/captures/bytes", len(record))
        if (
            len(self.rows) >= self.batch_size
            or time.monotonic() - self.last_flush >= self.flush_seconds
        ):
            self.flush()

    def aliases(self) -> tuple[tuple[str, str], ...]:
        """The spider's ``host_aliases`` as ``pipelines.normalize_article`` uses them."""
        if self._aliases is None:
            host_aliases: Mapping[str, str] = getattr(self.crawler.spider, "host_aliases", {})
            self._aliases = tuple(sorted(host_aliases.items()))
        return self._aliases

    def flush(self) -> None:
        """Index the captures whose records are written (every one: each is written whole)."""
        self.last_flush = time.monotonic()
        if not self.rows:
            return
        if self.db is None:
            self.db = storage.open_db(self.db_file)
        stats = self.crawler.stats
        run_id = stats.get_value("textile_news/run_id") if stats else None
        storage.write_captures(self.db, self.rows, run_id=run_id)
        self.rows = []

    def spider_closed(self) -> None:
        try:
            self.flush()
        finally:
            if self.warc is not None:
                self.warc.close()
                self.warc = None
            if self.db is not None:
                self.db.close()
                self.db = None

    def _stats_inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)


def _warc_date(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- reading ---------------------------------------------------------------


def read_response(path: Path, offset: int, length: int | None = None) -> Response:
    """The Scrapy response stored in the WARC record at ``offset`` of ``path``, as the spider
    got it during the crawl: body decompressed, response class chosen by Scrapy's rules.

    :param length: the record's compressed size (``captures.warc_length``), when known
    :raises CaptureError: the file is missing, or holds no response record there
    """
    try:
        with path.open("rb") as file:
            file.seek(offset)
            stream = BytesIO(file.read(length)) if length else file
            record = next(iter(ArchiveIterator(stream)), None)
            if record is None or record.rec_type != "response" or record.http_headers is None:
                raise CaptureError(f"no response record at {path}:{offset}")
            body = record.content_stream().read()
    except (OSError, EOFError, ValueError, zlib.error, ArchiveLoadFailed) as exc:
        raise CaptureError(f"cannot read {path}:{offset}: {exc}") from None
    url = record.rec_headers.get_header("WARC-Target-URI")
    headers = Headers()
    for key, value in record.http_headers.headers:
        # the body is decoded now, as Scrapy's HttpCompressionMiddleware leaves it
        if key.lower() not in ("content-encoding", *_UNDONE_HEADERS):
            headers.appendlist(key, value)
    status = int(record.http_headers.get_statuscode())
    respcls = responsetypes.from_args(headers=headers, url=url, body=body)
    return respcls(url=url, status=status, headers=headers, body=body)
