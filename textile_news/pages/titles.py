"""A page's headline without the site's name: from its ``<title>``, og:title and headings.

Part of issue 15 (item 3). A ``<title>`` is the headline plus the site, its channel or both,
after or before a separator: ``Cotton rallies | Textile Daily``, ``标题_新浪财经_新浪网``,
``标题-中国纺织网``, ``明日股市预测--标题``. A part goes when it is a site name: the page's
own (og:site_name, application-name, the publisher), one that repeats the domain's name, or
one that reads as one (short, or with 网/报/在线/新闻/频道/官网 ... in it). The page shows its
headline too: when one of its headings (h1-h6, an element whose class names a title) is a
part of the ``<title>``, that heading is the headline, whatever the separators say.

Pure: strings and lxml trees in, strings out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

# Separators with spaces around them, in any script; ``_`` and ``-``/``--`` without spaces
# only next to CJK text (``Covid-19``, ``e-commerce`` are words).
_SPACED = re.compile(r"\s+(?:[|·•»:]|::|-{1,2}|–|—|_)\s+")
_TIGHT = re.compile(
    r"(?<=[\u3400-\u9fff）」》\]】!！?？.。])(?:_+|-{1,2}|\|)|(?:_+|-{1,2}|\|)(?=[\u3400-\u9fff（「《\[【])"
)
# What a site or channel calls itself.
_SITE_WORD = re.compile(
    r"网(?!络|友|民|购|点)|網|报$|報$|日报|晚报|时报|报社|报业|在线|新闻网|新闻中心|频道|頻道|官网"
    r"|官方|门户|門戶|传媒|媒体|周刊|杂志|电视台|广播|资讯|财经|订阅|客户端|政府|首页|平台|社区"
    r"|论坛|博客|官微"
    r"|\b(?:news|online|daily|times|magazine|journal|weekly|today|post|tribune|herald|com|net"
    r"|org|blog|media|group|channel)\b|\.(?:com|net|org|cn|co|de|fr|uk|io)\b",
    re.IGNORECASE,
)
_SEPARATOR_CHARS = " |-–—·•»:_"
_SEPARATORS = frozenset("|-–—·•»:_")
# " | Site", " - Site Name", " — Site" at the end of a title: the last resort
_TITLE_SUFFIX = re.compile(r"^(.{10,}?)\s+(?:[|·•»]|::|-|–|—)\s+[^|·•»–—]{1,40}$")
_SHORT_CJK = 12  # characters: a CJK title's tail this short after ``_``/``-`` is a channel
_SITE_LEN = 40  # characters: a spaced tail longer than this is part of the headline
_MIN_HEAD = 4  # characters a headline keeps at least
# Descendant steps and an attribute step: a predicate on every element (self::h1 or ...,
# translate() on each class) cost three times as much on a large page.
_HEADINGS = etree.XPath(
    "//h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //body//@class[contains(., 'title')"
    " or contains(., 'Title') or contains(., 'TITLE') or contains(., 'headline')"
    " or contains(., 'Headline')]/.."
)
_HEAD_END = frozenset(" -_|–—·:：")
_HEADING_MAX = 300  # characters: an element with more text is a container, not a heading


def normal(text: str | None) -> str:
    """Whitespace collapsed (full-width spaces too), as a title is compared."""
    return " ".join((text or "").split())


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def parts(title: str) -> list[str]:
    """The parts of a ``<title>`` between its separators."""
    pieces = [title]
    for separator in (_SPACED, _TIGHT):
        pieces = [p for piece in pieces for p in separator.split(piece)]
    return [p.strip() for p in pieces if p.strip()]


def is_site_name(part: str, names: Iterable[str] = (), domain: str | None = None) -> bool:
    """Whether a part of a title names the site (or a channel of it), not the story."""
    if names_site(part, names, domain):
        return True
    cjk = bool(re.search(r"[\u3400-\u9fff]", part))
    if cjk:
        return len(part) <= 25 and bool(_SITE_WORD.search(part))
    return len(part) <= 30 and len(part.split()) <= 4 and bool(_SITE_WORD.search(part))


def names_site(part: str, names: Iterable[str] = (), domain: str | None = None) -> bool:
    """Whether a text is the site's own name (og:site_name ...) or repeats its domain's."""
    compact = _compact(part)
    if not compact:
        return True
    # a name inside a longer part only while the part is short: a headline may name the
    # site ("... durch die Bundespolizei im laufenden Jahr")
    short = len(part) <= _SITE_LEN // 2
    for name in names:
        other = _compact(name)
        if other and (compact == other or (short and len(other) >= 3 and other in compact)):
            return True
        if other and len(compact) >= 3 and compact in other:
            return True
    if not domain or len(domain) < 3:
        return False
    return compact == domain or (short and (domain in compact or compact in domain))


def strip_site_name(
    title: str | None, names: Iterable[str] = (), domain: str | None = None
) -> str | None:
    """A ``<title>`` without the site's name before or after the headline:
    ``"Cotton rallies | Textile Daily"`` -> ``"Cotton rallies"``,
    ``"标题_新浪财经_新浪网"`` -> ``"标题"``."""
    if not title:
        return None
    title = normal(title)
    names = [n for n in names if n]
    for name in names:  # the site's own name, at either end, after a separator
        head, tail = title[: -len(name)], title[len(name) :]
        if title.endswith(name) and len(head) > 3 and head.rstrip()[-1:] in _SEPARATORS:
            title = head.rstrip(_SEPARATOR_CHARS) or title
        elif title.startswith(name) and len(tail) > 3 and tail.lstrip()[:1] in _SEPARATORS:
            title = tail.lstrip(_SEPARATOR_CHARS) or title
    pieces = _pieces(title)
    # pieces: (text, separator before it); drop site-like tails, then site-like heads
    while len(pieces) > 1 and _drop_tail(pieces, names, domain):
        pieces.pop()
    while len(pieces) > 1 and is_site_name(pieces[0][0], names, domain) and _long(pieces[1:]):
        pieces.pop(0)
    stripped = "".join(sep + text for text, sep in pieces).strip(_SEPARATOR_CHARS) or title
    # what is left may still end in a short spaced tail ("Story - Blog"): a site's name
    # too, as far as a title can tell
    match = _TITLE_SUFFIX.match(stripped)
    return match[1] if match else stripped


def _pieces(title: str) -> list[tuple[str, str]]:
    """The title cut at its separators: each piece with the separator before it."""
    cuts = sorted(
        (m.start(), m.end())
        for pattern in (_SPACED, _TIGHT)
        for m in pattern.finditer(title)
        if m.end() > m.start()
    )
    pieces, last, sep = [], 0, ""
    for start, end in cuts:
        if start < last:
            continue
        pieces.append((title[last:start], sep))
        sep, last = title[start:end], end
    pieces.append((title[last:], sep))
    return [(text, s) for text, s in pieces if text.strip()] or [(title, "")]


def _long(pieces: list[tuple[str, str]]) -> bool:
    return sum(len(text) for text, _ in pieces) >= _MIN_HEAD


def _drop_tail(pieces: list[tuple[str, str]], names: list[str], domain: str | None) -> bool:
    text, sep = pieces[-1]
    if not _long(pieces[:-1]):
        return False
    if is_site_name(text, names, domain):
        return True
    if sep.strip() == sep:  # no spaces: 标题_频道, 标题-纪检
        return bool(re.search(r"[\u3400-\u9fff]", text)) and len(text) <= _SHORT_CJK
    return False


def candidates(title: str) -> list[str]:
    """Every run of consecutive parts of a title, the longest first."""
    pieces = _pieces(normal(title))
    runs = {
        "".join(sep + text for text, sep in pieces[i:j]).strip()
        for i in range(len(pieces))
        for j in range(i + 1, len(pieces) + 1)
    }
    runs.add(normal(title))
    return sorted((r for r in runs if len(r) >= _MIN_HEAD), key=len, reverse=True)


def headings(root: etree._Element) -> list[str]:
    """The texts of a page's headings (h1-h6, elements whose class names a title), in page
    order, without repeats."""
    texts: dict[str, None] = {}
    for node in _HEADINGS(root):
        text = normal(node.xpath("string()"))
        if text and len(text) <= _HEADING_MAX:
            texts.setdefault(text)
    return list(texts)


def shown_part(title: str | None, shown: Iterable[str]) -> str | None:
    """The longest part of a ``<title>`` that the page shows as a heading of its own."""
    if not title:
        return None
    texts = list(shown)
    by_key = {_compact(text): text for text in texts}
    for candidate in candidates(title):
        if (text := by_key.get(_compact(candidate))) is not None:
            return text
    # a heading that is the title's head, before a space or a separator that did not cut
    # it (标题 东区办事处_中山网, 标题-EDN 电子技术设计)
    title = normal(title)
    for text in sorted(texts, key=len, reverse=True):
        rest = title[len(text) :]
        long_enough = len(text) >= max(_MIN_HEAD, len(title) // 3)
        if title.startswith(text) and rest[:1] in _HEAD_END and long_enough:
            return text
    return None


def headline(
    title: str | None,
    h1: str | None,
    root: etree._Element | None = None,
    names: Iterable[str] = (),
    domain: str | None = None,
) -> str | None:
    """A page's headline from its ``<title>``, its first h1 and its other headings.

    The h1 wins when the ``<title>`` contains it (or there is no ``<title>``); else the
    longest part of the ``<title>`` that a heading shows; else an h1 that does not name the
    site; else the ``<title>`` without the site's name.
    """
    title, h1 = normal(title) or None, normal(h1) or None
    names = [n for n in names if n]
    in_title = h1 and (not title or _compact(h1) in _compact(title))
    # a logo's h1 (山西省人民政府网站) is in the <title> too, as the site's name
    logo = title and h1 and is_site_name(h1, names, domain) and _compact(h1) != _compact(title)
    if in_title and not logo:
        return h1
    shown = shown_part(title, headings(root)) if title and root is not None else None
    if shown and (
        not is_site_name(shown, names, domain) or _compact(shown) == _compact(title or "")
    ):
        return shown
    if h1 and not is_site_name(h1, names, domain):
        return h1
    return strip_site_name(title, names, domain) or h1


def domain_name(url: str) -> str | None:
    """The name a site's domain spells: ``https://www.textileworld.com/x`` -> ``textileworld``."""
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
    labels = [x for x in host.split(".") if x not in ("www", "m", "news", "en", "cn")]
    # the label before the public suffix (com, com.cn, co.uk, org.cn ...)
    while len(labels) > 1 and labels[-1] in _SUFFIXES:
        labels.pop()
    name = labels[-1] if labels else None
    return name if name and name not in ("example", "invalid", "localhost") else None


_SUFFIXES = frozenset(
    {"com", "net", "org", "edu", "gov", "cn", "uk", "co", "de", "fr", "jp", "io", "info"}
    | {"biz", "us", "eu", "in", "au", "ca", "it", "es", "nl", "ch", "hk", "tw"}
)
