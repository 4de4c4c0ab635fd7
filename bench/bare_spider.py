"""The real sjfzxm.com spider without pipelines: the baseline of ``crawl_overhead.py``.

It follows exactly the links the real spider follows (same class, same callbacks) and
yields the same raw items (the page object's ``to_item()``), but stores nothing.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from textile_news.spiders.sjfzxm_com import SjfzxmComSpider


class BareSjfzxmComSpider(SjfzxmComSpider):
    """``sjfzxm_com`` with ``ITEM_PIPELINES = {}``: extraction and follow logic only."""

    name = "sjfzxm_com_bare"

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        settings.set("ITEM_PIPELINES", {}, priority="spider")
        # nothing of the archive either: no crawl_runs row, no stored originals, and no
        # archive to ask about known URLs (so it fetches what a first real crawl fetches)
        settings.set("TEXTILE_NEWS_RECORD_RUNS", False, priority="spider")
        settings.set("TEXTILE_NEWS_CAPTURE", False, priority="spider")
        settings.set("TEXTILE_NEWS_DB", "/nonexistent/textile_news-bare.sqlite", priority="spider")


class TwinSjfzxmComSpider(SjfzxmComSpider):
    """``sjfzxm_com`` under another name, filing its articles under another host: a second
    site of the same weight for ``parallel_jobs.py`` (the generated site, served twice)."""

    name = "sjfzxm_com_twin"
    site_url = "http://twin.sjfzxm.test"

    def __init__(self, start_url: str | None = None, *args: object, **kwargs: object) -> None:
        super().__init__(start_url, *args, **kwargs)
        self.host_aliases = {host: self.site_url for host in self.host_aliases}
