"""Re-extraction: today's page objects over the stored originals, without any request.

``textile-news reextract`` reads the latest capture of each URL back from its WARC file
(textile_news/crawl/captures.py), runs the site's page object and the crawl's item processor
(``processing.ItemProcessor``: normalise, validate, dedupe) on it, and stores the result as
a crawl would: a changed article is updated
(its old version kept in ``article_revisions``), an unchanged one is left as it is, and a
page that no longer validates becomes a reject.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from scrapy.spiderloader import SpiderLoaderProtocol

from textile_news.archive.captures import capture_sites, iter_captures
from textile_news.archive.furniture import LearnsFurniture
from textile_news.archive.write import write_batch
from textile_news.crawl.captures import CaptureError, read_response
from textile_news.crawl.middlewares import with_fitting_encoding
from textile_news.crawl.runner import project_settings, spider_loader
from textile_news.items import Article, Reject
from textile_news.pipeline.processing import ItemProcessor, rows
from textile_news.sites import catalogue

# Sites of generic crawls: "generic:" and a host (textile_news/spiders/generic.py).
GENERIC_PREFIX = "generic:"

if TYPE_CHECKING:
    from scrapy.http import Response
    from sqlite_utils import Database

    from textile_news.spiders.base import NewsSpider


@dataclass
class ReextractResult:
    pages: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    unreadable: list[str] = field(default_factory=list)  # captures whose record is gone
    # WARC files named by captures that are not there, with how many captures each holds
    missing: dict[str, int] = field(default_factory=dict)
    # the folder ``captures.warc_file`` is relative to: where, not what was done
    looked_in: Path = field(default=Path(), compare=False)

    def summary(self) -> str:
        """``reextract: 10 pages, 0 updated, 7 unchanged, 3 rejected`` (plus ``N new`` and
        ``N unreadable`` when there are any)."""
        new = f"{self.new} new, " if self.new else ""
        line = (
            f"reextract: {self.pages} pages, {new}{self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )
        return line + (f", {len(self.unreadable)} unreadable" if self.unreadable else "")

    def missing_report(self, shown: int = 5) -> list[str]:
        """Which originals are missing, and where they were looked for: a line of counts,
        then the first ``shown`` files (issue 17, item 7: "36 unreadable" said neither)."""
        if not self.missing:
            return []
        files = len(self.missing)
        lines = [
            f"missing: {files} WARC file{'' if files == 1 else 's'} "
            f"({sum(self.missing.values())} captures), looked for in {self.looked_in}:"
        ]
        for name, count in list(self.missing.items())[:shown]:
            lines.append(f"  {name} ({count} capture{'' if count == 1 else 's'})")
        if files > shown:
            lines.append(f"  ... and {files - shown} more")
        return lines


def reextract(
    db: Database,
    archive_dir: str | Path,
    sites: Sequence[str] | None = None,
    *,
    batch_size: int | None = None,
) -> ReextractResult:
    """Re-extract the latest capture of each URL of ``sites`` and store the results.

    :param archive_dir: the archive's folder, which ``captures.warc_file`` is relative to
    :param sites: site slugs (default: every site the project has a spider for)
    :param batch_size: articles and rejects per transaction (default: the crawl's
        ``TEXTILE_NEWS_BATCH_SIZE``)
    :raises KeyError: a site without a spider
    """
    settings = project_settings()
    loader = spider_loader(settings)  # catalogue sites, TEXTILE_NEWS_SITES's too
    names = list(sites) if sites else sorted({*loader.list(), *capture_sites(db)})
    for name in names:
        if not name.startswith(GENERIC_PREFIX):
            loader.load(name)  # an unknown site is an error before any work
    # Spiders without a crawler: they only parse here (see ``extract``).
    spiders: dict[str, NewsSpider] = {}
    processors: dict[str, ItemProcessor] = {}  # one a site, as in its crawl
    batch = batch_size or settings.getint("TEXTILE_NEWS_BATCH_SIZE", 200)
    result = ReextractResult(looked_in=Path(archive_dir))
    # as in a crawl: a generic site's bodies are stored without the furniture it learnt
    learns = None
    if settings.getbool("TEXTILE_NEWS_SITE_FURNITURE", True):
        learns = catalogue(settings.get("TEXTILE_NEWS_SITES")).learns_furniture
    articles: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for capture in iter_captures(db, names):
        path = Path(archive_dir) / capture["warc_file"]
        try:
            response = read_response(path, capture["warc_offset"], capture["warc_length"])
        except CaptureError as exc:
            result.unreadable.append(str(exc))
            if not path.is_file():
                name = capture["warc_file"]
                result.missing[name] = result.missing.get(name, 0) + 1
            continue
        result.pages += 1
        site = capture["site"]
        if site not in spiders:
            spiders[site] = _spider(loader, site, capture)
            # the site's own hosts; each capture adds the host it was fetched from
            spider = spiders[site]
            processors[site] = ItemProcessor(spider.timezone, type(spider).site_aliases())
        item = extract(spiders[site], processors[site], capture, response)
        done, rejected = rows([item])
        articles += done
        rejects += rejected
        if len(articles) + len(rejects) >= batch:
            _store(db, articles, rejects, result, learns)
            articles, rejects = [], []
    _store(db, articles, rejects, result, learns)
    return result


def extract(
    spider: NewsSpider, processor: ItemProcessor, capture: dict[str, Any], response: Response
) -> Article | Reject | None:
    """The processed item of a stored page: its article, its reject, or None for an article
    the re-extraction had already (``processor`` dedupes, as in a crawl).

    The response goes the way it went in the crawl after its capture: the charset check of
    CharsetMiddleware, then the spider's ``extract_article`` (what its ``parse_article``
    yields first): the page object's item, or a reject for a page that is no article (not
    HTML, binary, too deep to parse whole). The requests for the articles it links are never
    built. Hints from the pages that linked the article were not stored: the page object
    gets none.
    """
    # the fetched host as the crawl mapped it (a ``start_url`` host such as a test
    # server's is an alias of that crawl only)
    fetched, canonical = urlsplit(capture["fetched_url"]), urlsplit(capture["url"])
    processor.alias(fetched.netloc.lower(), f"{canonical.scheme}://{canonical.netloc}")
    item = spider.extract_article(with_fitting_encoding(response), {})
    if isinstance(item, Article):
        # relative dates ("3 hours ago") count from when the page was fetched, not from now
        item.fetched_at = capture["fetched_at"]
    return processor.process_item(item)


def _spider(loader: SpiderLoaderProtocol, site: str, capture: dict[str, Any]) -> NewsSpider:
    """The spider that crawled ``site``: a generic crawl's (``generic:HOST``) is the generic
    spider started on the host of the capture's canonical URL, as that crawl mapped it."""
    if site.startswith(GENERIC_PREFIX):
        from textile_news.spiders.generic import GenericSpider

        parts = urlsplit(capture["url"])
        return GenericSpider(start_url=f"{parts.scheme}://{parts.netloc}/")
    return cast("type[NewsSpider]", loader.load(site))()


def _store(
    db: Database,
    articles: Iterable[dict[str, Any]],
    rejects: Iterable[dict[str, Any]],
    result: ReextractResult,
    learns_furniture: LearnsFurniture | None = None,
) -> None:
    articles, rejects = list(articles), list(rejects)
    if not (articles or rejects):
        return
    batch = write_batch(db, articles, rejects, learns_furniture=learns_furniture)
    result.new += batch.new
    result.updated += batch.updated
    result.unchanged += batch.unchanged
    result.rejected += batch.rejects
