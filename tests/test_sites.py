"""Sites as data (issue 14): the catalogue's loader and validation, the packaged sites' facts
in it, then a site defined only in a TOML file (tests/site/example_org.toml) crawled end to
end from its replica (tests/site/example_org) with `textile-news crawl --sites` and with
`scrapy crawl -s TEXTILE_NEWS_SITES=`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CLI, SITES, count_rows, query, run, untimed
from textile_news import sites
from textile_news.cli import cli
from textile_news.crawl.runner import project_settings, site_names, spider_loader
from textile_news.demo.server import Reply, StaticSite, serving
from textile_news.pages import site_pages
from textile_news.spiders.ncto_org import NctoOrgSpider
from textile_news.spiders.site import SiteSpider
from textile_news.spiders.sjfzxm_com import SjfzxmComSpider
from textile_news.tools.extract import site_for_url

EXAMPLE = SITES / "example_org.toml"
ORG = "https://www.example.org/news/"
GOOD = """
[[site]]
slug = "example_org"
name = "Example"
url = "https://www.example.org"
start_urls = ["https://www.example.org/news/"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the loader and its checks ----------------------------------------------------------


def test_load_file_reads_a_site_with_its_defaults(tmp_path):
    (site,) = sites.load_file(write(tmp_path, GOOD))
    assert site == sites.Site(
        slug="example_org",
        name="Example",
        url="https://www.example.org",
        hosts=("example.org", "*.example.org"),  # from www.example.org
        timezone="UTC",
        start_urls=("https://www.example.org/news/",),
        file=str(tmp_path / "my-sites.toml"),
    )


@pytest.mark.parametrize(
    ("given", "every"),
    [("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("2w", timedelta(days=14))],
)
def test_publishes_every_is_a_duration(tmp_path, given, every):
    (site,) = sites.load_file(write(tmp_path, GOOD + f'publishes_every = "{given}"\n'))
    assert site.publishes_every == every


def test_the_example_file_defines_its_selectors():
    (site,) = sites.load_file(EXAMPLE)
    assert site.timezone == "Europe/Brussels"
    assert site.language == "en"
    assert site.publishes_every == timedelta(days=7)
    assert site.selectors == (
        ("title", "h1.article-title"),
        ("published", "div.meta time::attr(datetime)"),
        ("body", "div.article-body"),
        ("author", "span.byline"),
        ("source", "span.origin"),
    )
    assert site.is_article_url("https://www.example.org/news/2024/cotton-prices-climb.html")
    assert not site.is_article_url("https://www.example.org/events/2024/textile-fair.html")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'colour = "blue"',
            "site 'example_org': key 'colour': unknown key; a site has slug, name, url, hosts, "
            "timezone, language, start_urls, feeds, sitemaps, article_url, id_path, page, "
            "selectors, publishes_every",
        ),
        (
            'publishes_every = "weekly"',
            "site 'example_org': key 'publishes_every': 'weekly' is not a duration like 12h, "
            "7d or 2w",
        ),
        (
            "publishes_every = 7",
            "site 'example_org': key 'publishes_every': 7 is not a duration like 12h, 7d or 2w",
        ),
        (
            'publishes_every = "0d"',
            "site 'example_org': key 'publishes_every': '0d' is not a duration like 12h, 7d or 2w",
        ),
        (
            "article_url = '/news/(\\d+.html'",
            "site 'example_org': key 'article_url': bad regular expression: "
            "missing ), unterminated subpattern at position 6",
        ),
        (
            'timezone = "Europe/Atlantis"',
            "site 'example_org': key 'timezone': unknown time zone 'Europe/Atlantis' "
            "(e.g. Europe/Brussels)",
        ),
        (
            '[site.selectors]\ntitle = "h1[["',
            "site 'example_org': key 'selectors.title': bad CSS selector: "
            "Expected ident or '*', got <DELIM '[' at 3>",
        ),
        (
            '[site.selectors]\ntitle = "h1::color"',
            "site 'example_org': key 'selectors.title': bad CSS selector: "
            "The pseudo-element ::color is unknown",
        ),
        (
            '[site.selectors]\nheadline = "h1"',
            "site 'example_org': key 'selectors.headline': unknown field; selectors are for "
            "title, published, body, author, source, summary, category",
        ),
        (
            'page = "nope_com"',
            "site 'example_org': key 'page': no page module textile_news/pages/nope_com.py",
        ),
        (
            'language = "English"',
            "site 'example_org': key 'language': 'English' is not a language code like en or zh",
        ),
        (
            'hosts = "example.org"',
            "site 'example_org': key 'hosts': must be a list of strings",
        ),
    ],
)
def test_a_bad_key_is_named_with_its_file_and_site(tmp_path, extra, message):
    path = write(tmp_path, GOOD + extra + "\n")
    with pytest.raises(sites.SiteError) as caught:
        sites.load_file(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + GOOD, "site 'example_org': key 'slug': defined twice (also site #1)"),
        (
            GOOD.replace('"example_org"', '"example-org"'),
            "site 'example-org': key 'slug': letters, digits and underscores only",
        ),
        (
            GOOD.replace('"example_org"', '"generic"'),
            "site 'generic': key 'slug': 'generic' is the name of a spider that crawls any site",
        ),
        (GOOD.replace('slug = "example_org"\n', ""), "site #1: key 'slug': missing"),
        (
            GOOD.replace('"https://www.example.org"', '"https://www.example.org/news/"'),
            "site 'example_org': key 'url': the site's scheme and host only, "
            "e.g. https://www.example.org",
        ),
        (
            GOOD.replace('start_urls = ["https://www.example.org/news/"]\n', ""),
            "site 'example_org': key 'start_urls': missing: a site needs start_urls, "
            "feeds or sitemaps",
        ),
        (
            GOOD.replace('["https://www.example.org/news/"]', '["/news/"]'),
            "site 'example_org': key 'start_urls': '/news/' is not an http(s) URL",
        ),
        ("[site]\nslug = 1\n", "key 'site': must be [[site]] tables"),
        (
            'title = "x"\n' + GOOD,
            "key 'title': unknown key (a file of sites holds [[site]] tables)",
        ),
        (
            "[[site]\n",
            "not valid TOML: Expected ']]' at the end of an array declaration "
            "(at line 1, column 7)",
        ),
    ],
)
def test_a_bad_file_is_named_in_one_line(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(sites.SiteError) as caught:
        sites.load_file(path)
    assert str(caught.value) == f"{path}: {message}"
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(sites.SiteError) as caught:
        sites.load_file(tmp_path / "none.toml")
    assert (
        str(caught.value) == f"{tmp_path / 'none.toml'}: cannot read it: No such file or directory"
    )


# --- the packaged catalogue -----------------------------------------------------------------


def test_every_packaged_site_has_its_spider_and_facts():
    packaged = sites.packaged()
    assert list(packaged) == site_names()  # one spider per entry, and no other
    loader = spider_loader()
    for slug, site in packaged.items():
        spider = loader.load(slug)
        assert spider.site is site
        assert (spider.name, spider.site_url, spider.site_hosts, spider.timezone) == (
            slug,
            site.url,
            site.hosts,
            site.timezone,
        )


def test_the_sjfzxm_spider_takes_its_facts_from_the_catalogue():
    assert SjfzxmComSpider.start_paths == ("/global/en/", "/news/")
    assert SjfzxmComSpider.article_path == "/global/en/{id}.html"
    assert SjfzxmComSpider.site_aliases()["91se91.com"] == "http://www.sjfzxm.com"
    assert NctoOrgSpider.feed_paths == ("/feed/",)


def test_extraction_finds_a_site_by_host_without_scrapy():
    assert site_for_url("http://m.91se91.com/global/en/1.html").slug == "sjfzxm_com"
    assert site_for_url("https://www.example.org/news/") is None


@pytest.mark.slow
def test_one_page_extraction_reads_the_zone_without_loading_scrapy():
    code = (
        "import sys, json; from textile_news.tools.extract import extract_article; "
        "page = open('tests/fixtures/pages/sjfzxm_com/article-576416-reference/page.html', "
        "'rb').read(); "
        "item = extract_article(page, 'http://www.sjfzxm.com/global/en/576416.html'); "
        "print(json.dumps([item['published_at'][-6:], 'scrapy' in sys.modules]))"
    )
    result = run([sys.executable, "-c", code], timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["+08:00", False]  # Asia/Shanghai, from the catalogue


def test_a_site_of_ones_own_overrides_the_packaged_one(tmp_path):
    path = write(
        tmp_path,
        """
[[site]]
slug = "ncto_org"
name = "NCTO"
url = "https://www.ncto.org"
timezone = "America/Chicago"
feeds = ["https://www.ncto.org/news/feed/"]
page = "ncto_org"
""",
    )
    assert sites.catalogue(path)["ncto_org"].timezone == "America/Chicago"
    assert sites.catalogue(path).timezone("ncto_org") == "America/Chicago"
    assert sites.catalogue()["ncto_org"].timezone == "America/New_York"
    spider = spider_loader(project_settings({"TEXTILE_NEWS_SITES": str(path)})).load("ncto_org")
    # the packaged class (its discovery code) with the file's facts
    assert issubclass(spider, NctoOrgSpider) and spider is not NctoOrgSpider
    assert (spider.timezone, spider.feed_paths) == ("America/Chicago", ("/news/feed/",))


def test_the_loader_makes_a_spider_for_a_site_of_data():
    spider = spider_loader(project_settings({"TEXTILE_NEWS_SITES": str(EXAMPLE)})).load(
        "example_org"
    )
    assert issubclass(spider, SiteSpider)
    assert spider.name == "example_org" and spider.timezone == "Europe/Brussels"
    assert "example_org" not in site_names()  # only with the file


# --- selectors --------------------------------------------------------------------------


def test_selectors_win_field_by_field_and_an_empty_one_falls_back():
    (site,) = sites.load_file(EXAMPLE)
    html = (SITES / "example_org/news/2024/wool-exports-recover.html").read_bytes()
    page = site_pages.article_page(site)(ORG + "2024/wool-exports-recover.html", html)
    item = page.to_item()
    assert item.title == "Wool exports to Asia recover in the first quarter"  # not <title>
    assert (item.published_at, item.date_source) == ("2024-03-04T08:00:00+01:00", "selector")
    assert item.source == "Trade Statistics"
    assert item.author == "Press Office"  # no span.byline: generic extraction's <meta>
    assert page.empty_selectors == {"author"}
    assert item.body.split("\n\n")[1].startswith("Exporters in Belgium and Germany")


# --- the command line -------------------------------------------------------------------


class CountingSite(StaticSite):
    """The replica, counting the requests it answers."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.requests: list[str] = []

    def get(self, path: str) -> Reply | None:
        self.requests.append(path)
        return super().get(path)


@pytest.fixture
def example_site() -> Iterator[tuple[str, CountingSite]]:
    site = CountingSite(SITES / "example_org")
    with serving(site) as url:
        yield url, site


def _commands(bad: Path, start: str, db: Path) -> dict[str, list[str]]:
    crawl = ["--start-url", start, "--db", str(db)]
    return {
        "crawl": [*CLI, "crawl", "example_org", "--sites", str(bad), *crawl],
        "check-site": [*CLI, "check-site", "example_org", "--sites", str(bad), start],
        "sites": [*CLI, "sites", "--sites", str(bad), "--db", str(db)],
        "scrapy-crawl": [
            *(sys.executable, "-m", "scrapy", "crawl", "example_org"),
            *("-a", f"start_url={start}", "-s", f"TEXTILE_NEWS_DB={db}"),
            *("-s", f"TEXTILE_NEWS_SITES={bad}"),
        ],
    }


@pytest.mark.slow
@pytest.mark.parametrize("command", ["crawl", "check-site", "sites", "scrapy-crawl"])
def test_a_bad_file_stops_a_command_in_one_line_before_any_request(tmp_path, example_site, command):
    url, site = example_site
    bad = write(tmp_path, GOOD + "article_url = '(unclosed'\n")
    db = tmp_path / "archive.sqlite"
    result = run(_commands(bad, url + "news/", db)[command], timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"Error: {bad}: site 'example_org': key 'article_url': bad regular expression: "
        "missing ), unterminated subpattern at position 0\n"
    )
    assert site.requests == []
    assert count_rows(db, "articles") == 0


def test_sites_lists_the_files_sites_also_from_the_environment(tmp_path, db, monkeypatch):
    db = tmp_path / "archive.sqlite"  # the fixture's, created
    result = CliRunner().invoke(cli, ["sites", "--db", str(db), "--format", "json"])
    assert "example_org" not in [row["site"] for row in json.loads(result.output)]
    monkeypatch.setenv("TEXTILE_NEWS_SITES", str(EXAMPLE))
    result = CliRunner().invoke(cli, ["sites", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["site"] for row in rows] == sorted([*sites.packaged(), "example_org"])


def test_check_site_checks_a_site_of_data(example_site):
    url, _ = example_site
    result = CliRunner().invoke(
        cli,
        ["check-site", "example_org", "--sites", str(EXAMPLE), "--start-url", url + "news/"],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        f"listing:    {url}news/",
        "entries:    2",
        f"next page:  {url}news/page/2/",
    ]
    assert f"article:    {url}news/2024/cotton-prices-climb.html" in lines
    assert "url           https://www.example.org/news/2024/cotton-prices-climb.html" in lines
    assert "published_at  2024-03-12T10:30:00+01:00" in lines
    assert "author        Anna Weber" in lines


# --- crawls end to end ------------------------------------------------------------------

COTTON = {
    "url": "https://www.example.org/news/2024/cotton-prices-climb.html",
    "site": "example_org",
    "title": "Cotton prices climb as European mills restock",
    "published_at": "2024-03-12T10:30:00+01:00",
    "published_utc": "2024-03-12T09:30:00Z",
    "date_source": "selector",
    "source": "Market Report",
    "author": "Anna Weber",
    "tags": "[]",
    "category": None,
    "views": None,
    "language": "en",
    "summary": "Spot cotton rose for a third week as spinners in Italy and Portugal rebuilt "
    "their stocks.",
    "body": "Spot cotton rose for a third week in a row as spinners in Italy and Portugal "
    "rebuilt the stocks they had run down over the winter.\n\n"
    "Traders said mills bought forward for the second half of the year, expecting freight "
    "costs to rise again in the summer.\n\n"
    "The association will publish its next market report on 26 March.",
}
WOOL = {
    "url": "https://www.example.org/news/2024/wool-exports-recover.html",
    "site": "example_org",
    "title": "Wool exports to Asia recover in the first quarter",
    "published_at": "2024-03-04T08:00:00+01:00",
    "published_utc": "2024-03-04T07:00:00Z",
    "date_source": "selector",
    "source": "Trade Statistics",
    "author": "Press Office",  # no byline: generic extraction's <meta name="author">
    "tags": "[]",
    "category": None,
    "views": None,
    "language": "en",
    "summary": "Shipments of scoured wool to China and India were a fifth higher than a year "
    "earlier.",
    "body": "Shipments of scoured wool to China and India were a fifth higher in the first "
    "quarter than a year earlier, the association's figures show.\n\n"
    "Exporters in Belgium and Germany said orders for the autumn season arrived earlier than "
    "usual.",
}
RECYCLED = {
    "url": "https://www.example.org/news/2023/recycled-fibre-targets.html",
    "site": "example_org",
    "title": "Association sets targets for recycled fibre",
    "published_at": "2023-11-20T09:30:00+01:00",  # no offset on the page: Brussels time
    "published_utc": "2023-11-20T08:30:00Z",
    "date_source": "selector",
    "source": "Press Release",
    "author": "Luc Janssens",
    "tags": "[]",
    "category": None,
    "views": None,
    "language": "en",
    "summary": "Members agreed to use a quarter recycled fibre by 2030.",
    "body": "Members of the association agreed at their general assembly to use a quarter "
    "recycled fibre in their products by 2030.\n\n"
    "Sorting plants will be certified from 2025.\n\n"
    "Progress will be reported every year.",
}
COLUMNS = list(COTTON)


def stored(db: Path) -> list[dict]:
    rows = query(db, f"SELECT {', '.join(COLUMNS)} FROM articles ORDER BY published_utc DESC")
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


@pytest.mark.slow
def test_crawl_a_site_defined_only_in_a_toml_file(tmp_path, example_site):
    url, site = example_site
    db = tmp_path / "archive.sqlite"
    crawl = [*CLI, "crawl", "example_org", "--sites", str(EXAMPLE)]
    result = run([*crawl, "--start-url", url + "news/", "--db", str(db)], timeout=120)
    assert result.returncode == 0, result.stderr
    lines = untimed(result.stdout).splitlines()
    assert lines[0].startswith("example_org: ") and " 3 new, " in lines[0]
    assert lines[1:] == [
        "  finding: example_org: selector author = 'span.byline' matched nothing on 1 of 3 "
        "article pages (generic extraction filled it in)",
        f"archive: {db} (3 articles)",
    ]
    assert stored(db) == [COTTON, WOOL, RECYCLED]
    # generic extraction's related block (<h2>Related</h2>) goes into related_links
    assert query(
        db,
        "SELECT a.url, r.kind, r.position, r.url, r.title FROM related_links r "
        "JOIN articles a ON a.id = r.article_id ORDER BY a.url, r.position",
    ) == [(COTTON["url"], "related", 0, WOOL["url"], WOOL["title"])]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    # the pages that are no articles were not asked for as articles
    assert "/events/2024/textile-fair.html" not in site.requests
    ((findings,),) = query(db, "SELECT findings FROM crawl_runs WHERE sites = 'example_org'")
    assert [f["check"] for f in json.loads(findings)] == ["empty_selector"]


@pytest.mark.slow
def test_scrapy_crawl_finds_a_site_of_the_file(tmp_path, example_site):
    url, _ = example_site
    db = tmp_path / "archive.sqlite"
    command = [sys.executable, "-m", "scrapy", "crawl", "example_org"]
    command += ["-a", f"start_url={url}news/", "-s", f"TEXTILE_NEWS_SITES={EXAMPLE}"]
    result = run([*command, "-s", f"TEXTILE_NEWS_DB={db}"], timeout=120)
    assert result.returncode == 0, result.stderr
    assert stored(db) == [COTTON, WOOL, RECYCLED]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.example.org", True),
        ("WWW.Example.ORG", True),
        ("news.example.com", True),
        ("example.com", False),  # "*.example.com" is its subdomains, not the domain
        ("badexample.com", False),
        ("example.org", False),
        (None, False),
    ],
)
def test_host_matches_hosts_and_wildcards(host, expected):
    from textile_news.sites.site import host_matches

    assert host_matches(host, ("www.example.org", "*.example.com")) is expected
