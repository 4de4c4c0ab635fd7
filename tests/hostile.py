"""The hostile site: a replica of sjfzxm.com's English edition, built to misbehave.

What it is
    The offline replica of ``textile_news.demo`` (the reference article and the samples, in
    the markup of ``textile_news.demo.render``) plus one article URL per fault below, served
    on 127.0.0.1. The fault URLs are listed on the home and listing pages like any article
    (``/global/en/<id>.html``), so the real spider follows them. The articles of the fault
    pages were written for this site; none is a copy of a real page.

Faults (``/global/en/<id>.html``)
    910001 slow_headers         no byte for 30 s: longer than the DOWNLOAD_TIMEOUT a test sets
    910002 slow_body            the headers and 99 of 5000 bytes, then nothing for 30 s
    910003 reset_headers        half a header block, then a TCP reset (SO_LINGER 0)
    910004 reset_body           the headers and half the page, then a TCP reset
    910005 closed_silently      the connection closed before any byte
    910006 too_many_requests    429 with Retry-After: 1, then 429 with an HTTP-date
                                Retry-After 2 s ahead, then the article
    910007 unavailable_once     503 once, then the article
    910008 server_error         500 every time
    910009 redirect_loop        302 to /global/en/redirect/910009-b.html, which 302s back
    910010 redirect_chain       302 to .../910010-1.html, which 302s to -2, and on forever
    910011 too_large_declared   a 1 MiB page with its Content-Length
    910012 too_large_streamed   a 1 MiB page with no Content-Length, ended by closing
    910013 gzip_bomb            2 KB of gzip that inflate to a 1 MiB page
    910014 png                  a PNG image, served as image/png
    910015 png_as_html          the same PNG, served as text/html; charset=utf-8
    910020 gbk_header_vs_meta   GBK; the header says iso-8859-1, <meta> says gbk
    910021 gbk_labelled_utf8    GBK; header and <meta> both say utf-8
    910022 gbk_unlabelled       GBK; no charset anywhere
    910023 cp1252_labelled_utf8 windows-1252; header and <meta> both say utf-8
    910024 cp1252_unlabelled    windows-1252; no charset anywhere (Scrapy alone guesses
                                windows-1250 for it: "Naďve Crčme Prints")
    910025 malformed            unclosed tags, stray closers, unquoted attributes, a NUL
                                and bytes that are not UTF-8, in a page labelled UTF-8

    910001-910015 can never become articles except 910006 and 910007, which recover on a
    retry; 910020-910025 are articles that must be stored with their text decoded right.
    The 1 MiB pages are too large for a DOWNLOAD_MAXSIZE of 256 KiB, not for the default.

Use
    with hostile_site() as site:
        site.url                           # "http://127.0.0.1:PORT/"
        site.hits("/global/en/910006.html")  # time.monotonic() of each request to a path

Leaving the ``with`` block wakes the stalled handlers, stops the server, closes open
connections and joins every handler thread (``server_close``).
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from textile_news.demo import render
from textile_news.demo.render import DemoArticle
from textile_news.demo.replica import ARTICLES
from textile_news.demo.server import ArticleSite

STALL = 30.0  # seconds a stalled response waits for (or until the server stops)
TOO_LARGE = 1024 * 1024  # bytes in each oversized response

FAULTS: dict[int, str] = {
    910001: "slow_headers",
    910002: "slow_body",
    910003: "reset_headers",
    910004: "reset_body",
    910005: "closed_silently",
    910006: "too_many_requests",
    910007: "unavailable_once",
    910008: "server_error",
    910009: "redirect_loop",
    910010: "redirect_chain",
    910011: "too_large_declared",
    910012: "too_large_streamed",
    910013: "gzip_bomb",
    910014: "png",
    910015: "png_as_html",
}


def _article(id: int, title: str, published: str, paragraphs: tuple[str, ...]) -> DemoArticle:
    return DemoArticle(
        id=id,
        title=title,
        published=published,
        views=7,
        category="Textile Headlines",
        tags=("Hostile Site",),
        paragraphs=paragraphs,
        contributor="observer of the hostile site Wang Li",
        summary=paragraphs[0][:80],
    )


_ZH = (
    "8月27日，中国纺织工业联合会在北京召开2020年上半年纺织行业经济运行分析会。会议指出，"
    "上半年纺织行业克服疫情影响，生产逐步恢复，出口降幅收窄。",
    "会议认为，下半年纺织行业仍面临较大压力，企业要加快转型升级，积极开拓国内市场，"
    "稳定产业链和供应链。",
    "这是为 textile_news 的故障测试站点编写的样例文章，不是真实网页的副本。",
)
_LATIN = (
    "The Café Textiles atelier’s “naïve” prints won the première award – a first for the "
    "coöperative, whose façade fabrics dress hôtels from Zürich to São Paulo.",
    "Its crème linen, dyed à la française, sells for €12 a metre; the jury praised the "
    "blend’s “élan” and its déjà-vu motifs.",
    "This is a sample article written for the textile_news hostile test site.",
)


@dataclass(frozen=True)
class EncodedPage:
    """An article in the bytes of ``encoding``, labelled ``header``/``meta`` (None: no label)."""

    article: DemoArticle
    encoding: str
    header: str | None
    meta: str | None


ENCODED: dict[int, EncodedPage] = {
    p.article.id: p
    for p in (
        EncodedPage(
            _article(
                910020,
                "中国纺织工业联合会召开上半年纺织行业经济运行分析会",
                "2020/8/28 10:30:00",
                _ZH,
            ),
            "gbk",
            "iso-8859-1",
            "gbk",
        ),
        EncodedPage(
            _article(910021, "浙江绍兴柯桥纺织品市场秋冬面料成交活跃", "2020/8/27 9:15:00", _ZH),
            "gbk",
            "utf-8",
            "utf-8",
        ),
        EncodedPage(
            _article(910022, "江苏盛泽丝绸企业加快数字化转型步伐", "2020/8/26 16:40:00", _ZH),
            "gbk",
            None,
            None,
        ),
        EncodedPage(
            _article(
                910023,
                "Café Textiles – “Naïve” Prints Win Première Award",
                "2020/8/25 8:00:00",
                _LATIN,
            ),
            "cp1252",
            "utf-8",
            "utf-8",
        ),
        EncodedPage(
            _article(
                910024, "Naïve Crème Prints Dress Façades Of Hôtels", "2020/8/24 14:05:00", _LATIN
            ),
            "cp1252",
            None,
            None,
        ),
    )
}
MALFORMED = _article(
    910025,
    "Garment Exporters’ “Quick Response” Lines Cut Lead Times",
    "2020/8/23 11:00:00",
    (
        "Garment exporters’ “quick response” lines now ship reorders in two weeks, the "
        "association’s survey found.",
        "Factories that share cutting data with their buyers cut lead times the most.",
        "This is a sample article written for the textile_news hostile test site.",
    ),
)
STRAY = b"\xff\xfe\x81"  # not UTF-8: each byte becomes U+FFFD


def _placeholder(id: int, name: str) -> DemoArticle:
    """How a listing shows a fault URL: an ordinary headline."""
    what = name.replace("_", " ")
    return _article(id, f"Hostile Page: {what.title()}", "2020/8/22 12:00:00", (what,))


_BY_ID: dict[int, DemoArticle] = {
    **{a.id: a for a in ARTICLES},
    **{id: _placeholder(id, name) for id, name in FAULTS.items()},
    **{id: page.article for id, page in ENCODED.items()},
    MALFORMED.id: MALFORMED,
}
_ARTICLE = re.compile(r"/global/en/(\d+)\.html")
_REDIRECT = re.compile(r"/global/en/redirect/(\d+)-(\w+)\.html")


@cache
def png() -> bytes:
    """A valid 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def encoded_page(page: EncodedPage) -> bytes:
    html = render.render_article(page.article, _BY_ID.get)
    meta = f'<meta charset="{page.meta}">\n' if page.meta else ""
    return html.replace('<meta charset="utf-8">\n', meta).encode(page.encoding)


