"""Streaming exports: CSV, a JSON array, JSON Lines, Parquet; a manifest beside each file.

Constant memory whatever the archive's size: rows arrive from a cursor a batch at a time
and leave at once. SQLite builds each article's JSON object or CSV line, and its lists and
links for Parquet (``export.export_lines``; the text formats' lines on both cores, by
reader processes): 1M articles leave in 35-56 s.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from sqlite_utils import Database

from textile_news.analysis import extras, outputs
from textile_news.archive.db import utc_now
from textile_news.archive.export import export_lines
from textile_news.archive.filters import ArticleFilter
from textile_news.archive.read import ARTICLE_COLUMNS
from textile_news.items import ARTICLE_FIELDS

FORMATS = ("csv", "json", "jsonl", "parquet")
# Every field an export can have and its type (Arrow's names), in the order of
# items.ARTICLE_FIELDS. The same logical types in every format: CSV cells hold lists and
# links as JSON text; CSV and JSON write timestamps as ISO 8601 text; Parquet has them native.
FIELD_TYPES = {f.name: f.export for f in ARTICLE_FIELDS if f.export is not None}
FIELDS = tuple(FIELD_TYPES)
_NESTED = ("tags", "terms", "related", "next")  # JSON in the archive and in CSV
# CSV: one flat row per article, as before (terms and links on request: --fields)
DEFAULT_FIELDS = {
    "csv": ARTICLE_COLUMNS,
    **{fmt: FIELDS for fmt in ("json", "jsonl", "parquet")},
}
PARQUET_BATCH = 2000  # rows a row group, and a record batch: about 200 MB of memory
# Parquet columns whose values repeat from article to article: dictionary-encoded
_REPEATING = {
    "site",
    "date_source",
    "source",
    "author",
    "editor",
    "category",
    "language",
    "tags",
    "terms",
}
_PARQUET_PATHS = {"tags": "tags.list.element", "terms": "terms.list.element"}
# Parquet splits published_at in three (issue 16 item 6): a Parquet timestamp has one zone
# for the whole column, and the pages' offsets differ from article to article. The local
# time as the page wrote it (null for a day alone), its offset, and the local day.
PUBLISHED_PARTS = (
    ("published_at", "timestamp[ms]"),
    ("published_offset", "string"),
    ("published_day", "date32"),
)
# a normalised published_at (text.dates.written); anything else is null in Parquet
_STAMP = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?)?$"


def write(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO, columns: Sequence[str]) -> int:
    """Write ``rows`` to ``out`` as ``fmt`` (a text format); returns the number written.

    Only ``columns`` are written, in that order. In CSV, list values (``tags``) and links
    are written as JSON so nothing is lost.
    """
    if fmt == "csv":
        return _csv(rows, out, columns)
    if fmt == "json":
        return _json_array(rows, out, columns)
    if fmt == "jsonl":
        return _jsonl(rows, out, columns)
    raise ValueError(f"unknown text export format {fmt!r}; choose one of csv, json, jsonl")


def _csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: Sequence[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(
            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
            for v in (row.get(c) for c in columns)
        )
        count += 1
    return count


def _json_array(rows: Iterable[dict[str, Any]], out: TextIO, columns: Sequence[str]) -> int:
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _jsonl(rows: Iterable[dict[str, Any]], out: TextIO, columns: Sequence[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
        count += 1
    return count


def parquet_fields(columns: Sequence[str]) -> list[tuple[str, str]]:
    """The columns of a Parquet export of ``columns`` and their types: ``published_at``
    becomes :data:`PUBLISHED_PARTS`, the rest are as :data:`FIELD_TYPES` says."""
    out: list[tuple[str, str]] = []
    for c in columns:
        out += PUBLISHED_PARTS if c == "published_at" else [(c, FIELD_TYPES[c])]
    return out


def parquet_schema(columns: Sequence[str]) -> Any:
    """The Arrow schema of a Parquet export of ``columns`` (:func:`parquet_fields`).

    :raises extras.MissingExtra: pyarrow is not installed
    """
    pa = extras.require("pyarrow", "Parquet export")
    link = pa.struct([(name, pa.string()) for name in ("url", "title", "category", "published_at")])
    types = {
        "int64": pa.int64(),
        "string": pa.string(),
        "date32": pa.date32(),
        "timestamp[ms]": pa.timestamp("ms"),
        "timestamp[ms, tz=UTC]": pa.timestamp("ms", tz="UTC"),
        "list<string>": pa.list_(pa.string()),
        FIELD_TYPES["related"]: pa.list_(link),
        FIELD_TYPES["next"]: pa.struct(
            [(name, pa.string()) for name in ("url", "title", "summary")]
        ),
    }
    return pa.schema([pa.field(name, types[kind]) for name, kind in parquet_fields(columns)])


def write_parquet(
    batches: Iterable[list[tuple[Any, ...]]],
    out: Any,
    columns: Sequence[str],
    *,
    span: _Span | None = None,
) -> int:
    """Write to the binary file ``out`` as Parquet, a row group per batch, the batches of
    ``export.export_lines(..., "columns")``; returns the number of rows.

    :raises extras.MissingExtra: pyarrow is not installed
    """
    schema = parquet_schema(columns)
    import pyarrow.parquet as pq

    count = 0
    # zstd: a third of snappy's size here and faster to write (snappy spends its time on the
    # bodies); dictionaries only where values repeat, not for every title, URL and body
    dictionary = [_PARQUET_PATHS.get(c, c) for c in columns if c in _REPEATING]
    with (
        pq.ParquetWriter(out, schema, compression="zstd", use_dictionary=dictionary) as writer,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as encoder,
    ):
        # Arrow encodes and compresses a batch without the GIL, in this thread, while the
        # next batch is read from SQLite: the export uses two cores. One batch in flight
        # keeps memory at two batches.
        pending: Future[None] | None = None
        for batch in batches:
            if span is not None:
                for row in batch:
                    span.note(row[-2], row[-1])
            record_batch = _record_batch(batch, columns, schema)
            if pending is not None:
                pending.result()
            pending = encoder.submit(writer.write_batch, record_batch)
            count += len(batch)
        if pending is not None:
            pending.result()
    return count


def _record_batch(rows: list[tuple[Any, ...]], columns: Sequence[str], schema: Any) -> Any:
    import pyarrow as pa
    import pyarrow.json as pj

    values = list(zip(*rows, strict=True))
    arrays: dict[str, Any] = {}
    nested = [(i, schema.field(c)) for i, c in enumerate(columns) if c in _NESTED]
    for i, name in enumerate(columns):
        if name == "published_at":
            arrays.update(_published_parts(pa.array(values[i], pa.string())))
        elif name in _NESTED:
            continue
        elif FIELD_TYPES[name].startswith("timestamp"):
            # parsed by Arrow in C: published_utc is stored as 2020-09-09T09:48:00Z
            # (text.dates.utc_stamp), the fetch and seen times with +00:00; ms, as Parquet
            # has no unit of seconds
            arrays[name] = _timestamps(values[i], schema.field(name).type)
        else:
            arrays[name] = pa.array(values[i], schema.field(name).type)
    if nested:
        # lists and links come as JSON from SQLite: Arrow's JSON reader parses them, a line
        # of them per article, with no Python object on the way
        lines = b"\n".join(
            b"{"
            + b",".join(b'"%s":%s' % (f.name.encode(), row[i] or b"null") for i, f in nested)
            + b"}"
            for row in rows
        )
        table = pj.read_json(
            io.BytesIO(lines),
            read_options=pj.ReadOptions(block_size=len(lines) + 1, use_threads=False),
            parse_options=pj.ParseOptions(explicit_schema=pa.schema([f for _, f in nested])),
        )
        arrays.update({f.name: table.column(f.name).combine_chunks() for _, f in nested})
    return pa.RecordBatch.from_arrays([arrays[f.name] for f in schema], schema=schema)


def _timestamps(values: Sequence[str | None], kind: Any) -> Any:
    import pyarrow as pa

    try:
        return pa.array(values, pa.string()).cast(kind)
    except pa.ArrowInvalid:
        # a stamp Arrow's ISO 8601 reader refuses (microseconds, from a caller of the
        # writer's own): Python's reader, value by value, for this batch only
        return pa.array([v and datetime.fromisoformat(v) for v in values], kind)


def _published_parts(text: Any) -> dict[str, Any]:
    """published_at's three Parquet columns (:data:`PUBLISHED_PARTS`) from its text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.if_else(pc.match_substring_regex(text, _STAMP), text, None)
    timed = pc.greater_equal(pc.utf8_length(text), 19)
    offset = pc.utf8_slice_codeunits(text, 19)
    return {
        "published_at": pc.if_else(timed, pc.utf8_slice_codeunits(text, 0, 19), None).cast(
            pa.timestamp("ms")
        ),
        "published_offset": pc.if_else(pc.equal(offset, ""), None, offset),
        "published_day": pc.utf8_slice_codeunits(text, 0, 10).cast(pa.date32()),
    }


