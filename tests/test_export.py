"""`textile-news export`: formats, filters, fields and manifests (issue 5, item 5)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta

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


def test_parquet_types(archive, tmp_path):
    target = tmp_path / "a.parquet"
    invoke("export", "--db", str(archive), "--format", "parquet", "-o", str(target))
    schema = pq.read_schema(target)
    assert schema.names == ALL_FIELDS
    assert schema.field("id").type == pa.int64()
    assert schema.field("views").type == pa.int64()
    assert schema.field("published_utc").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("terms").type == pa.list_(pa.string())
    assert schema.field("related").type == pa.list_(
        pa.struct([(k, pa.string()) for k in ("url", "title", "category", "published_at")])
    )
    assert schema.field("next").type == pa.struct(
        [(k, pa.string()) for k in ("url", "title", "summary")]
    )
    table = pq.read_table(target)
    assert table.column("published_utc")[0].as_py() == datetime(2019, 12, 30, 3, 30, tzinfo=UTC)


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
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected.getvalue().encode()
    single = tmp_path / "single.csv"
    invoke(
        "export", "--db", str(path), "--format", "csv", "-o", str(single), "--fields", "summary",
        "--include-duplicates",
    )  # fmt: skip
    assert single.read_bytes() == b"\xef\xbb\xbfsummary\r\n" + b'""\r\n' * len(tricky)
