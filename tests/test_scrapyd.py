"""Scrapyd runs the project (issue 17 item 1): a real Scrapyd on 127.0.0.1, the project's egg
deployed with ``textile-news deploy``, a crawl of the served demo scheduled through its HTTP
API, and a refused egg reported as a failure."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from tests.conftest import CLI, query, run
from textile_news.demo.server import replica_site, serving

# every test here runs Scrapyd and its crawls in subprocesses
pytestmark = pytest.mark.slow

PROJECT = "textile_news"
JOB_TIMEOUT = 120.0  # seconds for a scheduled crawl of the demo (it takes a few)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> dict:
    with urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def post(url: str, fields: list[tuple[str, str]]) -> dict:
    with urlopen(url, data=urlencode(fields).encode(), timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory) -> Iterator[str]:
    """A Scrapyd of this environment on a free port, in a folder of its own: its URL."""
    # the scrapyd extra (in dev) installs it; without it only the deploy's own checks run
    pytest.importorskip("scrapyd")
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\n"
        "items_dir =\n"
        # the queue is polled every 5 s by default: a test would mostly wait
        "poll_interval = 0.5\n",
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{port}/"
    with (home / "scrapyd.out").open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=home, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    assert get(url + "daemonstatus.json")["status"] == "ok"
                    break
                except (URLError, ConnectionError):
                    assert server.poll() is None, (home / "scrapyd.out").read_text()
                    assert time.monotonic() < deadline, "Scrapyd did not start in 30 s"
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture(scope="module")
def deployed(scrapyd) -> str:
    """The project's egg, built from this checkout, deployed as version 1: Scrapyd's URL."""
    done = run([*CLI, "deploy", "--url", scrapyd, "--version", "1"])
    assert done.returncode == 0, done.stderr
    settings = Settings()
    settings.setmodule("textile_news.settings")
    spiders = len(SpiderLoader.from_settings(settings).list())
    assert done.stdout == f"deployed {PROJECT} version 1 to {scrapyd}: {spiders} spiders\n"
    return scrapyd


def wait_for(url: str, job: str) -> dict:
    """Scrapyd's entry of ``job`` once it has finished."""
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = get(url + "listjobs.json?" + urlencode({"project": PROJECT}))
        if finished := [entry for entry in jobs["finished"] if entry["id"] == job]:
            return finished[0]
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish in {JOB_TIMEOUT:.0f} s: {jobs}")


def test_a_crawl_scheduled_through_scrapyd_fills_the_archive(deployed, tmp_path):
    """schedule.json as the README gives it: the archive path as a setting, the served demo
    as the spider's start_url; the job's run is in the archive as a crawl's is."""
    db_file = tmp_path / "archive.sqlite"
    assert get(deployed + "listspiders.json?" + urlencode({"project": PROJECT}))["spiders"]
    with serving(replica_site()) as demo:
        scheduled = post(
            deployed + "schedule.json",
            [
                ("project", PROJECT),
                ("spider", "sjfzxm_com"),
                ("_version", "1"),
                ("setting", f"TEXTILE_NEWS_DB={db_file}"),
                ("start_url", demo),
            ],
        )
        assert scheduled["status"] == "ok", scheduled
        job = wait_for(deployed, scheduled["jobid"])
    assert job["spider"] == "sjfzxm_com"
    with urlopen(deployed + job["log_url"].lstrip("/"), timeout=30) as response:
        assert "Spider closed (finished)" in response.read().decode()
    assert query(db_file, "SELECT count(*), count(DISTINCT url) FROM articles") == [(36, 36)]
    assert query(db_file, "SELECT sites, finish_reason, pages, new, errors FROM crawl_runs") == [
        ("sjfzxm_com", "finished", 44, 36, 0)
    ]


def broken_egg(folder: Path) -> Path:
    """An egg as scrapyd-deploy built it before issue 17: no ``[scrapy] settings`` entry."""
    egg = folder / "broken.egg"
    with zipfile.ZipFile(egg, "w") as archive:
        archive.writestr("EGG-INFO/PKG-INFO", "Metadata-Version: 2.1\nName: textile-news\n")
        archive.writestr("EGG-INFO/entry_points.txt", "[console_scripts]\nx = y:z\n")
    return egg


def test_a_refused_egg_exits_1_with_scrapyds_reason_and_is_deleted(deployed, tmp_path):
    """scrapyd-deploy exits 0 and leaves such an egg as the latest version."""
    done = run([*CLI, "deploy", "--url", deployed, "--version", "2", "--egg", broken_egg(tmp_path)])
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: Scrapyd refused version 2 of {PROJECT}: "
        "AttributeError: 'NoneType' object has no attribute 'module_name'\n"
    )
    assert done.stdout == ""
    versions = get(deployed + "listversions.json?" + urlencode({"project": PROJECT}))
    assert versions["versions"] == ["1"]


def test_an_unreachable_scrapyd_exits_1_on_one_line():
    url = f"http://127.0.0.1:{free_port()}/"
    done = run([*CLI, "deploy", "--url", url, "--version", "1"])
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot reach Scrapyd at {url}daemonstatus.json: ")
    assert done.stderr.count("\n") == 1
