"""`textile-news check-site` fetches as a crawl does: robots.txt, the project's User-Agent,
retries, and any start URL that `crawl` accepts (issue 17, item 6)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from textile_news.cli import cli
from textile_news.demo.server import replica_site, serving
from textile_news.tools.checksite import user_agent

ARTICLE = "/global/en/576416.html"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


class Watched:
    """The demo's replica of sjfzxm.com with a robots.txt of its own; records each request's
    path and User-Agent, and answers 503 to a path of ``busy`` that many times first."""

    def __init__(self, robots: str = "", busy: dict[str, int] | None = None) -> None:
        self.site = replica_site()
        self.robots = robots
        self.busy = dict(busy or {})
        self.seen: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def answer(self, path: str, agent: str) -> tuple[int, str, bytes]:
        with self.lock:
            self.seen.append((path, agent))
            if self.busy.get(path):
                self.busy[path] -= 1
                return 503, "text/html", b"<h1>busy</h1>"
        if path == "/robots.txt":
            return 200, "text/plain", self.robots.encode()
        reply = self.site.get(path)
        if reply is None:
            return 404, "text/html", b"<h1>Not found</h1>"
        return reply.status, reply.content_type, reply.body

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]


@contextmanager
def watching(site: Watched) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, ctype, body = site.answer(self.path, self.headers.get("User-Agent", ""))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def replica():
    with serving(replica_site()) as url:
        yield url


def test_check_site_from_the_sites_root_as_crawl_starts(replica):
    """Before: "the listing has no article entries" (the root was read as a listing)."""
    result = invoke("check-site", "sjfzxm_com", "--start-url", replica)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # the crawl's first start page, /global/en/, links its first listing page only
    assert lines[:4] == [
        f"listing:    {replica}global/en/list/1.html",
        "entries:    10",
        f"next page:  {replica}global/en/list/2.html",
        f"article:    {replica}global/en/576664.html",
    ]
    assert "url           http://www.sjfzxm.com/global/en/576664.html" in lines


def test_check_site_sends_the_projects_user_agent_and_reads_robots_txt_first():
    site = Watched()
    with watching(site) as base:
        result = invoke("check-site", "sjfzxm_com", base + ARTICLE.lstrip("/"))
    assert result.exit_code == 0, result.output
    assert site.paths() == ["/robots.txt", ARTICLE]
    assert {agent for _, agent in site.seen} == {user_agent()}
    assert user_agent().startswith("textile_news/")


def test_check_site_respects_robots_txt_disallow():
    site = Watched(robots=f"User-agent: *\nDisallow: {ARTICLE}\n")
    with watching(site) as base:
        result = invoke("check-site", "sjfzxm_com", base + ARTICLE.lstrip("/"))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot fetch {base}{ARTICLE[1:]}: forbidden by robots.txt\n"
    assert site.paths() == ["/robots.txt"]


def test_check_site_retries_a_busy_page_as_a_crawl_does():
    site = Watched(busy={ARTICLE: 1})
    with watching(site) as base:
        result = invoke("check-site", "sjfzxm_com", base + ARTICLE.lstrip("/"))
    assert result.exit_code == 0, result.output
    assert site.paths() == ["/robots.txt", ARTICLE, ARTICLE]
    assert "\ntitle         Shanxi Textile" in result.output
