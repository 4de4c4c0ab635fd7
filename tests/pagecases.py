"""Loading page-object fixture cases: tests/fixtures/pages/<site>/<case>/{page.html,meta.json}."""

from __future__ import annotations

import importlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from textile_news import sites
from textile_news.pages.base import ArticlePage, ListPage
from textile_news.pipeline.processing import normalize_article

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(p.parent for p in FIXTURES.glob("*/*/meta.json"))


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def load_page(case: Path) -> ArticlePage | ListPage:
    meta = json.loads((case / "meta.json").read_text())
    module = importlib.import_module(f"textile_news.pages.{case.parent.name}")
    page_class = getattr(module, meta["page"])
    return page_class(meta["url"], (case / "page.html").read_bytes(), meta.get("hints"))


def extract(case: Path) -> dict[str, Any]:
    """What a case's page yields: the normalised item, or a listing's entries and next page."""
    page = load_page(case)
    if isinstance(page, ArticlePage):
        # the site's zone and hosts from the catalogue; generic pages have no site (no zone)
        site = sites.packaged().get(case.parent.name)
        if site is None:
            item = normalize_article(page.to_item(), None, {})
        else:
            item = normalize_article(page.to_item(), site.timezone, site.aliases())
        return asdict(item)
    return {
        "entries": [asdict(entry) for entry in page.entries()],
        "next_page_url": page.next_page_url(),
    }
