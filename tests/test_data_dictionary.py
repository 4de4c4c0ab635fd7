"""The README's data dictionary against the schema a new archive gets (issue 17, item 8):
every table an analyst sees has an entry, and the entry names each of its columns."""

from __future__ import annotations

import re
from contextlib import closing

from tests.conftest import ROOT
from textile_news.archive.db import open_db

# SQLite's and sqlite-utils' own tables, and the full-text index's shadow tables, which the
# entry of articles_search describes as one
INTERNAL = re.compile(r"^(sqlite_|_sqlite_migrations$|articles_search_)")


def dictionary() -> dict[str, str]:
    """Each table's entry in the README's data dictionary: the text from its bold name
    (``**`articles`**``) to the next one."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The archive: data dictionary", 1)[1].split("\n## ", 1)[0]
    parts = re.split(r"\*\*`(\w+)`\*\*", section)
    return {name: text for name, text in zip(parts[1::2], parts[2::2], strict=True)}


def schema(tmp_path) -> dict[str, list[str]]:
    with closing(open_db(tmp_path / "new.sqlite")) as db:
        return {
            table.name: [column.name for column in table.columns]
            for table in db.tables
            if not INTERNAL.match(table.name)
        }


def named(column: str, text: str) -> bool:
    if f"`{column}`" in text:
        return True
    # a numbered run is written once: `simhash_b0` … `simhash_b3`
    stem, number = re.fullmatch(r"(.*?)(\d*)", column).groups()  # type: ignore[union-attr]
    return bool(number) and re.search(rf"`{stem}0`\s*…\s*`{stem}\d+`", text) is not None


def test_every_table_has_an_entry(tmp_path):
    assert sorted(set(schema(tmp_path)) - set(dictionary())) == []


def test_every_column_is_named_in_its_tables_entry(tmp_path):
    entries = dictionary()
    missing = {
        table: [column for column in columns if not named(column, entries.get(table, ""))]
        for table, columns in schema(tmp_path).items()
    }
    assert {table: columns for table, columns in missing.items() if columns} == {}


def test_the_entries_name_no_table_the_schema_lacks(tmp_path):
    assert sorted(set(dictionary()) - set(schema(tmp_path)) - {"articles_search"}) == []
