"""The archive's schema, as a sqlite-utils migration set. Append; never edit an applied one."""

from __future__ import annotations

from functools import cache

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("textile_news")


def unknown(db: Database) -> list[str]:
    """The migrations applied to ``db`` that this version does not have, oldest first: a
    newer textile-news wrote it (issue 13, item 10)."""
    known = _known()
    return [m.name for m in migrations.applied(db) if m.name not in known]


@cache
def _known() -> frozenset[str]:
    # every migration is pending on an empty database: the set's names, by its public API
    empty = Database(memory=True)
    try:
        return frozenset(m.name for m in migrations.pending(empty))
    finally:
        empty.close()


@migrations()
def m001_articles(db: Database) -> None:
    db["articles"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "url": str,
            "site": str,
            "title": str,
            "published_at": str,
            "published_utc": str,
            "source": str,
            "author": str,
            "tags": str,
            "category": str,
            "views": int,
            "language": str,
            "body": str,
            "summary": str,
            "fetched_at": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "content_hash": str,
        },
        pk="id",
        not_null={"url", "site", "title", "published_at", "body"},
    )
    db.execute("CREATE UNIQUE INDEX idx_articles_url ON articles (url)")
    db.execute("CREATE INDEX idx_articles_site_published ON articles (site, published_at)")
    db.execute("CREATE INDEX idx_articles_published_utc ON articles (published_utc)")
    db["related_links"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "article_id": int,
            "kind": str,
            "position": int,
            "url": str,
            "title": str,
            "category": str,
            "published_at": str,
            "summary": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "kind", "url"},
    )
    db.execute("CREATE INDEX idx_related_links_article ON related_links (article_id)")
    db.execute("CREATE INDEX idx_related_links_url ON related_links (url)")
    db["rejects"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "url": str,
            "site": str,
            "stage": str,
            "reason": str,
            "detail": str,
            "rejected_at": str,
        },
        pk="id",
        not_null={"url", "stage", "reason", "rejected_at"},
    )
    db.execute("CREATE INDEX idx_rejects_url ON rejects (url)")
    # Triggers keep the index in step with every insert, update and delete on articles.
    db["articles"].enable_fts(  # type: ignore[union-attr]
        ["title", "body"], create_triggers=True, tokenize="porter unicode61 remove_diacritics 2"
    )
    # Re-index only when the indexed text changes, not when a re-crawl touches last_seen_at.
    db.execute("DROP TRIGGER articles_au")
    db.execute(
        """CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, old.body);
  INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END"""
    )


@migrations()
def m002_runs_revisions_captures(db: Database) -> None:
    """Issue 3: crawl runs, article revisions, stored original pages, rejects tied to runs."""
    db["crawl_runs"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "sites": str,  # the site slug this row is about (one row per site crawled)
            "started_at": str,
            "finished_at": str,
            "full": int,  # 1 for --full, 0 for an incremental crawl
            "requests": int,
            "pages": int,
            "new": int,
            "updated": int,
            "unchanged": int,
            "rejected": int,
            "errors": int,
            "errors_by_type": str,  # JSON: {"http_404": 2, "TimeoutError": 1}
            "skipped_known": int,  # article requests not made: already archived
            "finish_reason": str,
            "exit_code": int,
            "findings": str,  # JSON list of {"check", "message"} from monitoring
            "stats": str,  # JSON: the crawler's stats, for whatever is not a column
        },
        pk="id",
    )
    db.execute("CREATE INDEX idx_crawl_runs_sites ON crawl_runs (sites, id)")
    db["article_revisions"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "article_id": int,
            "revised_at": str,  # when the new version was stored
            "old_fetched_at": str,
            "old_title": str,
            "old_published_at": str,
            "old_author": str,
            "old_body": str,
            "old_hash": str,
            "new_hash": str,
            "diff": str,  # unified diff of title and body, old -> new
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "revised_at"},
    )
    db.execute("CREATE INDEX idx_article_revisions_article ON article_revisions (article_id)")
    db["captures"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "url": str,  # canonical URL of the article
            "fetched_url": str,  # the URL actually fetched
            "site": str,
            "fetched_at": str,
            "status": int,
            "warc_file": str,  # relative to the archive's folder
            "warc_offset": int,
            "warc_length": int,  # compressed bytes of the record
            "body_bytes": int,  # uncompressed payload size
            "run_id": int,
        },
        pk="id",
        not_null={"url", "fetched_url", "fetched_at", "warc_file", "warc_offset"},
    )
    db.execute("CREATE INDEX idx_captures_url ON captures (url, id)")
    db.execute("CREATE INDEX idx_captures_site ON captures (site, id)")
    db["rejects"].add_column("run_id", int)  # type: ignore[union-attr]


@migrations()
def m003_date_source(db: Database) -> None:
    """Issue 4: where each article's date came from (jsonld, meta, text, url, feed, listing)."""
    db["articles"].add_column("date_source", str)  # type: ignore[union-attr]


