"""Dates as the page wrote them in the archive (issue 15, item 1): a time with its offset, a
day alone and a time without a zone, through storage, search, filters, stats, exports,
show, Datasette and the incremental crawl."""

from __future__ import annotations

import csv
import io
import json
from contextlib import closing
from datetime import UTC, date, datetime
from functools import partial

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from tests.archive_helpers import integrity_check, iter_articles
from textile_news.analysis import search, stats
from textile_news.archive import published
from textile_news.archive.db import open_db, open_readonly
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.migrations import migrations
from textile_news.archive.read import archived_status, duplicates_of
from textile_news.archive.write import write_batch
from textile_news.cli import cli
from textile_news.spiders.incremental import KnownArticles
from textile_news.text.dates import utc_stamp

SITE = "mill_example"


def article(n: int, title: str, when: str, precision: str, zone: str | None, body: str):
    return {
        "url": f"http://mill.example/news/{n}.html",
        "site": SITE,
        "title": title,
        "published_at": when,
        "date_precision": precision,
        "zone_source": zone,
        "language": "en",
        "body": body,
        "fetched_at": "2026-11-01T08:00:00+00:00",
    }


# ids 1-4; in UTC the evening before (4) is 01:00 on the 16th, the offset one (1) 01:30
ARTICLES = [
    article(
        1,
        "Cotton spinners in Wuxi add shifts",
        "2020-01-16T09:30:00+08:00",
        "minute",
        "page",
        "Spinning mills around Wuxi added night shifts as cotton yarn orders rose.",
    ),
    article(
        2,
        "Cotton fair opens its doors",
        "2020-01-16",
        "day",
        None,
        "The regional cotton fair opened with two hundred exhibitors from twelve countries.",
    ),
    article(
        3,
        "Cotton dyers weigh water prices",
        "2020-01-16T10:00:00",
        "second",
        None,
        "Dyehouses say higher water tariffs will reach the price of finished cotton cloth.",
    ),
    article(
        4,
        "Cotton futures close lower in New York",
        "2020-01-15T20:00:00-05:00",
        "minute",
        "site",
        "Futures on the exchange fell for a third session as cotton stocks grew.",
    ),
]
STORED = [
    # published_at as written, published_utc only for a known instant
    (1, "2020-01-16T09:30:00+08:00", "2020-01-16T01:30:00Z", "minute", "page"),
    (2, "2020-01-16", None, "day", None),
    (3, "2020-01-16T10:00:00", None, "second", None),
    (4, "2020-01-15T20:00:00-05:00", "2020-01-16T01:00:00Z", "minute", "site"),
]
# the archive's order: the day at its start, the naive time as if UTC
OLDEST_FIRST = [2, 4, 1, 3]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("published") / "archive.sqlite"
    with closing(open_db(path)) as db:
        write_batch(db, ARTICLES, [])
    return path


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_utc_stamp_only_for_an_offset():
    assert utc_stamp("2020-01-16T09:30:00+08:00") == "2020-01-16T01:30:00Z"
    assert utc_stamp("2020-01-16") is None
    assert utc_stamp("2020-01-16T10:00:00") is None


def test_stored_as_written_with_an_instant_only_where_known(archive):
    with closing(open_readonly(archive)) as db:
        rows = db.execute(
            "SELECT id, published_at, published_utc, date_precision, zone_source, duplicate_of "
            "FROM articles ORDER BY id"
        ).fetchall()
    assert rows == [(*row, None) for row in STORED]


def test_the_order_uses_its_index(archive):
    with closing(open_readonly(archive)) as db:
        plan = db.execute(
            f"EXPLAIN QUERY PLAN SELECT a.id FROM articles AS a "
            f"ORDER BY {published.order()} DESC, a.id DESC LIMIT 2"
        ).fetchall()
        ids = [i for (i,) in db.execute(f"SELECT id FROM articles ORDER BY {published.order('')}")]
    assert [row[3] for row in plan] == [f"SCAN a USING INDEX {published.ORDER_INDEX}"]
    assert ids == OLDEST_FIRST


@pytest.mark.parametrize(
    ("few", "filters"),
    [
        (20, None),  # plan "all": every match looked up, then sorted
        (0, None),  # plan "early": the order's index walked newest first
        (0, ArticleFilter(until="2020-01-16")),  # early or intersect, by the sample
    ],
)
def test_search_newest(archive, monkeypatch, few, filters):
    monkeypatch.setattr(search, "_FEW", few)
    with closing(open_readonly(archive)) as db:
        found = search.search(db, "cotton", filters=filters, sort="newest", limit=10)
    assert [hit["id"] for hit in found] == OLDEST_FIRST[::-1]


