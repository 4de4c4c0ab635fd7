"""Persistent connections per host: as many as the host's download slot may use.

The handler is built in a child process: Scrapy's HTTP handler installs a Twisted reactor,
which this test process must not get.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from textile_news.crawl.runner import project_settings

CASES = {
    "loopback": {"DOWNLOAD_SLOTS": {"127.0.0.1": {"concurrency": 16, "delay": 0.0}}},
    "scrapy": {},  # Scrapy's own: CONCURRENT_REQUESTS_PER_DOMAIN
    "fewer per domain": {"CONCURRENT_REQUESTS_PER_DOMAIN": 4},
    "narrow slot": {"DOWNLOAD_SLOTS": {"a.example": {"concurrency": 2}}},
    "slot without concurrency": {"DOWNLOAD_SLOTS": {"a.example": {"delay": 1.0}}},
    "wide slot": {"DOWNLOAD_SLOTS": {"a.example": {"concurrency": 32}}},
}
POOL_SIZES = """
import json, sys
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.utils.test import get_crawler
from textile_news.crawl.connections import PooledDownloadHandler
sizes = {}
for name, settings in json.loads(sys.argv[1]).items():
    crawler = get_crawler(settings_dict={**settings, "TWISTED_REACTOR_ENABLED": True})
    sizes[name] = PooledDownloadHandler(crawler)._pool.maxPersistentPerHost
print(json.dumps(sizes))
"""


def test_the_project_uses_the_pooled_handler_with_wide_loopback_slots():
    settings = project_settings()
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 8
    assert {s["concurrency"] for s in settings.getdict("DOWNLOAD_SLOTS").values()} == {16}
    assert settings.getdict("DOWNLOAD_HANDLERS") == {
        "http": "textile_news.crawl.connections.PooledDownloadHandler",
        "https": "textile_news.crawl.connections.PooledDownloadHandler",
    }


@pytest.mark.slow
def test_the_pool_is_as_wide_as_the_widest_slot_and_never_narrower_than_scrapys():
    done = subprocess.run(
        [sys.executable, "-c", POOL_SIZES, json.dumps(CASES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == {
        "loopback": 16,
        "scrapy": 8,
        "fewer per domain": 4,
        "narrow slot": 8,
        "slot without concurrency": 8,
        "wide slot": 32,
    }