class _Span:
    """The earliest and latest publication of the rows written (for the manifest)."""

    def __init__(self) -> None:
        self.low: dict[str, str] = {}
        self.high: dict[str, str] = {}

    def note(self, published_at: str | None, published_utc: str | None) -> None:
        for key, value in (("published_at", published_at), ("published_utc", published_utc)):
            if value is not None:
                if key not in self.low or value < self.low[key]:
                    self.low[key] = value
                if key not in self.high or value > self.high[key]:
                    self.high[key] = value

    def range(self) -> dict[str, dict[str, str | None]]:
        return {
            key: {"min": self.low.get(key), "max": self.high.get(key)}
            for key in ("published_at", "published_utc")
        }


class _Hashed:
    """A binary file that counts and hashes what is written to it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.out.write(data)


def stream(
    db: Database,
    filters: ArticleFilter,
    fmt: str,
    out: BinaryIO | _Hashed,
    columns: Sequence[str],
    *,
    bom: bool = False,
    span: _Span | None = None,
) -> int:
    """Write the matching articles, oldest first, to ``out`` as CSV, a JSON array or JSON
    Lines; returns how many. SQLite builds each article's line (export.export_lines).

    :param bom: start with a UTF-8 byte-order mark, for Excel, which reads a CSV without
        one in the system's code page and garbles Chinese (``--excel``; issue 16 item 6)
    :param span: notes the rows' publication dates
    :raises errors.QueryError: ``filters.query`` is not a valid search query
    """
    batches = export_lines(db, filters, columns, "csv" if fmt == "csv" else "json")
    count = 0
    out.write((codecs.BOM_UTF8 if bom else b"") + _head(fmt, columns))
    for batch in batches:
        if span is not None:
            for _, published_at, published_utc in batch:
                span.note(published_at, published_utc)
        lines = [line for line, _, _ in batch]
        if fmt == "json":
            out.write((b",\n" if count else b"\n") + b",\n".join(lines))
        else:
            end = b"\r\n" if fmt == "csv" else b"\n"  # csv.writer's line end
            out.write(end.join(lines) + end)
        count += len(batch)
    if fmt == "json":
        out.write(b"\n]\n" if count else b"]\n")
    return count


def _head(fmt: str, columns: Sequence[str]) -> bytes:
    if fmt == "csv":
        header = io.StringIO()
        csv.writer(header).writerow(columns)
        return header.getvalue().encode()
    return b"[" if fmt == "json" else b""


def to_file(
    db: Database,
    filters: ArticleFilter,
    fmt: str,
    output: Path,
    columns: Sequence[str],
    *,
    archive: Path,
    bom: bool = False,
) -> dict[str, Any]:
    """Export the matching articles to ``output`` and write its manifest,
    ``<output>.manifest.json`` (none for a pipe or a device, which is written in place).

    Both are written beside their targets and renamed over them once complete
    (``outputs.Replacement``): a failed export leaves the files it would have replaced as
    they were, neither a half file nor a manifest that does not match.

    :param columns: the fields to write, in order
    :param filters: which articles, also for the manifest
    :param archive: the archive's path, for the manifest; never written over
    :param bom: start a CSV with a UTF-8 byte-order mark (``--excel``)
    :returns: the manifest
    :raises outputs.Refused: ``output`` or its manifest would be written over the archive,
        a file beside it, or a SQLite database
    :raises OSError: a file cannot be written
    :raises extras.MissingExtra: Parquet without pyarrow
    :raises errors.QueryError: ``filters.query`` is not a valid search query
    """
    manifest_path = manifest_of(output)
    for target in (output, manifest_path):
        outputs.check_target(target, archive=archive)
    if fmt == "parquet":
        parquet_schema(columns)  # pyarrow missing: before the file is made
    span = _Span()
    with outputs.Replacement(output) as data:
        if fmt == "parquet":
            # one reader: here Arrow's work, in this process, is the larger part, and the
            # rows of reader processes would cross a pipe for nothing
            batches = export_lines(
                db, filters, columns, "columns", batch_size=PARQUET_BATCH, readers=1
            )
            count = write_parquet(batches, data.file, columns, span=span)
            data.file.flush()
            size, digest = (None, None) if data.in_place else _digest(data.path)
        else:
            hashed = _Hashed(data.file)
            count = stream(db, filters, fmt, hashed, columns, bom=bom, span=span)
            size, digest = hashed.size, hashed.sha.hexdigest()
        manifest = {
            "file": output.name,
            "format": fmt,
            "rows": count,
            "columns": [
                {"name": name, "type": kind}
                for name, kind in (
                    parquet_fields(columns)
                    if fmt == "parquet"
                    else [(c, FIELD_TYPES[c]) for c in columns]
                )
            ],
            "filters": asdict(filters),
            "time_range": span.range(),
            "created_at": utc_now(),
            "archive": str(archive.resolve()),
            "textile_news_version": _version(),
            "bytes": size,
            "sha256": digest,
        }
        if data.in_place:
            data.commit()
            return manifest
        with outputs.Replacement(manifest_path) as described:
            text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
            described.file.write(text.encode())
            # both complete before either replaces its target
            data.commit()
            described.commit()
    return manifest


def manifest_of(output: Path) -> Path:
    """Where the manifest of the export ``output`` goes: ``a.csv`` -> ``a.csv.manifest.json``."""
    return output.with_name(output.name + ".manifest.json")


def _digest(path: Path) -> tuple[int, str]:
    sha, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def _version() -> str:
    try:
        return metadata.version("textile-news")
    except metadata.PackageNotFoundError:  # run from a checkout without installing
        return "unknown"
