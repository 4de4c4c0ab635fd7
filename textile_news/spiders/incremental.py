"""Incremental crawls: which article URLs are worth a request, asked of the archive.

A URL already archived is skipped, unless the crawl is ``--full`` or the article is
recent enough to be revisited for revisions (``TEXTILE_NEWS_REVISIT_DAYS``). When the crawl
keeps originals, an article archived without one is not "known": it is fetched again, so
that its original is stored (issue 13, item 2: a writer that died had lost them).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from textile_news.archive.db import open_db
from textile_news.archive.published import not_before
from textile_news.archive.read import archived_before, archived_status
from textile_news.archive.runs import last_run_incomplete
from textile_news.text.urls import canonical_url_cached


class KnownArticles:
    """Answers "fetch this article URL?" from the archive, one indexed lookup a URL."""

    def __init__(
        self,
        db_file: str | Path,
        host_aliases: Mapping[str, str],
        *,
        full: bool = False,
        revisit_days: float = 7,
        now: datetime | None = None,
        captures: bool = False,
    ) -> None:
        self.db_file = Path(db_file)
        self.aliases = tuple(sorted(host_aliases.items()))
        self.full = full
        self.captures = captures
        now = now or datetime.now(UTC)
        # microseconds: first_seen_at has whole seconds, so an article stored in the second
        # this crawl began (by the crawl just before) still counts as known
        self.started_at = now.isoformat(timespec="microseconds")
        self.cutoff = (now - timedelta(days=revisit_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._db: Database | None = None
        self._empty: bool | None = None
        # the answer for a URL cannot change during the crawl: it is about the archive as it
        # was when the crawl began
        self._answers: dict[str, tuple[bool, bool]] = {}

    def _archive(self) -> Database | None:
        """The archive, or None when it held no article when the crawl began (a first
        crawl: no URL is known, and none needs a lookup)."""
        if self._empty is None:
            self._empty = not self.db_file.exists()
            if not self._empty:
                self._db = open_db(self.db_file)
                self._empty = not archived_before(self._db, self.started_at)
        return None if self._empty else self._db

    def check(self, url: str) -> tuple[bool, bool]:
        """``(known, wanted)``: archived before this crawl began; worth fetching (new,
        ``--full``, or published recently). Articles this crawl stored are not "known": a
        listing they fill, met later in the same crawl, is still walked on."""
        answer = self._answers.get(url)
        if answer is None:
            answer = self._answers[url] = self._ask(url)
        return answer

    def _ask(self, url: str) -> tuple[bool, bool]:
        db = self._archive()
        if db is None:
            return False, True
        first_seen_at, published, captured = archived_status(db, self.canonical(url))
        if first_seen_at is None or (self.captures and not captured):
            return False, True
        known = first_seen_at < self.started_at
        return known, self.full or not_before(published, self.cutoff)

    def interrupted(self, site: str) -> bool:
        """Whether the latest crawl of ``site`` in the archive did not walk and archive all
        it meant to (killed, stopped, or some of its items not written)."""
        if not self.db_file.exists():
            return False
        with closing(open_db(self.db_file)) as db:
            return last_run_incomplete(db, site)

    def canonical(self, url: str) -> str:
        return canonical_url_cached(url, self.aliases)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
