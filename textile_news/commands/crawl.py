"""``scrapy crawl``, exiting 74 (EX_IOERR) when a file of the crawl could not be written.

Scrapy's own command exits 0 whatever became of the crawl; a crawl stopped by a full disk
(issue 13, item 4) must not look like one that ran, to cron or to a shell script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands import crawl

from textile_news import write_faults
from textile_news.extensions import EXIT_WRITE_ERROR

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

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        for crawler in getattr(self, "crawlers", []):
            stats = crawler.stats.get_stats() if crawler.stats else {}
            if write_faults.fault_of(stats):
                self.exitcode = EXIT_WRITE_ERROR