def test_search_newest_on_the_command_line(archive):
    result = invoke("search", "cotton", "--sort", "newest", "--db", str(archive))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1::3] == [
        f"2020-01-16T10:00  {SITE}  Cotton dyers weigh water prices",
        f"2020-01-16T09:30  {SITE}  Cotton spinners in Wuxi add shifts",
        f"2020-01-15T20:00  {SITE}  Cotton futures close lower in New York",
        f"2020-01-16  {SITE}  Cotton fair opens its doors",
    ]


@pytest.mark.parametrize(
    ("since", "until", "ids"),
    [
        ("2020-01-16", "2020-01-16", [1, 2, 3]),  # the site's local day: not 4, of the 15th
        ("2020-01-16", None, [1, 2, 3]),
        (None, "2020-01-16", [1, 2, 3, 4]),
        (None, "2020-01-15", [4]),
        ("2020-01-17", None, []),
        ("2020-01", "2020-01", [1, 2, 3, 4]),
    ],
)
def test_filters_include_a_day_alone_in_its_day(archive, since, until, ids):
    with closing(open_readonly(archive)) as db:
        found = iter_articles(db, ArticleFilter(since=since, until=until), columns=["id"])
        assert sorted(a["id"] for a in found) == ids


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("day", [("2020-01-15", 1), ("2020-01-16", 3)]),
        ("week", [("2020-W03", 4)]),
        ("month", [("2020-01", 4)]),
        ("year", [("2020", 4)]),
    ],
)
@pytest.mark.parametrize("query", [None, "cotton"])  # by index ranges; by GROUP BY
def test_stats_count_a_day_alone_in_its_day_week_and_month(archive, by, expected, query):
    with closing(open_readonly(archive)) as db:
        rows = stats.counts(db, by, ArticleFilter(query=query))
    assert rows == [{"period": p, "site": SITE, "articles": n} for p, n in expected]