@migrations()
def m004_simhash_duplicates(db: Database) -> None:
    """Issue 4, item 7: near-duplicate fingerprints (SimHash) and links between copies of a
    story. ``simhash_b0``..``simhash_b3`` are its four 16-bit bands, each indexed, so that the
    articles within 3 bits of a new one are found by 4 index look-ups, not a scan."""
    from textile_news.text.fingerprint import bands, simhash  # pure; no import cycle

    articles = db["articles"]
    articles.add_column("simhash", int)  # type: ignore[union-attr]
    for i in range(4):
        articles.add_column(f"simhash_b{i}", int)  # type: ignore[union-attr]
        db.execute(f"CREATE INDEX idx_articles_simhash_b{i} ON articles (simhash_b{i})")
    # ALTER TABLE, not sqlite-utils' add_column(fk=...): that rebuilds the table, which would
    # drop the full-text triggers of m001
    db.execute("ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles(id)")
    db.execute("CREATE INDEX idx_articles_duplicate_of ON articles (duplicate_of)")
    # fingerprints of the articles archived before; linking them is left to a later pass
    last = 0
    while rows := db.execute(
        "SELECT id, title, body FROM articles WHERE id > ? ORDER BY id LIMIT 500", [last]
    ).fetchall():  # a page at a time: constant memory on a large archive
        for article_id, title, body in rows:
            value = simhash(f"{title}\n\n{body}")
            db.execute(
                "UPDATE articles SET simhash = ?, simhash_b0 = ?, simhash_b1 = ?, "
                "simhash_b2 = ?, simhash_b3 = ? WHERE id = ?",
                [value, *bands(value), article_id],
            )
        last = rows[-1][0]


@migrations()
def m005_capture_encodings(db: Database) -> None:
    """Issue 4, item 6: each stored original's charset as the page declared it (header, else
    ``<meta>``) and the encoding that decoded it; empty for the captures made before."""
    captures = db["captures"]
    captures.add_column("declared_encoding", str)  # type: ignore[union-attr]
    captures.add_column("encoding", str)  # type: ignore[union-attr]


