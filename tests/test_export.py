"""`textile-news export`: formats, filters, fields and manifests (issue 5, item 5)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from contextlib import closing
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tests.analyst_archive import ARTICLES, SJFZXM, build
from tests.archive_helpers import iter_articles
from textile_news.analysis import export
from textile_news.archive.db import open_db, open_readonly
from textile_news.archive.export import export_lines
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import ARTICLE_COLUMNS, get_article
from textile_news.archive.write import write_batch
from textile_news.cli import cli

ALL_FIELDS = [*ARTICLE_COLUMNS, "terms", "related", "next"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("export") / "archive.sqlite")


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows_of(archive, **filters):
    """The archive's articles with every field, as the export reads them."""
    with closing(open_readonly(archive)) as db:
        columns = [c for c in ALL_FIELDS if c not in ("related", "next")]
        return list(iter_articles(db, ArticleFilter(**filters), columns=columns, links=True))


def read_back(path, fmt):
    """The rows of an exported file, values as Python has them."""
    if fmt == "parquet":
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            if row.get("published_utc") is not None:
                row["published_utc"] = row["published_utc"].strftime("%Y-%m-%dT%H:%M:%SZ")
            for key in ("fetched_at", "first_seen_at", "last_seen_at"):
                if row.get(key) is not None:
                    row[key] = row[key].isoformat()
            if "published_at" in row:  # its three columns give back the text, losing nothing
                local, offset = row["published_at"], row.pop("published_offset")
                day = row.pop("published_day")
                row["published_at"] = (
                    local.isoformat() + (offset or "") if local else day and day.isoformat()
                )
        return rows
    text = path.read_text(encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.split("\n") if line]  # not at U+2028
    return list(csv.DictReader(io.StringIO(text, newline="")))


def as_csv(row):
    """What a CSV cell holds for each value: text, '' for None; lists and links are JSON
    (compared parsed: SQLite writes JSON without spaces)."""
    return {
        k: v if isinstance(v, list | dict) else "" if v is None else str(v) for k, v in row.items()
    }


def parse_json_cells(rows):
    for row in rows:
        for key in ("tags", "terms", "related", "next"):
            if row.get(key):
                row[key] = json.loads(row[key])
    return rows


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_export_round_trip(archive, tmp_path, fmt):
    target = tmp_path / f"articles.{fmt}"
    fields = ",".join(ALL_FIELDS)
    result = invoke(
        "export", "--db", str(archive), "--format", fmt, "-o", str(target), "--fields", fields
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"exported 8 articles to {target} (manifest: {target}.manifest.json)\n"
    )
    expected = rows_of(archive)
    back = read_back(target, fmt)
    if fmt == "csv":
        assert parse_json_cells(back) == [as_csv(r) for r in expected]
        assert target.read_bytes().count(b"\r\n") == 1 + 8  # lines end as csv.writer's do
    else:
        assert back == expected
    # the rows are the fixture's articles, Chinese text intact, oldest first
    by_url = {a["url"]: a for a in ARTICLES}
    for row in expected:
        source = by_url[row["url"]]
        for key in ("title", "body", "site", "published_at", "tags", "language"):
            assert row[key] == source[key]
        assert row["related"] == [
            {"category": None, "published_at": None, **link} for link in source["related"]
        ]
        assert row["next"] == source["next"]
    assert [r["id"] for r in expected] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert expected[2]["title"] == "棉花价格上涨"
    assert expected[2]["related"][1] == {
        "url": "http://sjfzxm.com/news/9.html",
        "title": "化纤市场回暖",
        "category": None,
        "published_at": None,
    }


PARQUET_COLUMNS = [
    (c, c2)
    for c in ALL_FIELDS
    for c2 in (
        ["published_at", "published_offset", "published_day"] if c == "published_at" else [c]
    )
]


