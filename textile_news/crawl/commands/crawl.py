"""``scrapy crawl`` with the exit codes of ``textile-news crawl`` where they apply: 2 for an
archive the crawl must not write, 74 (EX_IOERR) when a file of the crawl could not be written.

Scrapy's own command exits 0 whatever became of the crawl; a crawl stopped by a full disk
(issue 13, item 4) must not look like one that ran, to cron or to a shell script. An archive
that is read-only, immutable or of a newer schema is refused in one line before the crawl
starts (issue 13, items 10, 11), as the CLI does, not by a traceback in every batch.
A file of sites (``-s TEXTILE_NEWS_SITES=FILE``, issue 14) that is not valid is refused in
one line, exit 2, before the spiders are loaded.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands import crawl

from textile_news import sites
from textile_news.archive.db import open_db
from textile_news.archive.errors import ArchiveError
from textile_news.crawl.extensions import EXIT_WRITE_ERROR
from textile_news.pipeline import write_faults

if TYPE_CHECKING:
    import argparse

    from scrapy import Spider
    from scrapy.crawler import Crawler


class Command(crawl.Command):
    crawlers: list[Crawler]

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        # kept here: the process forgets its crawlers once they are done
        self.crawlers = [*getattr(self, "crawlers", []), crawler]
        return crawler

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        try:  # the spider loader reads it next, where its error would be a traceback
            sites.catalogue(self.settings.get("TEXTILE_NEWS_SITES"))
        except sites.SiteError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            sys.exit(2)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            open_db(self.settings.get("TEXTILE_NEWS_DB")).conn.close()
        except ArchiveError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            self.exitcode = 2  # as `textile-news crawl`: the wrong archive for a crawl
            return
        super().run(args, opts)
        for crawler in getattr(self, "crawlers", []):
            if write_faults.fault_of(_stats(crawler)):
                self.exitcode = EXIT_WRITE_ERROR


def _stats(crawler: Crawler) -> dict[str, object]:
    try:
        return crawler.stats.get_stats()
    except RuntimeError:  # the crawl never started (its spider could not be made)
        return {}
