"""A small HTTP server for replica sites on 127.0.0.1: the demo, tests and benchmarks."""

from __future__ import annotations

import json
import mimetypes
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from textile_news.demo import generated, render, render_zh
from textile_news.demo.render import DemoArticle
from textile_news.demo.render_zh import ChineseArticle

ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
_ARTICLE = re.compile(r"/global/en/(\d+)\.html")
_LISTING = re.compile(r"/global/en/list/(\d+)\.html")
_ZH_ARTICLE = re.compile(r"/news/[\w-]+/\d{8}/(\d+)\.html")
_ZH_LISTING = re.compile(r"/news/(?:([a-z]+)/)?(?:index(?:_(\d+))?\.html)?")


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def _html(text: str) -> Reply:
    return Reply(200, "text/html; charset=utf-8", text.encode("utf-8"))


# Each page's <link rel="stylesheet">: served, so that every URL a page names answers
_CSS = Reply(200, "text/css; charset=utf-8", b"body { font-family: sans-serif; }\n")
EN_CSS, ZH_CSS = "/global/en/css/style.css", "/css/style.css"


class Site(Protocol):
    def get(self, path: str) -> Reply | None:
        """The reply for ``path`` (no query string), or None for a 404."""


class ArticleSite:
    """The replica English edition: home page, paginated listings and article pages."""

    def __init__(
        self,
        lookup: Callable[[int], DemoArticle | None],
        newest_first: Sequence[int],
        per_page: int = 10,
    ) -> None:
        self.lookup = lookup
        self.newest_first = newest_first
        self.per_page = per_page

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.newest_first) // self.per_page))

    def get(self, path: str) -> Reply | None:
        if path == "/robots.txt":
            return Reply(200, "text/plain", ROBOTS_TXT)
        if path == EN_CSS:
            return _CSS
        if path in ("/", "/global/en/", "/global/en/index.html"):
            return _html(render.render_home(self._articles(self.newest_first[: self.per_page])))
        if match := _LISTING.fullmatch(path):
            page = int(match[1])
            if not 1 <= page <= self.pages:
                return None
            ids = self.newest_first[(page - 1) * self.per_page : page * self.per_page]
            return _html(render.render_listing(self._articles(ids), page, self.pages))
        if (match := _ARTICLE.fullmatch(path)) and (article := self.lookup(int(match[1]))):
            return _html(render.render_article(article, self.lookup))
        return None

    def _articles(self, ids: Sequence[int]) -> list[DemoArticle]:
        return [a for a in map(self.lookup, ids) if a is not None]


