"""Chinese news pages on the open development set: our generic page against trafilatura,
htmldate and GNE, each scored by the set's own scorer.

``../shared/devsets/zh-news/`` has 62 Chinese news pages labelled by hand with the title, the
publication time, the credited people (authors, reporters, editors), the source and body
snippets (see its README). ``score_zh_news.py``, imported from the set's parent folder, scores
each of these extractors in one run, on the same pages:

- **generic**: ``textile_news.pages.generic.ArticlePage(url, html).to_item()``: its title,
  published_at, author and editor (the scorer counts a labelled name found in either, but
  passes on only an extractor's ``author``: the two go in joined with "; ") and body;
- **trafilatura**: ``trafilatura.bare_extraction(html, with_metadata=True)``: title, date,
  author, text (the set's ``baselines.trafilatura_extract``);
- **htmldate**: ``htmldate.find_date(html, outputformat="%Y-%m-%d %H:%M:%S",
  original_date=True)``: the date only (its other figures are 0);
- **gne**: ``gne.GeneralNewsExtractor().extract(html)`` (the set's ``baselines.gne_extract``;
  in-sample: GNE was developed on these pages).

The pages have no URL (the scorer passes ``url=None``); generic gets a placeholder one. Each
extractor prints the scorer's title / day / minute / author recall / body figures, then the
last lines are ``key=value`` figures, one a line, generic's first::

    zh_generic_title=0.9677
    zh_generic_day=0.8000
    ...

Run from the repository root:
``python bench/devset_zh_news.py [--data DIR] [--jobs N] [--only generic ...]`` (about 15 s).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_DATA = Path("../shared/devsets/zh-news")
HERE = Path(__file__).resolve()
# the figures of the scorer's summary printed for each extractor, under shorter names
FIGURES = {
    "title": "title_exact",
    "day": "date_day",
    "minute": "date_minute",
    "author": "author_recall",
    "byline": "byline_recall",
    "f1": "f1",
    "f1_nospace": "f1_nospace",
}


def generic_extract(html: str, url: str | None = None) -> dict[str, Any]:
    from textile_news.pages.generic import ArticlePage

    item = ArticlePage(url or "https://example.invalid/", html).to_item()
    # the scorer counts a name found in "author" or "editor", but its --func mode keeps only
    # title, published, author and body of the result: the editors go in with the authors
    people = [name for name in (item.author, getattr(item, "editor", None)) if name]
    return {
        "title": item.title,
        "published": item.published_at,
        "author": "; ".join(people) or None,
        "body": item.body,
    }


def trafilatura_extract(html: str, url: str | None = None) -> dict[str, Any] | None:
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    return {
        "title": data.get("title"),
        "published": data.get("date"),
        "author": data.get("author"),
        "body": data.get("text"),
    }


def htmldate_extract(html: str, url: str | None = None) -> dict[str, Any]:
    import htmldate

    when = htmldate.find_date(html, url=url, outputformat="%Y-%m-%d %H:%M:%S", original_date=True)
    return {"title": None, "published": when, "author": None, "body": None}


_GNE: Any = None


def gne_extract(html: str, url: str | None = None) -> dict[str, Any]:
    global _GNE
    if _GNE is None:
        from gne import GeneralNewsExtractor

        _GNE = GeneralNewsExtractor()
    found = _GNE.extract(html)
    return {
        "title": found.get("title"),
        "published": found.get("publish_time"),
        "author": found.get("author"),
        "body": found.get("content"),
    }


EXTRACTORS: dict[str, Callable[..., Any]] = {
    "generic": generic_extract,
    "trafilatura": trafilatura_extract,
    "htmldate": htmldate_extract,
    "gne": gne_extract,
}


def load_scorer(data: Path) -> ModuleType:
    """The set's own scorer, so that the metric is exactly the published one."""
    spec = importlib.util.spec_from_file_location("score_zh_news", data.parent / "score_zh_news.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # registered before it runs: its worker pool pickles its functions by module name
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def score(scorer: ModuleType, data: Path, name: str, jobs: int) -> dict[str, Any]:
    """The scorer's summary for one extractor (its report printed as it goes)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.json"
        argv = ["--func", f"{HERE}:{EXTRACTORS[name].__name__}", "--data", str(data)]
        argv += ["--out", str(out), "--quiet", "--jobs", str(jobs), "--timeout", "60"]
        report = io.StringIO()
        with contextlib.redirect_stdout(report):
            code = scorer.main(argv)
        if code != 0:
            raise SystemExit(f"{name}: the scorer exited {code}")
        for line in report.getvalue().splitlines()[:-1]:
            print(f"  {line}")
        summary: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))["summary"]
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the dev-set folder")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the scorer")
    parser.add_argument("--only", nargs="*", choices=list(EXTRACTORS), default=list(EXTRACTORS))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent.parent))  # textile_news, for the workers too
    scorer = load_scorer(args.data.resolve())
    lines = []
    for name in args.only:
        print(f"{name}:", flush=True)
        summary = score(scorer, args.data.resolve(), name, args.jobs)
        # one figure a line, as python -m bench reads them
        lines += [f"zh_{name}_{key}={summary[field]:.4f}" for key, field in FIGURES.items()]
    print(*lines, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
