"""A small known archive for the analyst commands' tests (stats, export, Datasette).

Eight articles of three sites, English and Chinese, from December 2019 to January 2021,
two of them on either side of a year's end in local time (ISO week 2020-W53).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from textile_news.archive.db import open_db
from textile_news.archive.write import write_batch

F2F, SJFZXM, TEXINDEX = "fibre2fashion_com", "sjfzxm_com", "texindex_com_cn"
SITES = (F2F, SJFZXM, TEXINDEX)
FETCHED = "2026-03-01T10:00:00+00:00"


def _article(
    n: int, site: str, published_at: str, title: str, body: str, language: str, **more: Any
) -> dict[str, Any]:
    return {
        "url": f"http://{site.replace('_', '.')}/news/{n}.html",
        "site": site,
        "title": title,
        "published_at": published_at,
        "body": body,
        "language": language,
        "tags": more.pop("tags", []),
        "related": more.pop("related", []),
        "next": more.pop("next", None),
        "fetched_at": FETCHED,
        **more,
    }


ARTICLES = [
    _article(
        1,
        F2F,
        "2019-12-30T09:00:00+05:30",
        "Cotton yarn exports to China rise",
        "India's cotton yarn exports to China rose in December.\n\nSpinners expect more orders.",
        "en",
        tags=["Cotton", "Yarn"],
        author="Fibre2Fashion News Desk",
        views=1200,
        related=[
            {
                "url": "http://fibre2fashion.com/news/0.html",
                "title": "Yarn prices firm",
                "category": "Textile",
                "published_at": "2019-12-20",
            }
        ],
    ),
    _article(
        2,
        SJFZXM,
        "2020-01-15T10:00:00+08:00",
        "Wool prices steady at the Shanghai auction",
        "Fine wool prices held steady at this week's auction in Shanghai.",
        "en",
        tags=["Wool"],
        next={"url": "http://sjfzxm.com/news/3.html", "title": "棉花价格上涨", "summary": "新疆"},
    ),
    _article(
        3,
        SJFZXM,
        "2020-01-20T08:00:00+08:00",
        "棉花价格上涨",
        "新疆棉花价格本周上涨，纺织企业采购积极。\n\n业内人士预计春节后需求回升。",
        "zh",
        tags=["棉花", "新疆"],
        source="中国纺织报",
        related=[
            {"url": "http://sjfzxm.com/news/2.html", "title": "羊毛价格平稳"},
            {"url": "http://sjfzxm.com/news/9.html", "title": "化纤市场回暖"},
        ],
    ),
    _article(
        4,
        TEXINDEX,
        "2020-03-02T09:30:00+08:00",
        "一季度纺织品出口增长",
        "一季度纺织品出口同比增长，丝绸出口表现突出。",
        "zh",
        tags=["出口"],
    ),
    _article(
        5,
        F2F,
        "2020-03-10T12:00:00+05:30",
        "Bangladesh garment exports fall",
        "Garment exports from Bangladesh fell in March as cotton prices climbed.",
        "en",
        tags=["Garments"],
    ),
    _article(
        6,
        SJFZXM,
        "2020-12-31T23:30:00+08:00",
        "Silk fair closes the year in Hangzhou",
        "The silk fair in Hangzhou closed the year with record orders for silk scarves.",
        "en",
        tags=["Silk"],
    ),
    _article(
        7,
        TEXINDEX,
        "2021-01-01T00:30:00+08:00",
        "新年丝绸市场开市",
        "丝绸市场在新年第一天开市，棉纺织企业订单充足。",
        "zh",
        tags=["丝绸"],
    ),
    _article(
        8,
        F2F,
        "2021-01-04T08:00:00+00:00",
        "Polyester demand recovers in Europe",
        "Demand for recycled polyester recovered in Europe in the first week of January.",
        "en",
        tags=["Polyester"],
    ),
]
# taxonomy terms, set by hand: the tests of --term don't depend on the vocabulary
TERMS = {1: ["cotton", "india"], 3: ["cotton", "xinjiang"], 5: ["bangladesh", "cotton"]}


def build(path: Path) -> Path:
    """The archive of ``ARTICLES`` (ids 1 to 8 in that order) at ``path``."""
    with closing(open_db(path)) as db:
        write_batch(db, ARTICLES, [])
    set_terms(path, TERMS)
    return path


def set_terms(path: Path, terms: Mapping[int, Sequence[str]]) -> None:
    """Replace the articles' taxonomy terms (article_terms and articles.terms), if the
    archive has the taxonomy's tables."""
    import json

    with closing(sqlite3.connect(path)) as conn, conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "article_terms" not in tables:
            return
        conn.execute("DELETE FROM article_terms")
        conn.execute("UPDATE articles SET terms = '[]'")
        for article_id, ids in terms.items():
            conn.executemany(
                "INSERT INTO article_terms (article_id, term) VALUES (?, ?)",
                [(article_id, term) for term in ids],
            )
            conn.execute(
                "UPDATE articles SET terms = ? WHERE id = ?", [json.dumps(list(ids)), article_id]
            )
