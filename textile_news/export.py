"""Streaming writers for exports: CSV, a JSON array, JSON Lines. Constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMATS = ("csv", "json", "jsonl")


def write(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO, columns: Sequence[str]) -> int:
    """Write ``rows`` to ``out`` as ``fmt``; returns the number of rows written.

    In CSV, list values (``tags``) are written as JSON arrays so nothing is lost.
    """
    if fmt == "csv":
        return _csv(rows, out, columns)
    if fmt == "json":
        return _json_array(rows, out)
    if fmt == "jsonl":
        return _jsonl(rows, out)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


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


def _json_array(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
