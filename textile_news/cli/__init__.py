"""The ``textile-news`` command: a thin layer over crawl, storage and the demo.

The group is here; its commands live in modules named for their job, each importing
its heavy modules (Scrapy, Redis, Datasette...) only when it runs: startup time matters.

The top room: may import every other; nothing imports it.
"""

from __future__ import annotations

import click

from textile_news.cli import (
    analysis,
    crawling,
    datasette,
    deploying,
    distributed,
    extraction,
    furniture,
    reading,
    status,
    taxonomy,
    watch,
)

__all__ = ["cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="textile-news")
def cli() -> None:
    """Crawl textile and clothing trade news into a SQLite archive, and query it."""


for command in (
    crawling.crawl,
    crawling.demo,
    crawling.serve_demo,
    reading.search,
    analysis.export,
    analysis.stats_command,
    datasette.datasette_command,
    extraction.reextract_command,
    extraction.copy_archive_command,
    status.runs,
    status.sites,
    reading.show,
    extraction.extract_command,
    extraction.check_site_command,
    furniture.furniture_command,
    deploying.deploy,
    distributed.enqueue,
    distributed.archive_worker,
    taxonomy.retag,
    taxonomy.terms_command,
    watch.watch,
):
    cli.add_command(command)
