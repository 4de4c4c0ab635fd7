"""Pure: the language of an article whose page declares none, as an ISO 639-1 code.

A rule, not a model (issue 4, item 8): our sites write Chinese or English, now and then
Japanese, German, French or Spanish, and the script plus a few stop words tell these apart in
a few microseconds. ``langdetect`` is random unless seeded and ~100 times slower,
``lingua-language-detector`` ships hundreds of MB of models, ``fasttext`` needs a model
file fetched at run time.
"""

from __future__ import annotations

import re

SAMPLE = 1000  # characters read: the title and the start of the body are enough
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿ]+")
_STOPWORDS = {
    "en": "the of and to in is that for on with as by at from are was this it be has have",
    "de": "der die und das den des ist nicht ein eine mit für auf dem sich von zu im auch",
    "fr": "le la les et des du un une est pour dans que qui sur par au aux avec ce sont",
    "es": "el la los las y de del que en un una es por para con se al como su más",
}
_WORD_LANGS: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words.split():
        _WORD_LANGS.setdefault(_word, []).append(_lang)


def detect_language(text: str | None) -> str | None:
    """``zh``, ``ja``, ``ko``, ``en``, ``de``, ``fr`` or ``es``; None when unsure.

    Han characters make it Chinese, unless there is kana (Japanese) or hangul (Korean);
    Latin text goes to the language with the most stop words, given at least 2 of them.
    """
    if not text:
        return None
    sample = text[:SAMPLE]
    han = len(_HAN.findall(sample))
    if _KANA.search(sample) and len(_KANA.findall(sample)) * 10 >= han:
        return "ja"
    if _HANGUL.search(sample) and len(_HANGUL.findall(sample)) >= han:
        return "ko"
    words = _LATIN_WORD.findall(sample.lower())
    if han and han >= len(words):
        return "zh"
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in words:
        for lang in _WORD_LANGS.get(word, ()):
            counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 else ("zh" if han else None)