class ChineseSite:
    """The replica Chinese edition: the site's home page, the news listing and articles."""

    def __init__(self, articles: Sequence[ChineseArticle], per_page: int) -> None:
        self.by_id = {a.id: a for a in articles}
        self.newest_first = sorted(articles, key=lambda a: a.id, reverse=True)
        self.per_page = per_page

    def get(self, path: str) -> Reply | None:
        if path in ("/", "/index.html"):
            return _html(render_zh.render_home(self.newest_first[: self.per_page]))
        if path == ZH_CSS:
            return _CSS
        if match := _ZH_LISTING.fullmatch(path):
            return self._listing(match[1], int(match[2] or 1))
        match = _ZH_ARTICLE.fullmatch(path)
        article = self.by_id.get(int(match[1])) if match else None
        # the channel and date in the path must be the article's own, as on the site
        if article and article.path == path:
            return _html(render_zh.render_article(article, self.by_id.get))
        return None

    def _listing(self, channel: str | None, page: int) -> Reply | None:
        listed = [a for a in self.newest_first if channel in (None, a.channel)]
        pages = max(1, -(-len(listed) // self.per_page))
        if not listed or not 1 <= page <= pages:
            return None
        shown = listed[(page - 1) * self.per_page : page * self.per_page]
        return _html(render_zh.render_listing(shown, page, pages, channel))


class Editions:
    """Sites served side by side on one host: the first that answers a path wins."""

    def __init__(self, *sites: Site) -> None:
        self.sites = sites

    def get(self, path: str) -> Reply | None:
        return next((reply for site in self.sites if (reply := site.get(path))), None)


def replica_site() -> Editions:
    """The bundled demo: the Chinese edition (its home page is the site's root), then the
    English one, the reference article and the samples linked around it."""
    from textile_news.demo.replica import ARTICLES, CHINESE_ARTICLES

    by_id = {a.id: a for a in ARTICLES}
    # 3 a page, so that the few Chinese samples still make a listing with a next page
    chinese = ChineseSite(CHINESE_ARTICLES, per_page=3)
    return Editions(chinese, ArticleSite(by_id.get, sorted(by_id, reverse=True)))


class GeneratedSite(ArticleSite):
    """The generated site: the English edition, and the Chinese edition's news listing,
    empty. The site's catalogue entry names that listing (``/news/``) among its start
    URLs: a 404 there made every crawl of the generated site count an error, and every
    incremental ``--strict`` run exit 3 (issue 17, item 2)."""

    def get(self, path: str) -> Reply | None:
        if path == render_zh.LIST_PATH:
            return _html(render_zh.render_listing((), 1, 1))
        if path == ZH_CSS:  # the empty listing's stylesheet
            return _CSS
        return super().get(path)


def generated_site(count: int, per_page: int = 20) -> GeneratedSite:
    """A seeded site of ``count`` articles (ids from ``generated.FIRST_ID``)."""
    if count < 1:
        raise ValueError("a generated site needs at least one article")
    newest = range(generated.FIRST_ID + count - 1, generated.FIRST_ID - 1, -1)
    return GeneratedSite(lambda i: generated.article(i, count), newest, per_page)


class StaticSite:
    """Files under a folder, as a replica of a site; a missing file is a 404.

    ``_routes.json`` overrides what a path answers: ``{"/a.html": {"status": 500}}`` or
    ``{"/b.html": {"content_type": "application/pdf"}}``.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        routes = self.root / "_routes.json"
        self.routes: dict[str, dict[str, Any]] = (
            json.loads(routes.read_text()) if routes.exists() else {}
        )

    def get(self, path: str) -> Reply | None:
        route = self.routes.get(path, {})
        if "status" in route:
            code = route["status"]
            return Reply(code, "text/html; charset=utf-8", f"<h1>Error {code}</h1>".encode())
        reply = self._file(path)
        if reply and "content_type" in route:
            return Reply(reply.status, route["content_type"], reply.body)
        return reply

    def _file(self, path: str) -> Reply | None:
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_relative_to(self.root) or not file.is_file() or file.name.startswith("_"):
            return None
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        return Reply(200, ctype, file.read_bytes())


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body waits ~40 ms
    # for the client's delayed ACK, and a benchmark would measure that wait.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._reply(head=False)

    def do_HEAD(self) -> None:
        self._reply(head=True)

    def _reply(self, head: bool) -> None:
        reply = self.site.get(self.path.split("?", 1)[0]) or Reply(
            404, "text/html; charset=utf-8", b"<h1>Not found</h1>"
        )
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a crawl makes thousands of requests; the crawler reports what matters


def make_server(site: Site, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """An HTTP server for ``site`` bound to ``host:port`` (0: a free port), not yet serving."""
    handler = type("Handler", (_Handler,), {"site": site})
    # A crawler opens many connections at once; the default backlog of 5 drops some, and
    # each drop costs the client a second-long SYN retry.
    server_class = type("Server", (ThreadingHTTPServer,), {"request_queue_size": 128})
    server = server_class((host, port), handler)
    server.daemon_threads = True
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/"


@contextmanager
def serving(site: Site, port: int = 0) -> Iterator[str]:
    """Serve ``site`` from a background thread; yields its base URL, then shuts down."""
    server = make_server(site, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
