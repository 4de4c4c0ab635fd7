"""A realistic generated archive of N articles, for the scale benchmarks (issues 5 and 6).

Bilingual (about 70% English, 30% Chinese), 30 sites, publication dates over ten years
(more recent years busier), the sites' own tags, 3 to 5 related links each, bodies of
1.5-3 KB composed of the sentences of the demo's sample articles (real trade-news
vocabulary and lengths) with fibres, places and figures varied. Written through
``write.write_batch`` in batches, so the archive has everything a crawl leaves: the
full-text index, taxonomy terms, fingerprints, related links.

Seeded: article ``i`` is the same on every run. Known terms for the search benchmark:

- ``cotton`` (English) and ``纺织`` (Chinese): common, in about a fifth of the articles;
- ``kenaf`` and ``苎麻``: rare, in every 10,000th article of their language's share.

Built once per size and reused: ``archive_path(n)`` names the file under
``bench/.cache/``; ``python bench/archive_gen.py --articles N [--out PATH] [--force]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textile_news.archive.db import open_db  # noqa: E402
from textile_news.archive.write import write_batch  # noqa: E402
from textile_news.demo import samples  # noqa: E402

VERSION = 1  # bump when the generated content changes: cached archives are rebuilt
CACHE = ROOT / "bench" / ".cache"
BATCH = 1000
RARE_EVERY = 10_000
COMMON_EN, RARE_EN, COMMON_ZH, RARE_ZH = "cotton", "kenaf", "纺织", "苎麻"

SITES = (
    "sjfzxm_com",
    "fibre2fashion_com",
    "textileworld_com",
    "just_style_com",
    "innovationintextiles_com",
    "ncto_org",
    "euratex_eu",
    "cntac_org_cn",
    "texindex_com_cn",
    "info_texnet_com_cn",
    "fzfzjx_com",
    *(f"generic:news{i}.example.com" for i in range(19)),
)
_FIBRES_EN = ("polyester", "wool", "silk", "viscose", "linen", "cashmere", "nylon", "hemp")
_FIBRES_ZH = ("涤纶", "羊毛", "丝绸", "粘胶", "亚麻", "羊绒", "锦纶", "汉麻")
_PLACES_EN = ("Zhejiang", "Jiangsu", "Guangdong", "Shandong", "Vietnam", "Bangladesh", "Italy")
_PLACES_ZH = ("浙江", "江苏", "广东", "山东", "越南", "孟加拉", "意大利")
_TAGS = (
    "Textile Headlines",
    "Industry Data",
    "Market Observation",
    "Fashion Trends",
    "Trade Fairs",
    "Sustainability",
    "Machinery",
    "Home Textiles",
    "行业资讯",
    "市场分析",
    "地方资讯",
)
# the Chinese samples are few: templates with varied fibres, places and figures add to them
_ZH_TEMPLATES = (
    "{place}多家{fibre}企业表示，今年前{n}个月出口订单保持稳定。",
    "业内人士认为，{fibre}价格在未来一段时间内仍将小幅波动。",
    "{place}服装企业加快数字化改造，生产效率提高了{n}个百分点。",
    "据海关统计，{place}{fibre}制品出口额同比增长{n}%。",
    "协会将继续组织企业参加国内外展会，帮助企业开拓新市场。",
    "{place}印染企业推广节能减排技术，单位产品能耗下降{n}%。",
    "部分家纺企业推出{fibre}新品，受到年轻消费者欢迎。",
    "专家建议企业加强品牌建设，提高产品附加值。",
    "{place}举办{fibre}产业发展论坛，来自各地的{n}家企业参加。",
    "电商平台数据显示，{fibre}服装的线上销量明显增加。",
    "{place}纺织机械企业研发的新型设备已投入使用。",
    "产业用纺织品在医疗和环保领域的应用不断扩大。",
    "企业负责人介绍，{fibre}原料成本较去年上涨了{n}%。",
    "{place}将建设新的产业园区，计划引进{n}个项目。",
    "针织企业面临用工紧张的问题，正在加快自动化改造。",
    "化纤行业运行总体平稳，{fibre}产量保持增长。",
)
_START = datetime(2016, 1, 1)
_DAYS = 3650


def _sentences() -> tuple[list[str], list[str]]:
    english = [
        s.strip() + "."
        for article in samples.SAMPLES
        for paragraph in article.paragraphs[:-1]  # the last one is the sample's note
        for s in paragraph.split(". ")
        if len(s) > 40
    ]
    chinese = [
        s.strip() + "。"
        for article in samples.CHINESE_SAMPLES
        for paragraph in article.paragraphs[:-1]
        for s in paragraph.split("。")
        if len(s) > 10
    ]
    # the common terms are chosen per article; drop the samples' own mentions
    rng = random.Random("textile_news-archive-sentences")
    chinese += [
        rng.choice(_ZH_TEMPLATES).format(
            place=rng.choice(_PLACES_ZH), fibre=rng.choice(_FIBRES_ZH), n=rng.randint(2, 40)
        )
        for _ in range(300)
    ]
    english = [s for s in english if not re.search(r"\bcotton\b|\bkenaf\b", s, re.I)]
    chinese = [s for s in chinese if COMMON_ZH not in s and RARE_ZH not in s]
    return english, chinese


def _published(rng: random.Random) -> str:
    # more articles in recent years: the square root of a uniform draw leans to the end
    day = int(_DAYS * rng.random() ** 0.5)
    when = _START + timedelta(days=day, minutes=rng.randrange(24 * 60))
    return when.strftime("%Y-%m-%dT%H:%M:00+08:00")


def article(i: int, english: list[str], chinese: list[str]) -> dict[str, Any]:
    """Article ``i`` of any generated archive (the same for every size)."""
    rng = random.Random(f"textile_news-archive:{i}")
    site = SITES[int(len(SITES) * rng.random() ** 1.6)]  # a few big sites, a long tail
    zh = rng.random() < 0.3
    pool = chinese if zh else english
    fibres, places = (_FIBRES_ZH, _PLACES_ZH) if zh else (_FIBRES_EN, _PLACES_EN)
    fibre, place = rng.choice(fibres), rng.choice(places)
    common = rng.random() < 0.2
    rare = i % RARE_EVERY == 0
    count = rng.randint(14, 24) if zh else rng.randint(12, 22)
    sentences = [rng.choice(pool) for _ in range(count)]
    if zh:
        own = f"{place}{fibre}产品订单较去年增长{i % 37}%。"
        sentences.insert(rng.randrange(len(sentences)), own)
        if common:
            sentences.insert(rng.randrange(len(sentences)), f"{place}{COMMON_ZH}企业表示市场回暖。")
        if rare:
            sentences.append(f"部分企业开始使用{RARE_ZH}纤维开发新产品。")
        paragraphs = ["".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
        title = f"{place}{fibre}{rng.choice(('市场', '企业', '出口', '订单'))}动态（{i}）"
    else:
        sentences.insert(
            rng.randrange(len(sentences)),
            f"Orders for {fibre} fabrics in {place} rose by {i % 37} percent.",
        )
        if common:
            sentences.insert(
                rng.randrange(len(sentences)), f"{place} {COMMON_EN} prices moved again."
            )
        if rare:
            sentences.append(f"Some mills in {place} are testing {RARE_EN} blends.")
        paragraphs = [" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
        subject = rng.choice(("Market", "Mills", "Exports", "Orders"))
        title = f"{place} {fibre.title()} {subject} Update ({i})"
    host = site.split(":", 1)[1] if site.startswith("generic:") else site.replace("_", ".")
    url = f"https://{host}/news/{i}.html"
    published = _published(rng)
    return {
        "url": url,
        "site": site,
        "title": title,
        "published_at": published,
        "date_source": "jsonld",
        "source": rng.choice((None, "China Textile Network", "中国纺织报", "Reuters")),
        "author": rng.choice((None, "Wang Li", "Zhang Wei", "赵敏", "Anna Rossi")),
        "tags": rng.sample(_TAGS, rng.randint(0, 3)),
        "category": rng.choice((None, "Industry", "Markets", "行业资讯")),
        "views": rng.randint(0, 5000),
        "language": "zh" if zh else "en",
        "body": "\n\n".join(paragraphs),
        "summary": paragraphs[0][:200],
        "fetched_at": published,
        "related": [
            {"url": f"https://{host}/news/{max(0, i - k * 7)}.html", "title": f"Earlier {k}"}
            for k in range(1, rng.randint(4, 6))
        ],
        "next": None,
    }


def articles(count: int) -> Iterator[dict[str, Any]]:
    english, chinese = _sentences()
    for i in range(count):
        yield article(i, english, chinese)


def archive_path(count: int) -> Path:
    return CACHE / f"archive-{count}.sqlite"


def build(count: int, out: Path, *, force: bool = False, quiet: bool = False) -> Path:
    """The archive of ``count`` generated articles at ``out``, built unless cached."""
    meta = out.with_name(out.name + ".json")
    want = {"version": VERSION, "articles": count}
    if not force and out.exists() and meta.exists() and json.loads(meta.read_text()) == want:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in (out, meta, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    with closing(open_db(out)) as db:
        for n, item in enumerate(articles(count), start=1):
            batch.append(item)
            if len(batch) == BATCH or n == count:
                write_batch(db, batch, [])
                batch.clear()
                if not quiet and n % 50_000 == 0:
                    rate = n / (time.perf_counter() - started)
                    print(f"  {n:,} articles, {rate:,.0f}/s", file=sys.stderr)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("ANALYZE")
    meta.write_text(json.dumps(want))
    if not quiet:
        seconds = time.perf_counter() - started
        print(f"built {out} ({count:,} articles) in {seconds:.0f} s", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--out", type=Path, help="default: bench/.cache/archive-N.sqlite")
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    ns = parser.parse_args()
    path = build(ns.articles, ns.out or archive_path(ns.articles), force=ns.force)
    size = path.stat().st_size
    print(f"archive_bytes_per_article={size / ns.articles:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
