"""Pure: 64-bit SimHash fingerprints of article text, for near-duplicates across sites.

Our own ~50 lines rather than a dependency (issue 4, item 7): the ``simhash`` package
(last release 2022) hashes with md5 and walks the 64 bits of every feature in Python, gives
unsigned values (SQLite integers are signed) and tokenises CJK text as whole runs;
``datasketch`` is MinHash (numpy), not SimHash. Here a shingle is 3 consecutive words of
Latin-script text or 2 consecutive Han/kana/hangul characters, hashed with BLAKE2b (stable
across processes, unlike ``hash()``), and the 64 per-bit tallies are summed in parallel as
lanes of one big integer (8 table look-ups per shingle instead of 64 bit tests).
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
_LANE = 24  # bits per tally lane: room for 2**24 - 1 shingles
# _SPREAD[b]: the 8 bits of byte b, each moved to the bottom of its own lane
_SPREAD = [sum(((b >> i) & 1) << (i * _LANE) for i in range(8)) for b in range(256)]


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


def simhash(text: str) -> int:
    """The 64-bit SimHash of ``text`` as a signed integer (it fits a SQLite INTEGER).

    Empty text (no word, no character) gives 0.
    """
    features = shingles(text)
    if not features:
        return 0
    tally = 0
    total = 0
    for feature, weight in features.items():
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        spread = 0
        for i, byte in enumerate(digest):
            spread |= _SPREAD[byte] << (i * 8 * _LANE)
        tally += spread * weight
        total += weight
    mask = (1 << _LANE) - 1
    value = 0
    for bit in range(BITS):
        if 2 * ((tally >> (bit * _LANE)) & mask) > total:
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
