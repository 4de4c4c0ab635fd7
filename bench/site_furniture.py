"""Site furniture on real pages: the zh-news bodies as a crawl stores them, with and without
the archive learning what each site's pages repeat (textile_news/archive/furniture.py).

``../shared/devsets/zh-news/`` holds several pages of some sites (163: 9, sina: 6, toutiao and
thepaper: 5, ...), as a crawl of those sites would see them. Each page goes through the generic
page object and the item processor, then each site's pages are written in the set's order
into a fresh archive by ``write.write_batch``, once as a site that learns its furniture and once
as one that does not, and the stored bodies are scored with the set's own body metric
(``score_snippets.count_item`` / ``scores``, imported from the set's parent folder) over
every page and over the pages of sites with 5 or more pages (the only ones that can learn).
Prints each site's learnt lines and what they took out of the bodies, then as its last lines::

    furniture_f1=0.9476
    plain_f1=0.9476
    furniture_sites_f1=0.9290
    plain_sites_f1=0.9290

Run from the repository root: ``python bench/site_furniture.py [--data DIR]`` (about 10 s).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections import defaultdict
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textile_news.archive.db import open_db  # noqa: E402
from textile_news.archive.furniture import MIN_PAGES, learnt  # noqa: E402
from textile_news.archive.write import write_batch  # noqa: E402
from textile_news.items import Article  # noqa: E402
from textile_news.pages.generic import ArticlePage  # noqa: E402
from textile_news.pipeline.processing import ItemProcessor  # noqa: E402

DEFAULT_DATA = Path("../shared/devsets/zh-news")


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def extracted(zh: ModuleType, data: Path) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Each site's pages (id, article row), in the set's order; site = the id's prefix."""
    by_site: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    processor = ItemProcessor(timezone="Asia/Shanghai")
    for page_id, item in sorted(zh.load_data(str(data)).items()):
        site = page_id.rsplit("_", 1)[0]
        html = zh.read_html(str(data), item).decode("utf-8")
        url = f"https://{site}.example/{page_id}.html"
        article = ArticlePage(url, html).to_item()
        article.site = site
        article.fetched_at = "2026-12-01T00:00:00+00:00"
        processed = processor.process_item(article)
        # a page the archive would reject keeps its extracted body, unstored
        row = processed.as_dict() if isinstance(processed, Article) else None
        by_site[site].append((page_id, row or {"url": url, "body": article.body}))
    return by_site


def stored(by_site: dict[str, list[tuple[str, dict[str, Any]]]], learns: bool, folder: Path):
    """Each page's body as the archive holds it, and the learnt lines."""
    bodies: dict[str, str | None] = {}
    with closing(open_db(folder / f"{'learning' if learns else 'plain'}.sqlite")) as db:
        for pages in by_site.values():
            rows = [row for _, row in pages if "site" in row]
            write_batch(db, rows, [], learns_furniture=lambda site: learns)
        held = dict(db.execute("SELECT url, body FROM articles").fetchall())
        lines = learnt(db)
    for pages in by_site.values():
        for page_id, row in pages:
            bodies[page_id] = held.get(row["url"], row.get("body"))
    return bodies, lines


def f1(snippets: ModuleType, labels: dict[str, Any], bodies: dict[str, str | None], ids) -> float:
    totals = [0, 0, 0, 0]
    for page_id in ids:
        counts = snippets.count_item(labels[page_id], bodies[page_id])[:4]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return float(snippets.scores(*totals)[3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the zh-news folder")
    args = parser.parse_args()
    data = args.data.resolve()
    zh = load(data.parent / "score_zh_news.py", "score_zh_news")
    snippets = load(data.parent / "score_snippets.py", "score_snippets")
    labels = zh.load_data(str(data))
    by_site = extracted(zh, data)
    with tempfile.TemporaryDirectory() as tmp:
        plain, _ = stored(by_site, False, Path(tmp))
        learning, lines = stored(by_site, True, Path(tmp))
    for line in lines:
        print(f"{line['site']}: {line['pages']} of {line['site_pages']}  {line['line'][:70]}")
    every = sorted(labels)
    several = [i for i in every if len(by_site[i.rsplit("_", 1)[0]]) >= MIN_PAGES]
    print(f"pages: {len(every)}; of sites with {MIN_PAGES}+ pages: {len(several)}")
    removed = sum(len(plain[i] or "") - len(learning[i] or "") for i in every)
    changed = sum(plain[i] != learning[i] for i in every)
    print(f"bodies changed: {changed}; characters taken out: {removed}")
    print(f"furniture_f1={f1(snippets, labels, learning, every):.4f}")
    print(f"plain_f1={f1(snippets, labels, plain, every):.4f}")
    print(f"furniture_sites_f1={f1(snippets, labels, learning, several):.4f}")
    print(f"plain_sites_f1={f1(snippets, labels, plain, several):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