@cache
def malformed_page() -> bytes:
    """The article's page with what sloppy CMSes and hand edits leave behind."""
    html = render.render_article(MALFORMED, _BY_ID.get)
    html = html.replace("</p>", "").replace("</li>", "").replace("</ul>", "")
    html = html.replace('<h1 class="title">', "<H1 class=title>").replace("</h1>", "</H1>")
    html = html.replace('<div class="wrap">', '<div class="wrap"></span></td></div>')
    html = html.replace("share cutting", "sha\x00re cutting").replace("survey", "<b>survey")
    html = html.removesuffix("</div>\n</body>\n</html>\n")
    return html.encode("utf-8").replace(b"two weeks", b"two " + STRAY + b"weeks")


@cache
def large_page() -> bytes:
    """An article page padded to TOO_LARGE bytes with a comment."""
    html = render.render_article(MALFORMED, _BY_ID.get).encode("utf-8")
    return html.replace(b"<body>", b"<body><!--" + b" " * (TOO_LARGE - len(html) - 7) + b"-->")


@cache
def gzip_bomb() -> bytes:
    return gzip.compress(large_page(), compresslevel=9, mtime=0)


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 10  # an idle keep-alive connection ends, and its thread with it

    def setup(self) -> None:
        super().setup()
        self.server.opened(self.connection)

    def finish(self) -> None:
        self.server.closed(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        count = self.server.hit(path)
        if match := _REDIRECT.fullmatch(path):
            self._redirect(int(match[1]), match[2])
        elif (match := _ARTICLE.fullmatch(path)) and int(match[1]) in FAULTS:
            getattr(self, "_" + FAULTS[int(match[1])])(count)
        elif match and int(match[1]) in ENCODED:
            page = ENCODED[int(match[1])]
            charset = f"; charset={page.header}" if page.header else ""
            self._send(200, "text/html" + charset, encoded_page(page))
        elif match and int(match[1]) == MALFORMED.id:
            self._send(200, "text/html; charset=utf-8", malformed_page())
        elif reply := self.server.site.get(path):
            self._send(reply.status, reply.content_type, reply.body)
        else:
            self._send(404, "text/html; charset=utf-8", b"<h1>Not found</h1>")

    def _send(self, status: int, ctype: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _serve_article(self) -> None:
        article = _BY_ID[int(_ARTICLE.fullmatch(self.path)[1])]  # type: ignore[index]
        html = render.render_article(article, _BY_ID.get).encode("utf-8")
        self._send(200, "text/html; charset=utf-8", html)

    def _stall(self) -> None:
        self.server.stopping.wait(STALL)
        self.close_connection = True

    def _reset(self) -> None:
        """Close with a RST instead of a FIN: SO_LINGER on, with a zero timeout."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _slow_headers(self, count: int) -> None:
        self._stall()

    def _slow_body(self, count: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "5000")
        self.end_headers()
        self.wfile.write(b"<!DOCTYPE html>\n<html><head><title>" + b"x" * 64)
        self._stall()

    def _reset_headers(self, count: int) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/ht")
        self._reset()

    def _reset_body(self, count: int) -> None:
        body = malformed_page()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self._reset()

    def _closed_silently(self, count: int) -> None:
        self.close_connection = True

    def _too_many_requests(self, count: int) -> None:
        if count == 1:
            self._send(429, "text/html; charset=utf-8", b"<h1>Slow down</h1>", Retry_After="1")
        elif count == 2:
            when = formatdate(time.time() + 2, usegmt=True)
            self._send(429, "text/html; charset=utf-8", b"<h1>Slow down</h1>", Retry_After=when)
        else:
            self._serve_article()

    def _unavailable_once(self, count: int) -> None:
        if count == 1:
            self._send(503, "text/html; charset=utf-8", b"<h1>Service unavailable</h1>")
        else:
            self._serve_article()

    def _server_error(self, count: int) -> None:
        self._send(500, "text/html; charset=utf-8", b"<h1>Internal server error</h1>")

    def _redirect_loop(self, count: int) -> None:
        self._send(302, "text/html", b"", Location="/global/en/redirect/910009-b.html")

    def _redirect_chain(self, count: int) -> None:
        self._send(302, "text/html", b"", Location="/global/en/redirect/910010-1.html")

    def _redirect(self, id: int, step: str) -> None:
        if id == 910009:
            location = "/global/en/910009.html"
        else:
            location = f"/global/en/redirect/{id}-{int(step) + 1}.html"
        self._send(302, "text/html", b"", Location=location)

    def _write_large(self, body: bytes) -> None:
        try:
            for start in range(0, len(body), 262144):
                self.wfile.write(body[start : start + 262144])
        except OSError:
            self.close_connection = True  # the client gave up at its size limit

    def _too_large_declared(self, count: int) -> None:
        body = large_page()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._write_large(body)

    def _too_large_streamed(self, count: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self._write_large(large_page())
        self.close_connection = True

    def _gzip_bomb(self, count: int) -> None:
        body = gzip_bomb()
        self._send(200, "text/html; charset=utf-8", body, Content_Encoding="gzip")

    def _png(self, count: int) -> None:
        self._send(200, "image/png", png())

    def _png_as_html(self, count: int) -> None:
        self._send(200, "text/html; charset=utf-8", png())


class HostileServer(ThreadingHTTPServer):
    """Serves the hostile site; keeps each request's time and the open connections."""

    daemon_threads = False  # server_close() joins every handler thread
    # socketserver's default of 5 overflows when a crawl opens 16 connections at once: the
    # kernel drops the extra SYNs, the client resends them 1 s later, and a test's 1 s
    # DOWNLOAD_TIMEOUT fails good pages
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        ids = sorted(_BY_ID, reverse=True)
        self.site = ArticleSite(_BY_ID.get, ids)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._hits: dict[str, list[float]] = defaultdict(list)
        self._connections: set[socket.socket] = set()
        gzip_bomb()  # built now, not while a client's DOWNLOAD_TIMEOUT runs

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def hit(self, path: str) -> int:
        """Record a request to ``path``; the number of requests to it so far."""
        with self._lock:
            self._hits[path].append(time.monotonic())
            return len(self._hits[path])

    def hits(self, path: str) -> list[float]:
        with self._lock:
            return list(self._hits.get(path, []))

    def opened(self, connection: Any) -> None:
        with self._lock:
            self._connections.add(connection)

    def closed(self, connection: Any) -> None:
        with self._lock:
            self._connections.discard(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-reply is what this site is for

    def stop(self) -> None:
        """Wake stalled handlers, stop serving, end open connections, join the threads."""
        self.stopping.set()
        self.shutdown()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with suppress(OSError):  # closed meanwhile
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()


@contextmanager
def hostile_site() -> Iterator[HostileServer]:
    """Serve the hostile site from a background thread until the block ends."""
    server = HostileServer()
    thread = threading.Thread(target=server.serve_forever, name="hostile-site")
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join()