def test_stats_by_day_on_the_command_line(archive):
    result = invoke(
        "stats", "--by", "day", "--since", "2020-01-16", "--format", "csv", "--db", str(archive)
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["period,site,articles", f"2020-01-16,{SITE},3"]


FIELDS = "id,published_at,published_utc,date_precision,zone_source"
EXPORTED = [
    {"id": i, "published_at": at, "published_utc": utc, "date_precision": p, "zone_source": z}
    for i in OLDEST_FIRST
    for (n, at, utc, p, z) in STORED
    if n == i
]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_exports_keep_the_date_as_written(archive, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    result = invoke(
        "export", "--format", fmt, "--fields", FIELDS, "-o", str(target), "--db", str(archive)
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    rows = (
        json.loads(text) if fmt == "json" else [json.loads(line) for line in text.split("\n")[:-1]]
    )
    assert rows == EXPORTED
    manifest = json.loads((tmp_path / f"out.{fmt}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["time_range"] == {
        "published_at": {"min": "2020-01-15T20:00:00-05:00", "max": "2020-01-16T10:00:00"},
        "published_utc": {"min": "2020-01-16T01:00:00Z", "max": "2020-01-16T01:30:00Z"},
    }
    assert manifest["columns"][-2:] == [
        {"name": "date_precision", "type": "string"},
        {"name": "zone_source", "type": "string"},
    ]


def test_csv_export_keeps_the_date_as_written(archive, tmp_path):
    target = tmp_path / "out.csv"
    result = invoke(
        "export", "--format", "csv", "--fields", FIELDS, "-o", str(target), "--db", str(archive)
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert rows == [
        FIELDS.split(","),
        ["2", "2020-01-16", "", "day", ""],
        ["4", "2020-01-15T20:00:00-05:00", "2020-01-16T01:00:00Z", "minute", "site"],
        ["1", "2020-01-16T09:30:00+08:00", "2020-01-16T01:30:00Z", "minute", "page"],
        ["3", "2020-01-16T10:00:00", "", "second", ""],
    ]


def test_csv_export_has_the_new_columns_by_default(archive):
    result = invoke("export", "--format", "csv", "--db", str(archive))
    assert result.exit_code == 0, result.output
    head = next(csv.reader(io.StringIO(result.output)))
    assert head[head.index("date_source") :][:3] == ["date_source", "date_precision", "zone_source"]


def test_parquet_export_has_no_instant_for_a_day_or_a_naive_time(archive, tmp_path):
    target = tmp_path / "out.parquet"
    result = invoke(
        "export", "--format", "parquet", "--fields", FIELDS, "-o", str(target), "--db", str(archive)
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    # issue 16 item 6: published_at is typed in three columns, Parquet having one zone a column
    assert table.schema.field("published_at").type == pa.timestamp("ms")
    assert table.schema.field("published_offset").type == pa.string()
    assert table.schema.field("published_day").type == pa.date32()
    assert table.schema.field("published_utc").type == pa.timestamp("ms", tz="UTC")
    assert table.schema.field("date_precision").type == pa.string()
    utc = partial(datetime, tzinfo=UTC)
    assert table.to_pylist() == [
        {
            "id": 2,
            "published_at": None,  # a day alone: no time of day
            "published_offset": None,
            "published_day": date(2020, 1, 16),
            "published_utc": None,
            "date_precision": "day",
            "zone_source": None,
        },
        {
            "id": 4,
            "published_at": datetime(2020, 1, 15, 20, 0),
            "published_offset": "-05:00",
            "published_day": date(2020, 1, 15),
            "published_utc": utc(2020, 1, 16, 1, 0),
            "date_precision": "minute",
            "zone_source": "site",
        },
        {
            "id": 1,
            "published_at": datetime(2020, 1, 16, 9, 30),
            "published_offset": "+08:00",
            "published_day": date(2020, 1, 16),
            "published_utc": utc(2020, 1, 16, 1, 30),
            "date_precision": "minute",
            "zone_source": "page",
        },
        {
            "id": 3,
            "published_at": datetime(2020, 1, 16, 10, 0),  # a time without a known zone
            "published_offset": None,
            "published_day": date(2020, 1, 16),
            "published_utc": None,
            "date_precision": "second",
            "zone_source": None,
        },
    ]


@pytest.mark.parametrize(
    ("article_id", "line"),
    [
        (1, "published_at:  2020-01-16T09:30:00+08:00  (minute; offset from the page)"),
        (2, "published_at:  2020-01-16  (day)"),
        (3, "published_at:  2020-01-16T10:00:00  (second; no zone known)"),
        (4, "published_at:  2020-01-15T20:00:00-05:00  (minute; offset from the site's timezone)"),
    ],
)
def test_show_says_what_is_known_of_the_date(archive, article_id, line):
    result = invoke("show", str(article_id), "--db", str(archive))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[4] == line


def test_show_json_has_the_new_fields(archive):
    result = invoke("show", "2", "--format", "json", "--db", str(archive))
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert {k: shown[k] for k in ("published_at", "date_precision", "zone_source")} == {
        "published_at": "2020-01-16",
        "date_precision": "day",
        "zone_source": None,
    }


def test_copies_are_listed_in_the_archive_order(tmp_path):
    """The other copies of a story in the archive's order: a day alone before the instants
    of that day (it was last, as an article without published_utc)."""
    body = "Weavers in the district bought new air-jet looms for denim this winter, said the guild."
    copies = [
        {**article(n, f"Looms {n}", when, "minute", "page", body), "url": f"http://m{n}.example/a"}
        for n, when in ((1, "2020-01-16T09:30:00+08:00"), (2, "2020-01-16T12:00:00+00:00"))
    ]
    day = {**article(3, "Looms 3", "2020-01-16", "day", None, body), "url": "http://m3.example/a"}
    with closing(open_db(tmp_path / "a.sqlite")) as db:
        write_batch(db, copies, [])
        write_batch(db, [day], [])
        write_batch(db, [{**copies[0], "url": "http://m4.example/a", "title": "Looms 4"}], [])
        assert [c["id"] for c in duplicates_of(db, 1)] == [3, 4, 2]
        originals = db.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall()
    assert originals == [(1, None), (2, 1), (3, 1), (4, 1)]


@pytest.mark.parametrize(
    ("key", "instant", "expected"),
    [
        ("2020-01-16", "2020-01-16T09:30:00Z", True),  # any time of that day
        ("2020-01-15", "2020-01-16T09:30:00Z", False),
        ("2020-01-16T01:30:00Z", "2020-01-16T09:30:00Z", False),
        ("2020-01-16T09:30:00Z", "2020-01-16T09:30:00Z", True),
        ("2020-01-16T10:00:00", "2020-01-16T09:30:00Z", True),  # naive, as if UTC
        (None, "2020-01-16T09:30:00Z", False),
    ],
)
def test_not_before(key, instant, expected):
    assert published.not_before(key, instant) is expected


def test_the_incremental_crawl_revisits_a_recent_day_alone(tmp_path):
    path = tmp_path / "a.sqlite"
    fetched = "2020-01-17T08:00:00+00:00"
    with closing(open_db(path)) as db:
        write_batch(db, [{**a, "fetched_at": fetched} for a in ARTICLES], [])
        assert archived_status(db, "http://mill.example/news/2.html") == (
            fetched,
            "2020-01-16",
            False,
        )
    # a week's revisits from 2020-01-20T12:00Z reach back to 2020-01-13T12:00Z; from the
    # 23rd, to the 16th at noon: the day alone may still be of that afternoon
    for now, recent in (("2020-01-20", {1, 2, 3, 4}), ("2020-01-23", {2}), ("2020-01-24", set())):
        known = KnownArticles(
            path, {}, now=datetime.fromisoformat(f"{now}T12:00:00+00:00"), revisit_days=7
        )
        try:
            wanted = {
                n for n in range(1, 5) if known.check(f"http://mill.example/news/{n}.html")[1]
            }
        finally:
            known.close()
        assert wanted == recent


def test_m011_adds_the_columns_and_keeps_the_rows_archived_before(tmp_path):
    """An archive of the schema before issue 15 (up to m009), its rows as the code before
    wrote them (day-only pages had an invented midnight): their dates stay as they are,
    precision and zone not recorded; the order's index replaces published_utc's."""
    path = tmp_path / "old.sqlite"
    later = [m.name for m in migrations.pending(Database(memory=True))]
    later = later[later.index("m009_covering_fingerprint_bands") + 1 :]
    old = Database(path)
    migrations.apply(old, stop_before=later)
    assert "date_precision" not in old["articles"].columns_dict
    for n, when, utc in (
        (1, "2020-01-16T00:00:00+00:00", "2020-01-16T00:00:00Z"),
        (2, "2011-01-08T00:00:00+08:00", "2011-01-07T16:00:00Z"),
    ):
        old["articles"].insert(
            {
                "url": f"http://mill.example/old/{n}.html",
                "site": SITE,
                "title": f"Old {n}",
                "published_at": when,
                "published_utc": utc,
                "body": "An article archived before.",
            }
        )
    old.close()
    with closing(open_db(path)) as db:
        assert [m.name for m in migrations.applied(db)][-len(later) :] == later
        rows = db.execute(
            "SELECT id, published_at, published_utc, date_precision, zone_source FROM articles"
        ).fetchall()
        indexes = {i.name for i in db["articles"].indexes}
        write_batch(db, [ARTICLES[1]], [])  # a day alone, written by this version
        order = [
            i for (i,) in db.execute(f"SELECT id FROM articles ORDER BY {published.order('')}")
        ]
        assert integrity_check(db) == "ok"
    assert rows == [
        (1, "2020-01-16T00:00:00+00:00", "2020-01-16T00:00:00Z", None, None),
        (2, "2011-01-08T00:00:00+08:00", "2011-01-07T16:00:00Z", None, None),
    ]
    assert {published.ORDER_INDEX, "idx_articles_published_at"} <= indexes
    assert "idx_articles_published_utc" not in indexes
    assert order == [2, 3, 1]  # the new day alone sorts before the old invented midnight


def datasette_json(path, *urls):
    """The JSON of each URL, as Datasette serves the archive with our metadata."""
    import asyncio

    from datasette.app import Datasette

    from textile_news.archive.read import table_columns
    from textile_news.datasette import meta as datasette_plugin

    with closing(open_readonly(path)) as db:
        meta = datasette_plugin.metadata(path.stem, table_columns(db))

    async def fetch():
        ds = Datasette([str(path)], metadata=meta)
        await ds.invoke_startup()
        responses = [await ds.client.get(url) for url in urls]
        assert [r.status_code for r in responses] == [200] * len(urls)
        return [r.json() for r in responses]

    return asyncio.run(fetch())


@pytest.mark.slow
def test_datasette_orders_a_day_alone_by_its_day(archive):
    table, canned, narrowed = datasette_json(
        archive,
        "/archive/articles.json?_shape=array&_col=published_at",
        "/archive/search.json?_shape=array&q=cotton",
        "/archive/search.json?_shape=array&q=&since=2020-01-16&until=2020-01-16",
    )
    # the table by the date as written (its local day); the canned search by the archive's order
    assert [row["id"] for row in table] == [3, 1, 2, 4]
    assert [row["id"] for row in canned] == OLDEST_FIRST[::-1]
    assert [row["id"] for row in narrowed] == [3, 1, 2]