@migrations()
def m006_search_index(db: Database) -> None:
    """Issue 5, item 1: search in Chinese as well as English. ``articles_search`` indexes
    title and body as ``fts.segment`` rewrites them (runs of Chinese characters as
    overlapping bigrams), so that a two-character word is found inside a sentence; it
    replaces m001's ``articles_fts``. Contentless (``content=''``): the text is stored once,
    in ``articles``; ``write.write_batch`` keeps the index in step, not triggers (SQLite
    cannot segment Chinese in a trigger without a custom tokenizer)."""
    from textile_news.archive import fts  # the index and its segmentation

    # m001's triggers by name: sqlite-utils' disable_fts() misses the custom articles_au
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS articles_fts")  # FTS5 drops its shadow tables with it
    # columnsize=0: no document sizes, so bm25 does without length normalisation, and
    # ranking the 160,000 matches of a common word among 1M articles takes ~30 ms instead
    # of ~160 ms (a docsize look-up per match was most of it)
    db.execute(
        "CREATE VIRTUAL TABLE articles_search USING fts5(title, body, content='', columnsize=0, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    # ORDER BY rank means bm25 with a title match worth five in the body, also for analysts
    # querying the table in sqlite3 or Datasette
    db.execute(
        "INSERT INTO articles_search (articles_search, rank) VALUES ('rank', 'bm25(5.0, 1.0)')"
    )
    # search --language: the articles of a language found without reading rows, when few
    # of a common word's matches are in it (analysis/search.py's _plan)
    db.execute("CREATE INDEX idx_articles_language ON articles (language)")
    fts.reindex(db)


@migrations()
def m007_taxonomy(db: Database) -> None:
    """Issue 5, item 4: taxonomy terms (``textile_news/text/taxonomy.py``). ``article_terms`` has
    each article's term ids, indexed by term for ``--term``; ``articles.terms`` the same as a
    JSON array, for Datasette's ``_facet_array=terms``; ``terms`` the vocabulary that tagged
    them, which storage refreshes when its digest (in ``taxonomy_meta``) changes. Articles
    archived before are tagged by ``textile-news retag``, not here: opening an archive
    stays quick, and the vocabulary may still change."""
    db.execute(
        "CREATE TABLE terms (id TEXT PRIMARY KEY, facet TEXT NOT NULL, "
        "label_en TEXT NOT NULL, label_zh TEXT)"
    )
    db.execute(
        "CREATE TABLE article_terms (article_id INTEGER NOT NULL REFERENCES articles(id), "
        "term TEXT NOT NULL, PRIMARY KEY (article_id, term)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX idx_article_terms_term ON article_terms (term, article_id)")
    db.execute("CREATE TABLE taxonomy_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # ALTER TABLE, not sqlite-utils' add_column(fk=...) or transform(): they rebuild the
    # table, which drops its triggers
    db.execute("ALTER TABLE articles ADD COLUMN terms TEXT")


@migrations()
def m008_stats_index(db: Database) -> None:
    """Issue 5, item 3: ``stats --term``/``--query`` per period and site. The articles a
    term or query selects are found by id; this index has their site and date, so counting
    200,000 of 1M articles reads 50 MB of index instead of 200,000 rows of the table (0.3 s
    instead of 1.5 s)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_articles_id_site_published "
        "ON articles (id, site, published_at)"
    )


@migrations()
def m009_covering_fingerprint_bands(db: Database) -> None:
    """Issue 6: duplicate look-ups that stay fast as the archive grows. Each band index of
    m004 also holds the whole fingerprint, so the candidates sharing a band are checked in
    the index alone; with the band index only, each candidate cost a read of its row, and
    writes slowed down with every 100,000 articles (724/s at 50,000, 416/s at 300,000)."""
    for i in range(4):
        db.execute(f"DROP INDEX IF EXISTS idx_articles_simhash_b{i}")
        db.execute(f"CREATE INDEX idx_articles_simhash_b{i} ON articles (simhash_b{i}, simhash)")


@migrations()
def m010_editor(db: Database) -> None:
    """Issue 15: the editors a page credits (责任编辑, 编辑) in a column of their own, apart
    from its authors. Articles stored before stay NULL until ``reextract`` reads them again."""
    db.execute("ALTER TABLE articles ADD COLUMN editor TEXT")


@migrations()
def m011_date_precision_zone(db: Database) -> None:
    """Issue 15, item 1: dates as the page wrote them. ``published_at`` is a day
    (``2020-01-16``), a time with its offset, or a time without a known zone; the new
    ``date_precision`` (day, minute, second) and ``zone_source`` (page, site, inferred) say
    which. The rows archived before get NULL in both: not recorded (a stored midnight may be
    a real one or an invented one, so "day" is not guessed from it); ``reextract`` fills
    them. Their ``published_at`` stays as it is.

    ``published_utc`` is NULL for a day or a time without a zone, so the archive's order is
    ``coalesce(published_utc, published_at)`` (:mod:`textile_news.archive.published`): its
    index replaces the one on ``published_utc`` alone, which nothing orders by any more; the
    one on ``published_at`` is Datasette's default sort of the table (the local date)."""
    from textile_news.archive import published  # the sort key, said once

    # ALTER TABLE, not sqlite-utils' add_column(fk=...) or transform(): no table rebuild
    db.execute("ALTER TABLE articles ADD COLUMN date_precision TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN zone_source TEXT")
    db.execute("DROP INDEX IF EXISTS idx_articles_published_utc")
    db.execute(f"CREATE INDEX {published.ORDER_INDEX} ON articles ({published.order('')})")
    db.execute("CREATE INDEX idx_articles_published_at ON articles (published_at)")


@migrations()
def m012_watches(db: Database) -> None:
    """Issue 16, item 7: saved searches that ``watch run`` follows. ``filters`` holds the
    watch's filter options as given (JSON), turned into an ``ArticleFilter`` when it runs,
    so that relative dates stay relative and options added later fit. The watermark is the
    highest ``articles.id`` and ``article_revisions.id`` the last run saw: ids only grow as
    rows arrive, where the times stored (``first_seen_at``, ``revised_at``) come from
    fetches that re-extraction replays out of order."""
    db.execute(
        "CREATE TABLE watches (name TEXT PRIMARY KEY, query TEXT NOT NULL, "
        "filters TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, last_run_at TEXT, "
        "seen_article_id INTEGER NOT NULL DEFAULT 0, "
        "seen_revision_id INTEGER NOT NULL DEFAULT 0)"
    )


@migrations()
def m013_site_furniture(db: Database) -> None:
    """Issue 15, item 5: the lines a site's articles repeat, counted per site
    (``site_lines``, keyed by a hash of the line; ``furniture_sites``, the articles
    counted), and the lines learnt as the site's furniture (``site_furniture``, with their
    text and the counts that made them so): see :mod:`textile_news.archive.furniture`. The
    articles archived before are counted now; their bodies stay as they are until a crawl
    of their site learns a line and takes it out."""
    from textile_news.archive import furniture

    db.execute(
        "CREATE TABLE site_lines (site TEXT NOT NULL, line INTEGER NOT NULL, "
        "pages INTEGER NOT NULL, PRIMARY KEY (site, line)) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE furniture_sites (site TEXT PRIMARY KEY, pages INTEGER NOT NULL)")
    db.execute(
        "CREATE TABLE site_furniture (site TEXT NOT NULL, line TEXT NOT NULL, "
        "pages INTEGER NOT NULL, site_pages INTEGER NOT NULL, learnt_at TEXT NOT NULL, "
        "PRIMARY KEY (site, line))"
    )
    furniture.backfill(db)