def test_parquet_types(archive, tmp_path):
    target = tmp_path / "a.parquet"
    invoke("export", "--db", str(archive), "--format", "parquet", "-o", str(target))
    schema = pq.read_schema(target)
    assert schema.names == [name for _, name in PARQUET_COLUMNS]
    link = pa.struct([(k, pa.string()) for k in ("url", "title", "category", "published_at")])
    utc = pa.timestamp("ms", tz="UTC")
    assert {f.name: f.type for f in schema} == {
        "id": pa.int64(),
        "url": pa.string(),
        "site": pa.string(),
        "title": pa.string(),
        "published_at": pa.timestamp("ms"),  # the local time the page wrote: no zone
        "published_offset": pa.string(),
        "published_day": pa.date32(),
        "published_utc": utc,
        "date_source": pa.string(),
        "date_precision": pa.string(),
        "zone_source": pa.string(),
        "source": pa.string(),
        "author": pa.string(),
        "editor": pa.string(),
        "tags": pa.list_(pa.string()),
        "category": pa.string(),
        "views": pa.int64(),
        "language": pa.string(),
        "body": pa.string(),
        "summary": pa.string(),
        "fetched_at": utc,
        "first_seen_at": utc,
        "last_seen_at": utc,
        "content_hash": pa.string(),
        "duplicate_of": pa.int64(),
        "terms": pa.list_(pa.string()),
        "related": pa.list_(link),
        "next": pa.struct([(k, pa.string()) for k in ("url", "title", "summary")]),
    }
    table = pq.read_table(target)
    first = {k: v[0] for k, v in table.to_pydict().items()}
    assert first["published_utc"] == datetime(2019, 12, 30, 3, 30, tzinfo=UTC)
    assert first["published_at"] == datetime(2019, 12, 30, 9, 0)
    assert (first["published_offset"], first["published_day"]) == ("+05:30", date(2019, 12, 30))
    assert first["fetched_at"] == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert first["first_seen_at"] == first["last_seen_at"] == first["fetched_at"]
    assert table.column("published_offset").to_pylist() == [
        "+05:30",
        "+08:00",
        "+08:00",
        "+08:00",
        "+05:30",
        "+08:00",
        "+08:00",
        "+00:00",
    ]


def test_parquet_times_with_microseconds(tmp_path):
    path = tmp_path / "micro.sqlite"
    with closing(open_db(path)) as db:
        write_batch(db, [{**ARTICLES[0], "fetched_at": "2026-03-01T10:00:00.123456+01:00"}], [])
    target = tmp_path / "micro.parquet"
    fields = "id,fetched_at"
    args = ("--format", "parquet", "-o", str(target), "--fields", fields)
    invoke("export", "--db", str(path), *args)
    assert pq.read_table(target).to_pylist() == [
        {"id": 1, "fetched_at": datetime(2026, 3, 1, 9, 0, 0, 123000, tzinfo=UTC)}
    ]


