"""Pure: 64-bit SimHash fingerprints of article text, for near-duplicates across sites.

Our own ~50 lines rather than a dependency (issue 4, item 7): the ``simhash`` package
(last release 2022) hashes with md5 and walks the 64 bits of every feature in Python, gives
unsigned values (SQLite integers are signed) and tokenises CJK text as whole runs;
``datasketch`` is MinHash (numpy), not SimHash. Here a shingle is 3 consecutive words of
Latin-script text or 2 consecutive Han/kana/hangul characters, hashed with BLAKE2b (stable
across processes, unlike ``hash()``), and the 64 per-bit tallies are summed in parallel as
columns of a "0"/"1" string (one C-level count per bit instead of 64 bit tests a shingle).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

BITS = 64
BANDS = 4  # 4 bands of 16 bits: fingerprints within 3 bits share at least one band
BAND_BITS = BITS // BANDS
WORD_SHINGLE = 3
CJK_SHINGLE = 2

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_UNITS = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_digest = hashlib.blake2b


def shingles(text: str) -> Counter[str]:
    """The text's shingles with their counts: word 3-grams, CJK character 2-grams."""
    features: Counter[str] = Counter()
    words: list[str] = []
    for run in _UNITS.findall(text.lower()):
        if _IS_CJK.match(run):
            features.update(run[i : i + CJK_SHINGLE] for i in range(len(run) - CJK_SHINGLE + 1))
            if len(run) < CJK_SHINGLE:
                features[run] += 1
        else:
            words.append(run)
    if 0 < len(words) < WORD_SHINGLE:
        features[" ".join(words)] += 1
    features.update(
        " ".join(words[i : i + WORD_SHINGLE]) for i in range(len(words) - WORD_SHINGLE + 1)
    )
    return features


# Only the start of a text is fingerprinted: a story copied to another site keeps its lead,
# and the cost per article (on the crawl's hot path) stays flat however long the body is.
MAX_CHARS = 800


def simhash(text: str) -> int:
    """The 64-bit SimHash of ``text`` (its first ``MAX_CHARS`` characters) as a signed
    integer (it fits a SQLite INTEGER).

    Empty text (no word, no character) gives 0.
    """
    features = shingles(text[:MAX_CHARS])
    if not features:
        return 0
    # Each shingle's 64 hash bits as a row of "0"/"1" (bit k at column 63 - k), repeated by
    # its weight; a column's count of "1"s is then one str.count in C, not 64 bit tests.
    rows = "".join(
        [
            format(
                int.from_bytes(_digest(feature.encode(), digest_size=8).digest(), "little"), "064b"
            )
            * weight
            for feature, weight in features.items()
        ]
    )
    half = len(rows) // BITS
    value = 0
    for bit in range(BITS):
        if 2 * rows[BITS - 1 - bit :: BITS].count("1") > half:
            value |= 1 << bit
    return to_signed(value)


def to_signed(value: int) -> int:
    """An unsigned 64-bit value as the signed integer SQLite stores."""
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(a: int, b: int) -> int:
    """Hamming distance of two fingerprints (signed or unsigned)."""
    return ((a ^ b) & ((1 << BITS) - 1)).bit_count()


def bands(value: int) -> tuple[int, ...]:
    """The fingerprint cut into ``BANDS`` unsigned 16-bit bands, low bits first: two
    fingerprints within ``BANDS - 1`` bits agree on at least one band (pigeonhole)."""
    value &= (1 << BITS) - 1
    mask = (1 << BAND_BITS) - 1
    return tuple((value >> (i * BAND_BITS)) & mask for i in range(BANDS))
