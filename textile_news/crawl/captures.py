"""Stored originals: every fetched article page as a WARC record, indexed in ``captures``.

Issue 3, item 8 ("Keep the original pages"): an archiver keeps its sources, so that today's
page objects can re-read yesterday's pages (``textile-news reextract``) and other WARC tools
can replay them. One gzipped WARC file per crawl of a site, in a folder named after the
archive (issue 17, item 7; older crawls wrote ``warc/`` and their rows still name it)::

    <archive's folder>/<archive's stem>.warc/<site>/<UTC timestamp>-<pid>.warc.gz
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from textile_news.crawl.middlewares import encodings
from textile_news.pipeline.warc import response_record, warc_root
from textile_news.pipeline.writer import Fetched, close_writer, writer_for
from textile_news.text.urls import canonical_url

__all__ = ["CaptureError", "read_response", "response_record", "warc_root"]

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

# Scrapy hands over bodies already de-chunked: a reader that believed this header would try
# to de-chunk them again.
_UNDONE_HEADERS = {"transfer-encoding"}


class CaptureError(Exception):
    """A stored original cannot be read back; the message says which and why."""


_RAW = "textile_news_raw_response"


class CaptureMiddleware:
    """Downloader middleware: each article response with status 200 goes into the crawl's
    WARC file, and its index row into ``captures``; the crawl's archive writer does both
    (textile_news/pipeline/writer.py), in batches, each row after its record is written.

    It sits between RedirectMiddleware (600) and HttpCompressionMiddleware (590): it sees
    the final response of a redirect chain, with its body as the server sent it, before
    Scrapy decompresses it (and before CharsetMiddleware, 585, re-labels its encoding;
    reextract repeats both steps). A 200 page that MetaRefreshMiddleware (580) later turns
    into a redirect is kept too: it was fetched. Disabled by ``TEXTILE_NEWS_CAPTURE = False``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._aliases: dict[str, str] | None = None

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
        if raw is not None:
            writer_for(self.crawler).capture(self.fetched(raw, response))

    def fetched(self, response: Response, decoded: Response | None = None) -> Fetched:
        """What the writer keeps of ``response``, the page as the server sent it.

        :param decoded: the same page as the engine got it, decompressed and decoded (by
            CharsetMiddleware's choice): its declared charset and the encoding used are
            recorded; without it, those of ``response``
        """
        spider = self.crawler.spider
        assert spider is not None
        stats = self.crawler.stats
        # a page that a later middleware turned into a redirect hands over another page
        page = decoded if decoded is not None and decoded.url == response.url else response
        declared, used = encodings(page)
        return Fetched(
            # not the cached form: each page's URL comes once, and a cache of them would
            # grow with the crawl in the crawl's process
            url=canonical_url(response.url, self.aliases()),
            fetched_url=response.url,
            site=spider.name,
            status=response.status,
            headers=[
                (key.decode("latin-1"), value.decode("latin-1"))
                for key, values in response.headers.items()
                if key.decode("latin-1").lower() not in _UNDONE_HEADERS
                for value in values
            ],
            body=response.body,
            fetched_at=datetime.now(UTC),
            protocol=response.protocol,
            ip_address=str(response.ip_address) if response.ip_address else None,
            run_id=stats.get_value("textile_news/run_id") if stats else None,
            declared_encoding=declared,
            encoding=used,
        )

    def aliases(self) -> Mapping[str, str]:
        """The spider's ``host_aliases``, as the writer's normalisation uses them."""
        if self._aliases is None:
            self._aliases = dict(getattr(self.crawler.spider, "host_aliases", {}))
        return self._aliases

    def spider_closed(self) -> None:
        # the store pipeline closed the writer already, unless there is none
        close_writer(self.crawler)


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
