"""Each site's replica for its contracts: tests/site/<slug> if the site has one, and every
page of tests/fixtures/pages/<slug> at its URL's path (issue 17, item 5)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from textile_news.demo.server import Reply, StaticSite, serving

TESTS = Path(__file__).parent
SLUGS = sorted(p.name for p in (TESTS / "fixtures" / "pages").iterdir() if p.name != "generic")


class ReplicaSite:
    """A site's static replica, then its fixture pages; HTML served without a charset, so
    that the page's own declaration decides, as on the site."""

    def __init__(self, slug: str) -> None:
        root = TESTS / "site" / slug
        self.static = StaticSite(root) if root.is_dir() else None
        self.pages: dict[str, Path] = {}
        for meta in (TESTS / "fixtures" / "pages" / slug).glob("*/meta.json"):
            url = json.loads(meta.read_text(encoding="utf-8"))["url"]
            self.pages.setdefault(urlsplit(url).path or "/", meta.parent / "page.html")

    def get(self, path: str) -> Reply | None:
        if self.static and (reply := self.static.get(path)):
            return reply
        if page := self.pages.get(path):
            return Reply(200, "text/html", page.read_bytes())
        return None


@contextmanager
def serving_replicas(slugs: list[str] = SLUGS) -> Iterator[dict[str, str]]:
    """Serve each site's replica on a port of its own; yields slug -> base URL."""
    with ExitStack() as stack:
        yield {slug: stack.enter_context(serving(ReplicaSite(slug))) for slug in slugs}