def test_parquet_day_alone_and_naive_time(tmp_path):
    """A day alone: no timestamp, its day in published_day; a time without a zone: its local
    time, no offset and no instant (issue 16 item 6)."""
    path = tmp_path / "days.sqlite"
    with closing(open_db(path)) as db:
        write_batch(
            db,
            [
                {**ARTICLES[0], "url": "http://x.org/1", "published_at": "2020-09-09"},
                {**ARTICLES[0], "url": "http://x.org/2", "published_at": "2020-09-10T17:48:00"},
            ],
            [],
        )
    target = tmp_path / "days.parquet"
    fields = "id,published_at,published_utc,views"
    # the two share ARTICLES[0]'s body: the second is stored as a copy of the first
    result = invoke(
        "export", "--db", str(path), "--format", "parquet", "-o", str(target), "--fields", fields,
        "--include-duplicates",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pq.read_table(target).to_pylist() == [
        {
            "id": 1,
            "published_at": None,
            "published_offset": None,
            "published_day": date(2020, 9, 9),
            "published_utc": None,
            "views": 1200,
        },
        {
            "id": 2,
            "published_at": datetime(2020, 9, 10, 17, 48),
            "published_offset": None,
            "published_day": date(2020, 9, 10),
            "published_utc": None,
            "views": 1200,
        },
    ]
    manifest = json.loads((tmp_path / "days.parquet.manifest.json").read_text())
    assert manifest["columns"] == [
        {"name": "id", "type": "int64"},
        {"name": "published_at", "type": "timestamp[ms]"},
        {"name": "published_offset", "type": "string"},
        {"name": "published_day", "type": "date32"},
        {"name": "published_utc", "type": "timestamp[ms, tz=UTC]"},
        {"name": "views", "type": "int64"},
    ]


def test_parquet_in_several_row_groups(archive, tmp_path):
    """A row group per batch: the file reads back whole, in order."""
    target = tmp_path / "a.parquet"
    fields = ["id", "title", "tags", "next"]
    with closing(open_readonly(archive)) as db, target.open("wb") as out:
        batches = export_lines(db, ArticleFilter(), fields, "columns", batch_size=3)
        assert export.write_parquet(batches, out, fields) == 8
    assert pq.ParquetFile(target).metadata.num_row_groups == 3
    assert pq.read_table(target).to_pylist() == [
        {f: a[f] for f in fields} for a in rows_of(archive)
    ]


def test_parquet_encoding(archive, tmp_path):
    """zstd throughout; dictionaries for the values that repeat (site, tags), not for the
    text of every article (url, title, body)."""
    target = tmp_path / "a.parquet"
    invoke("export", "--db", str(archive), "--format", "parquet", "-o", str(target))
    group = pq.ParquetFile(target).metadata.row_group(0)
    chunks = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    assert {chunk.compression for chunk in chunks.values()} == {"ZSTD"}
    dictionary = sorted(p for p, c in chunks.items() if "RLE_DICTIONARY" in c.encodings)
    assert dictionary == [
        "author",
        "category",
        "date_source",
        "editor",
        "language",
        "site",
        "source",
        "tags.list.element",
        "terms.list.element",
    ]


def test_parquet_write_error_is_raised(archive, tmp_path):
    """An error while Arrow writes a batch (in its own thread) reaches the caller."""

    class Full(io.RawIOBase):
        """Takes the file's magic number, then is full."""

        written = 0

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            if self.written:
                raise OSError(28, "No space left on device")
            self.written += len(data)
            return len(data)

    fields = ["id", "title"]
    with closing(open_readonly(archive)) as db:
        batches = export_lines(db, ArticleFilter(), fields, "columns", batch_size=3)
        with pytest.raises(OSError, match="No space left"):
            export.write_parquet(batches, Full(), fields)


def test_manifest(archive, tmp_path):
    target = tmp_path / "zh.jsonl"
    before = datetime.now(UTC).replace(microsecond=0)
    result = invoke(
        "export",
        "--db",
        str(archive),
        "--format",
        "jsonl",
        "-o",
        str(target),
        "--language",
        "zh",
        "--fields",
        "id,title,published_utc,tags,next",
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "zh.jsonl.manifest.json").read_text(encoding="utf-8"))
    created = datetime.fromisoformat(manifest.pop("created_at"))
    assert before <= created <= datetime.now(UTC) + timedelta(seconds=1)
    data = target.read_bytes()
    assert manifest == {
        "file": "zh.jsonl",
        "format": "jsonl",
        "rows": 3,
        "columns": [
            {"name": "id", "type": "int64"},
            {"name": "title", "type": "string"},
            {"name": "published_utc", "type": "timestamp[ms, tz=UTC]"},
            {"name": "tags", "type": "list<string>"},
            {"name": "next", "type": "struct<url: string, title: string, summary: string>"},
        ],
        "filters": {
            "query": None,
            "site": None,
            "since": None,
            "until": None,
            "tag": None,
            "term": None,
            "language": "zh",
            "duplicates": "exclude",
        },
        "time_range": {
            "published_at": {
                "min": "2020-01-20T08:00:00+08:00",
                "max": "2021-01-01T00:30:00+08:00",
            },
            "published_utc": {"min": "2020-01-20T00:00:00Z", "max": "2020-12-31T16:30:00Z"},
        },
        "archive": str(archive.resolve()),
        "textile_news_version": "0.1.0",
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    assert [json.loads(line)["title"] for line in data.decode().splitlines()] == [
        "棉花价格上涨",
        "一季度纺织品出口增长",
        "新年丝绸市场开市",
    ]


def test_manifest_of_an_empty_export(archive, tmp_path):
    target = tmp_path / "none.csv"
    invoke("export", "--db", str(archive), "--format", "csv", "-o", str(target), "--since", "2030")
    manifest = json.loads((tmp_path / "none.csv.manifest.json").read_text())
    assert (manifest["rows"], manifest["time_range"]) == (
        0,
        {
            "published_at": {"min": None, "max": None},
            "published_utc": {"min": None, "max": None},
        },
    )
    assert manifest["filters"]["since"] == "2030-01-01"
    assert target.read_text(encoding="utf-8-sig").splitlines() == [",".join(ARTICLE_COLUMNS)]


def test_export_to_stdout_has_no_manifest(archive, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--db", str(archive), "--format", "json", "--fields", "id,site")
    assert json.loads(result.output)[:2] == [
        {"id": 1, "site": "fibre2fashion_com"},
        {"id": 2, "site": SJFZXM},
    ]
    assert list(tmp_path.iterdir()) == []


def test_default_fields(archive):
    csv_out = invoke("export", "--db", str(archive), "--format", "csv")
    assert next(csv.reader(io.StringIO(csv_out.output))) == list(ARTICLE_COLUMNS)
    json_out = invoke("export", "--db", str(archive), "--format", "jsonl")
    assert list(json.loads(json_out.output.splitlines()[0])) == ALL_FIELDS


def test_fields_choose_and_order_the_columns(archive):
    result = invoke(
        "export", "--db", str(archive), "--format", "csv", "--fields", "title, id,related,title"
    )
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["title", "id", "related"]
    assert rows[1][:2] == ["Cotton yarn exports to China rise", "1"]
    assert json.loads(rows[1][2])[0]["title"] == "Yarn prices firm"
    assert len(rows) == 9


@pytest.mark.parametrize("fields", ["id,nosuch", ",", "Title"])
def test_unknown_fields_are_a_usage_error(archive, fields):
    result = invoke("export", "--db", str(archive), "--format", "json", "--fields", fields)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("Error: unknown field ")
    assert result.output.splitlines()[-1].endswith(f"valid fields: {', '.join(ALL_FIELDS)}")


def test_parquet_needs_a_file(archive):
    result = invoke("export", "--db", str(archive), "--format", "parquet")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: --format parquet writes a file: add -o FILE.parquet"
    )


def test_parquet_without_pyarrow(archive, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import fails as if not installed
    target = tmp_path / "a.parquet"
    result = invoke("export", "--db", str(archive), "--format", "parquet", "-o", str(target))
    assert result.exit_code == 1
    assert result.output == (
        "Error: Parquet export needs pyarrow, which is not installed: "
        "pip install 'textile-news[all]'\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_nothing(archive, tmp_path):
    target = tmp_path / "missing" / "a.parquet"
    result = invoke("export", "--db", str(archive), "--format", "parquet", "-o", str(target))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {target}: No such file or directory\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (["--tag", "棉花"], [3]),
        (["--language", "en", "--since", "2020-03"], [5, 6, 8]),
        (["--site", SJFZXM, "--until", "2020-01-15"], [2]),
        (["--query", "cotton"], [1, 5]),
        (["--query", "棉花"], [3]),
        (["--query", "丝绸 OR silk", "--language", "zh"], [4, 7]),
        (["--term", "cotton"], [1, 3, 5]),
        (["--term", "cotton", "--language", "en"], [1, 5]),
    ],
)
def test_filters(archive, filters, ids):
    result = invoke("export", "--db", str(archive), "--format", "jsonl", "--fields", "id", *filters)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ids


def test_terms_are_exported(archive):
    result = invoke("export", "--db", str(archive), "--format", "json", "--fields", "id,terms")
    assert json.loads(result.output)[:3] == [
        {"id": 1, "terms": ["cotton", "india"]},
        {"id": 2, "terms": []},
        {"id": 3, "terms": ["cotton", "xinjiang"]},
    ]


def test_a_malformed_query_is_a_usage_error(archive, tmp_path):
    target = tmp_path / "a.json"
    result = invoke(
        "export", "--db", str(archive), "--format", "json", "-o", str(target), "--query", "(wool"
    )
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("Error: invalid search query '(wool'")
    assert list(tmp_path.iterdir()) == []


def test_links_are_read_a_batch_at_a_time(archive):
    """One query of links per batch of articles, the links still those of each article."""
    with closing(open_readonly(archive)) as db:
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        batched = list(iter_articles(db, links=True, batch_size=3))
        db.conn.set_trace_callback(None)
        assert sum("FROM related_links" in s for s in statements) == 3  # 8 articles
        for article in batched:
            found = get_article(db, article["id"])
            assert (article["related"], article["next"]) == (found["related"], found["next"])


TRICKY = [
    None,
    0,
    -17,
    "",
    "plain ascii",
    'say "hi", then go',
    "line one\nline two\r\nthree\rfour",
    "tab\there, back\\slash, nul\x00, bell\x07 and del\x7f",
    "a literal \\u0041 in text",
    "棉花价格上涨，“纺织”企业",
    "emoji 🧵 and curly ’quotes’ – dash",
    "\u2028\u2029 separators",
    ["a", "b,c", '"q"'],
    {"url": "http://x/1", "title": "丝绸"},
    [],
]


def tricky_archive(path):
    """Articles whose title, author and summary are hard to quote or escape."""
    tricky = [t for t in TRICKY if isinstance(t, str) and t]
    with closing(open_db(path)) as db:
        write_batch(
            db,
            [
                {
                    **ARTICLES[0],
                    "url": f"http://example.com/{i}",
                    "title": text,
                    "author": text[::-1],
                    "summary": "" if i % 2 else None,
                    "views": i,
                    "tags": [text, "x"],
                }
                for i, text in enumerate(tricky)
            ],
            [],
        )
    return path, tricky


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_json_built_by_sqlite_reads_back_equal(tmp_path, fmt):
    path, tricky = tricky_archive(tmp_path / "tricky.sqlite")
    target = tmp_path / f"tricky.{fmt}"
    fields = "id,title,author,summary,views,tags,related,next"
    invoke(
        "export", "--db", str(path), "--format", fmt, "-o", str(target), "--fields", fields,
        "--include-duplicates",  # the tricky articles are alike: copies of each other
    )  # fmt: skip
    back = read_back(target, fmt)
    assert [r["title"] for r in back] == tricky
    with closing(open_readonly(path)) as db:
        expected = list(iter_articles(db, links=True))
    assert back == [{f: a[f] for f in fields.split(",")} for a in expected]


def test_csv_built_by_sqlite_is_that_of_the_csv_module(tmp_path):
    """SQLite writes the CSV lines of a file export: the same bytes as csv.writer."""
    path, tricky = tricky_archive(tmp_path / "tricky.sqlite")
    target = tmp_path / "tricky.csv"
    fields = ["id", "title", "author", "summary", "views", "published_at"]
    result = invoke(
        "export",
        "--db",
        str(path),
        "--format",
        "csv",
        "-o",
        str(target),
        "--fields",
        ",".join(fields),
        "--include-duplicates",  # the tricky articles are alike: copies of each other
    )
    assert result.exit_code == 0, result.output
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(fields)
    with closing(open_readonly(path)) as db:
        writer.writerows([a[f] for f in fields] for a in iter_articles(db))
    assert target.read_bytes() == expected.getvalue().encode()  # no byte-order mark
    single = tmp_path / "single.csv"
    invoke(
        "export", "--db", str(path), "--format", "csv", "-o", str(single), "--fields", "summary",
        "--include-duplicates",
    )  # fmt: skip
    assert single.read_bytes() == b"summary\r\n" + b'""\r\n' * len(tricky)


BOM = b"\xef\xbb\xbf"


def test_csv_has_no_byte_order_mark_to_a_file_or_stdout(archive, tmp_path):
    """One rule whatever the destination (issue 16 item 6): no mark unless --excel."""
    target = tmp_path / "a.csv"
    invoke("export", "--db", str(archive), "--format", "csv", "-o", str(target))
    stdout = CliRunner().invoke(cli, ["export", "--db", str(archive), "--format", "csv"])
    assert target.read_bytes().startswith(b"id,url,site,title,")
    assert stdout.stdout_bytes == target.read_bytes()


def test_excel_adds_the_byte_order_mark_to_a_file_and_stdout(archive, tmp_path):
    target = tmp_path / "a.csv"
    result = invoke("export", "--db", str(archive), "--format", "csv", "--excel", "-o", str(target))
    assert result.exit_code == 0, result.output
    stdout = CliRunner().invoke(cli, ["export", "--db", str(archive), "--format", "csv", "--excel"])
    data = target.read_bytes()
    assert data.startswith(BOM + b"id,url,site,title,")
    assert data.count(BOM) == 1
    assert stdout.stdout_bytes == data
    assert data.count(b"\r\n") == 1 + 8  # Excel's line end, as every CSV here
    manifest = json.loads((tmp_path / "a.csv.manifest.json").read_text())
    assert (manifest["bytes"], manifest["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())


def test_excel_is_only_for_csv(archive):
    result = invoke("export", "--db", str(archive), "--format", "jsonl", "--excel")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: --excel is for --format csv"


def test_integers_load_as_integers(tmp_path):
    """views and duplicate_of: "1200", never "1200.0", in CSV; ints in JSON; and a CSV
    reader that keeps nulls in an integer column (Arrow's) types them int64 (issue 16 item 6)."""
    import pyarrow.csv as pacsv

    path = tmp_path / "ints.sqlite"
    with closing(open_db(path)) as db:
        write_batch(db, [{**ARTICLES[0], "views": 1200.0}, {**ARTICLES[1], "views": None}], [])
        db.execute("UPDATE articles SET duplicate_of = 1 WHERE id = 2")
        db.conn.commit()
    fields = "id,views,duplicate_of"
    copies = "--include-duplicates"  # article 2 is a copy of 1: exported only when asked
    out = invoke("export", "--db", str(path), "--format", "csv", "--fields", fields, copies)
    assert out.stdout_bytes == b"id,views,duplicate_of\r\n1,1200,\r\n2,,1\r\n"
    table = pacsv.read_csv(io.BytesIO(out.stdout_bytes))
    assert table.schema == pa.schema(
        [("id", pa.int64()), ("views", pa.int64()), ("duplicate_of", pa.int64())]
    )
    assert table.to_pylist() == [
        {"id": 1, "views": 1200, "duplicate_of": None},
        {"id": 2, "views": None, "duplicate_of": 1},
    ]
    for fmt in ("json", "jsonl"):
        out = invoke("export", "--db", str(path), "--format", fmt, "--fields", fields, copies)
        rows = (
            json.loads(out.output)
            if fmt == "json"
            else [json.loads(line) for line in out.output.splitlines()]
        )
        assert rows == [
            {"id": 1, "views": 1200, "duplicate_of": None},
            {"id": 2, "views": None, "duplicate_of": 1},
        ]
        assert all(type(v) is int for r in rows for v in r.values() if v is not None)
