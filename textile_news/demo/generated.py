"""A generated site of N articles in the replica markup, for load tests and benchmarks.

Seeded and deterministic: article ``i`` is the same on every run and on every machine,
and is built on demand, so a site of a million articles costs no memory up front.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from textile_news.demo.render import CATEGORIES, DemoArticle

FIRST_ID = 600001
_START = datetime(2021, 1, 4, 8, 0, 0)
_FIBRES = ("Cotton", "Silk", "Wool", "Polyester", "Viscose", "Linen", "Cashmere", "Nylon")
_SUBJECTS = (
    "Prices",
    "Exports",
    "Spinning Mills",
    "Dyeing Plants",
    "Garment Makers",
    "Trade Fair",
    "Home Textiles",
    "Technical Textiles",
)
_VERBS = ("Rise Again", "Hold Steady", "Face New Rules", "Expand Capacity", "Look To Asia")
_PLACES = ("Zhejiang", "Jiangsu", "Guangdong", "Shandong", "Fujian", "Henan", "Hebei", "Xinjiang")
_NAMES = ("Wang Li", "Zhang Wei", "Liu Yang", "Chen Jing", "Zhao Min", "Sun Hao", "Zhou Fang")
_TAGS = (
    "Textile Headlines",
    "China Textile Industry Federation",
    "China Wool Association",
    "China Cotton Association",
    "Industry Data",
)
_SENTENCES = (
    "{fibre} buyers in {place} reported steady orders for the coming season.",
    "Mills said that energy costs and freight rates remain the main concerns this quarter.",
    "The association expects demand for {fibre_l} fabrics to grow by {n} percent this year.",
    "Exporters in {place} are shifting part of their output to markets in Southeast Asia.",
    "Several companies showed recycled {fibre_l} yarns and low-water dyeing processes.",
    "Inspectors checked {n} batches of finished garments and found most of them compliant.",
    "Retailers asked suppliers for shorter lead times and smaller, more frequent orders.",
    "Local officials promised support for digital upgrades of small and medium factories.",
)


def published(article_id: int) -> str:
    """The site-formatted time of an article: ids rise with time, about 47 minutes apart."""
    when = _START + timedelta(minutes=47 * (article_id - FIRST_ID))
    return f"{when.year}/{when.month}/{when.day} {when.hour}:{when:%M:%S}"


def article(article_id: int, count: int) -> DemoArticle | None:
    """Article ``article_id`` of a generated site of ``count`` articles, or None."""
    index = article_id - FIRST_ID
    if not 0 <= index < count:
        return None
    rng = random.Random(f"textile_news:{article_id}")
    fibre, place = rng.choice(_FIBRES), rng.choice(_PLACES)
    title = f"{place} {fibre} {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)}"

    def sentence() -> str:
        return rng.choice(_SENTENCES).format(
            fibre=fibre, fibre_l=fibre.lower(), place=place, n=rng.randint(2, 40)
        )

    paragraphs = tuple(
        " ".join(sentence() for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(4, 7))
    )
    older = range(max(FIRST_ID, article_id - 60), article_id)
    related = tuple(rng.sample(older, min(5, len(older))))
    return DemoArticle(
        id=article_id,
        title=f"{title} ({article_id})",
        published=published(article_id),
        views=rng.randint(0, 900),
        category=rng.choice(CATEGORIES),
        tags=tuple(rng.sample(_TAGS, rng.randint(1, 3))),
        paragraphs=paragraphs,
        contributor=f"observer of world service website {rng.choice(_NAMES)}",
        summary=paragraphs[0][:200],
        related=related,
        next_id=article_id - 1 if index > 0 else None,
    )
