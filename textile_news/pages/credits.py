"""Who a page credits, from its credit lines: authors and editors apart, and the source.

Part of issue 15 (items 3 and 4). A credit line is a short run of text that names people by
their role (``作者：张三``, ``（记者 李四）``, ``责任编辑：王五_NB123``, ``By John Smith and
Jane Doe``) or the publisher a page reprints (``来源：新京报``). :func:`read` splits such a
line into what each label credits and keeps names only: no role words, no dates, sources or
other labels that follow on the same line, no editor codes (``_NB12556``, ``PK155``), no
organisations (``医技药剂党支部``, ``网络整理``) or placeholders (``未知``, ``佚名``).

Roles, as a reader of the page would take them:

- **authors**: 作者, 文, 撰文, 执笔, 采写, 编译, 口述, 记者 (with what precedes it: 本报记者,
  新华社记者, 见习记者), 通讯员 (a correspondent writes the story), ``By``;
- **editors**: 编辑, 责任编辑, 责编, 主编, 编审, 审核, 审校, 审稿, 校对, 初审, 复审, 终审;
- **photographers** (摄影, ``…/摄``, ``… 摄``, 图, 供图) are credited for the pictures, not
  the text: they are neither, and a line that ends in 摄 credits no author (``中新社记者
  贾天勇 摄`` is a photo caption).

Pure: strings and lxml trees in, strings out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

AUTHOR, EDITOR, SOURCE, PHOTO, OTHER = "author", "editor", "source", "photo", "other"

# The labels, each with its role. 记者/通讯员 take a glued qualifier or medium before them
# (本报记者, 南都见习记者, 职工通讯员); the others stand alone.
_ROLES = {
    AUTHOR: "作者|撰文|撰稿|执笔|采写|采访|编译|口述|文字|文",
    EDITOR: "责任编辑|值班编辑|编辑|责编|主编|编审|审核|审校|审稿|校对|初审|复审|终审|监制",
    SOURCE: "来源于|来源|稿源|出处|转载自|原载|Source|SOURCE",
    PHOTO: "摄影|摄像|图片|供图|图文|图",
}
_REPORTER = r"[^\s：:（(【\[，,、|｜/]{0,8}?(?:记者|通讯员)"
_LABEL = re.compile(
    rf"(?P<label>(?:本文|文章|信息|稿件|新闻|消息|内容)?(?:{_ROLES[SOURCE]})"
    rf"|{_REPORTER}|{_ROLES[EDITOR]}|{_ROLES[AUTHOR]}|{_ROLES[PHOTO]})"
    r"(?P<colon>\s*[:：/|｜]|\s+|(?=\S))"
)
# Data, picture or other sources that are not the article's (资料来源, 图片来源, 数据来源).
_NOT_SOURCE = re.compile(r"(?:资料|图片|数据|图像|视频|题图|封面)$")
# Other labels end a value, glued or not (张三时间：2020-01-01, 【纠错】, 原标题：), and so
# does any word with a colon after a space (张三 单位：...).
_OTHER_LABEL = re.compile(
    r"(?:发布|发表|更新|上传|录入|出版)?(?:时间|日期)|浏览|阅读|点击|字号|评论|分享|栏目|分类"
    r"|关键词|标签|原标题|举报|纠错|打印|收藏|【[^】]*】|\[[^\]]*\]|(?<=\s)[\u4e00-\u9fff]{1,6}\s*[:：]"
)
_DATE = re.compile(r"\d{2,4}\s*[-/.年]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}|\d{1,2}:\d{2}")
# Where a value ends (besides another label and a date).
_END = re.compile(r"[|｜)）\]】>»<《》。？！?!“”\"]|\s{2,}")
_PROSE = re.compile(r"[。？！?!“”\"；;：:]")
_SPLIT = re.compile(r"\s*(?:[、,，;；&＆/]|\band\b|\s+)\s*")
_LATIN_SPLIT = re.compile(r"\s*(?:[、,，;；&＆/]|\b(?:and|und|et|y)\b)\s*", re.IGNORECASE)
# A name glued to a role word after it: 刘通摄, 路闻卓立编译, 陈智 整合.
_TRAILING_ROLE = re.compile(r"(?:编译|整理|综合|整合|报道|供稿|摄影|摄|撰稿|采写|发自\S*)$")
_ROLE_WORDS = frozenset(
    {
        "整合",
        "整理",
        "综合",
        "报道",
        "供稿",
        "编译",
        "摄",
        "图",
        "实习生",
        "见习记者",
        "记者",
        "通讯员",
        "编辑",
        "作者",
        "校对",
    }
)
_ROLE_ENDS = ("记者", "通讯员", "编辑", "作者")
_CODE = re.compile(r"^[A-Za-z]{1,4}\d{2,}$")  # an editor's code: PK155, HN666
_CODE_SUFFIX = re.compile(r"_[A-Za-z]*\d+[A-Za-z0-9]*$")  # 杜硕_NB12556
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·•]{2,6}$")
_LATIN_NAME = re.compile(r"^[^\W\d_][\w.'\-]*(?: [^\W\d_][\w.'\-]*){0,3}$")
# Organisations and placeholders: credited, but not people.
_NOT_PERSON = re.compile(
    r"网|报|社|部|中心|委|局|厅|办|站|台|公司|集团|新闻|频道|杂志|传媒|媒体|日报|整理|管理员|未知"
    r"|佚名|不详|本站|原创|网友|小编|编辑部|机构|协会|学会|研究院|大学|学院|医院|政府|科技|消息"
    r"|财经|资讯|在线|快讯|周刊|观察|视点"
)
_LATIN_NOT_PERSON = re.compile(
    r"\b(?:staff|editor|editors|editorial|team|desk|news|newsroom|admin|administrator|reporter"
    r"|correspondent|contributor|writer|inc|ltd)\b",
    re.IGNORECASE,
)
_SOURCE_JUNK = frozenset({"本站", "本站原创", "原创", "网络", "互联网", "网络整理", "未知", "举报"})


@dataclass
class Credits:
    """What a page's credit lines name, each list in page order without repeats."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, other: Credits) -> None:
        for mine, theirs in (
            (self.authors, other.authors),
            (self.editors, other.editors),
            (self.sources, other.sources),
        ):
            mine.extend(name for name in theirs if name not in mine)


def role_of(label: str) -> str:
    """The role of a credit label: ``本报记者`` -> author, ``责编`` -> editor."""
    label = label.strip()
    if label.endswith(("记者", "通讯员")):
        return AUTHOR
    for role, words in _ROLES.items():
        if re.fullmatch(rf"(?:本文|文章|信息|稿件|新闻|消息|内容)?(?:{words})", label):
            return role
    return OTHER


def read(line: str, *, short: bool | None = None) -> Credits:
    """The people and the source that one credit line names.

    ``short`` says whether the line is a credit line as a whole (an element's text of a few
    words), where a label needs no colon (``编辑 刘晓阳 校对 李铭``); in a longer text only
    ``label：value`` and ``（记者 name）`` count. By default, a line of 60 characters or fewer
    is short.
    """
    line = " ".join(line.split())
    found = Credits()
    if not line:
        return found
    if short is None:
        short = len(line) <= 60
    for group in _PARENS.finditer(line):
        found.add(_read_segment(group[1], loose=True, glued=True))
    found.add(_read_segment(line, loose=short))
    return found


_BREAK = re.compile(r"[\s|｜【\[（(：:，,。；;]")
# A parenthesised credit inside a paragraph: 新京报讯（记者 陆一夫）, （职工通讯员 李琴雯 刘会）
_PARENS = re.compile(r"[（(【\[]([^（）()【】\[\]]{2,40})[）)】\]]")


def _read_segment(text: str, *, loose: bool, glued: bool = False) -> Credits:
    found = Credits()
    matches = [m for m in _LABEL.finditer(text) if _is_label(text, m, loose, glued)]
    photo_line = bool(re.search(r"(?:^|[\s/（(])摄(?:影)?[)）]?$|\s图$", text))
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        value = _value(text[match.end() : end])
        role = role_of(match["label"])
        if value is None or role in (PHOTO, OTHER):
            continue
        if role == SOURCE:
            if not _NOT_SOURCE.search(text[: match.start()]) and (src := _source(value)):
                found.sources.append(src)
        elif not (photo_line and role == AUTHOR):
            names = _names(value)
            (found.authors if role == AUTHOR else found.editors).extend(
                name for name in names if name not in found.authors + found.editors
            )
    return found


def _is_label(text: str, match: re.Match[str], loose: bool, glued: bool) -> bool:
    """Whether a label's match credits something where it stands."""
    start, label, colon = match.start(), match["label"], match["colon"]
    spaced, colon = colon[:1].isspace(), colon.strip()
    if colon in (":", "："):  # 来源：证券时报网作者：李在山: a colon makes a label anywhere
        return True
    before = text[start - 1] if start else ""
    # inside a word (新闻记者会, 图书编辑部): other labels start the text or follow a break
    if before and not _BREAK.match(before) and not label.endswith(("记者", "通讯员")):
        return False
    if colon:  # 文/张三, 编辑|李四
        return role_of(label) != SOURCE
    # no colon: only in a credit line of its own (编辑 刘晓阳), never glued to what follows
    # (记者了解到) but in a parenthesised credit (（记者唐霁）)
    return loose and (spaced or (glued and label.endswith(("记者", "通讯员"))))


def _value(raw: str) -> str | None:
    """What a label credits, up to the first thing that is not its value."""
    raw = raw.strip()
    for pattern in (_OTHER_LABEL, _DATE, _END):
        if match := pattern.search(raw):
            raw = raw[: match.start()]
    raw = raw.strip(" -—–·•:：,，、")
    return raw or None


def _names(value: str) -> list[str]:
    if _PROSE.search(value):
        return []
    latin = not _CJK.search(value)
    parts = [p for p in (_LATIN_SPLIT if latin else _SPLIT).split(value) if p]
    names: list[str] = []
    for part in parts:
        part = _CODE_SUFFIX.sub("", part.strip())
        if part not in _ROLE_WORDS:
            part = _TRAILING_ROLE.sub("", part) or part
        if part and part not in _ROLE_WORDS and not part.endswith(_ROLE_ENDS) and is_person(part):
            names.append(part)
    people = [n for n in names if not _CODE.match(n)]
    # an editor's code beside a name is dropped; alone, it is all the page gives
    return people or names[:1]


_PLACEHOLDER = frozenset(
    {"name", "author", "autor", "admin", "administrator", "unknown", "null", "none", "guest"}
    | {"gast", "red", "red.", "redaktion", "redaction", "rédaction", "redacción", "redakcja"}
)
_DOMAIN_LIKE = re.compile(r"\.[a-z]{2,4}$", re.IGNORECASE)


def is_person(name: str) -> bool:
    """Whether a credited name can be a person's: not an organisation, medium or placeholder."""
    if name.casefold() in _PLACEHOLDER or _DOMAIN_LIKE.search(name):
        return False
    if _CJK.search(name):
        return bool(_CJK_NAME.match(name)) and not _NOT_PERSON.search(name)
    if _CODE.match(name):
        return True
    return bool(_LATIN_NAME.match(name)) and not _LATIN_NOT_PERSON.search(name)


def _source(value: str) -> str | None:
    # a source is one name: in Chinese it ends at a space (来源: 证券市场红周刊 举报)
    value = value.split(" ")[0] if _CJK.search(value) else value
    value = value.strip(" -—–·•")
    if not value or value in _SOURCE_JUNK or len(value) > 40 or "://" in value:
        return None
    return value


# An English byline: "By John Smith and Jane Doe", "By John Smith, Reuters".
# "By" in the languages of the web's bylines
_BYLINE = re.compile(
    r"^\s*(?:(?:written\s+)?by|von|par|por|di|door|av|af|przez|autor(?:in)?|author|text)"
    r"(?:\s*:\s*|\s+)(.+)$",
    re.IGNORECASE,
)
_BYLINE_END = re.compile(
    r"\s*(?:[|•·—–]|\s-\s|\b(?:on|am|le|el|for|für|updated|published)\b|\d)", re.I
)


def byline(text: str) -> list[str]:
    """The people an English byline names, without "By" or role words."""
    text = " ".join(text.split())
    match = _BYLINE.match(text)
    return english_names(match[1] if match else text)


# what a byline says besides names: "Posted on 12.01.2024", "Updated 3 hours ago"
_NOT_NAME = re.compile(
    r"(?:posted|published|updated|written|last|share|follow|email|print|comments?|weiter|weitere"
    r"|more|mehr|read|view|see|all|alle)\b",
    re.I,
)


def english_names(text: str) -> list[str]:
    """Person names in an English credit: split at commas, "and", "&"; role words, agencies
    (a one-word part after a person's name: "John Smith, Reuters") and URLs left out."""
    if match := _BYLINE_END.search(text):
        text = text[: match.start()]
    parts = [p.strip(" .'\"‘’“”") for p in _LATIN_SPLIT.split(text)]
    names: list[str] = []
    for n, part in enumerate(p for p in parts if p):
        if match := _BYLINE.match(part):
            part = match[1]
        if "://" in part or "@" in part or not is_person(part) or _NOT_NAME.match(part):
            continue
        if n and " " not in part:  # "Reuters", "AP" after a name: the agency
            continue
        if part.casefold() not in (name.casefold() for name in names):
            names.append(part)
    return names


def joined(names: Iterable[str]) -> str | None:
    """Names as the ``author``/``editor`` columns keep them: ``"; "``-separated."""
    unique = list(dict.fromkeys(n for n in names if n))
    return "; ".join(unique) or None


# Text that may hold a credit: a cheap test before a line is read.
_CUE = re.compile(
    r"作者|记者|编辑|责编|来源|稿源|出处|转载自|原载|通讯员|撰文|执笔|采写|审核|校对|编译"
    r"|文\s*[/|｜:：]|Source\s*:"
)
_NO_CREDIT = frozenset({"script", "style", "noscript", "textarea", "select", "option", "a"})
_LINE_MAX = 300  # characters: a longer element is a container; only its own text is read
_LABEL_END = re.compile(r"[:：/|｜]\s*$")
_MAX_CUES = 200  # a page with more is a listing or a forum: its first ones are enough


def credit_lines(root: Any) -> list[str]:
    """The texts of a page's body that may credit someone, in page order: the element that
    holds a credit label with what follows it (``<span>责任编辑：</span><span>张三</span>``
    is one line), or the text itself inside a long paragraph."""
    body = root.find("body")
    body = root if body is None else body
    # most pages credit no one this way: one search of all their text (lxml joins it in C)
    # saves a walk in Python over every element
    if not _CUE.search(body.xpath("string()")):
        return []
    lines: dict[str, None] = {}
    cues = 0
    for node in body.iter():
        if not isinstance(node.tag, str):
            continue
        for text, owner in ((node.text, node), (node.tail, node.getparent())):
            if not text or owner is None or (owner is node and node.tag in _NO_CREDIT):
                continue
            if not _CUE.search(text):
                continue
            cues += 1
            if cues > _MAX_CUES:
                return list(lines)
            lines.setdefault(_line_of(owner, text))
    return list(lines)


def _line_of(owner: Any, text: str) -> str:
    line = " ".join(owner.xpath("string()").split())
    for _ in range(2):  # a label alone in its element: its value is in the next one
        parent = owner.getparent()
        if parent is None or not _LABEL_END.search(line):
            break
        wider = " ".join(parent.xpath("string()").split())
        if len(wider) > _LINE_MAX:
            break
        owner, line = parent, wider
    return line if len(line) <= _LINE_MAX else " ".join(text.split())


def from_lines(lines: Iterable[str]) -> Credits:
    """What all of a page's credit lines name, in page order."""
    found = Credits()
    for line in lines:
        found.add(read(line))
    return found


_ORGANISATION = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "WebSite"})
_AUTHOR_MARKS = etree.XPath(
    ".//@itemprop[. = 'author']/.. | .//@rel[contains(., 'author')]/.."
    " | .//@class[contains(., 'byline') or contains(., 'Byline')]/.."
)


def jsonld_authors(value: Any) -> list[str]:
    """The people of a JSON-LD ``author``: an object, a list of them or a string; an
    Organization is not a person."""
    names: list[str] = []
    for one in value if isinstance(value, list) else [value]:
        if isinstance(one, dict):
            kinds = one.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if _ORGANISATION.intersection(k for k in kinds if isinstance(k, str)):
                continue
            one = one.get("name")
        if isinstance(one, list):
            one = ", ".join(x for x in one if isinstance(x, str))
        if isinstance(one, str) and one.strip():
            names += _person_names(one)
    return names


def _person_names(text: str) -> list[str]:
    text = " ".join(text.split())
    if _CJK.search(text):
        return [n for n in _names(text) if n] or []
    return byline(text)


def marked_authors(root: Any) -> list[str]:
    """The people named by ``[itemprop=author]``, ``a[rel=author]`` and byline elements."""
    names: list[str] = []
    for node in _AUTHOR_MARKS(root):
        if node.tag in ("meta", "link"):
            text = node.get("content") or ""
        else:
            named = node.xpath(".//*[@itemprop='name']")
            text = (named[0] if named else node).xpath("string()")
        text = " ".join(text.split())
        if not text or len(text) > 200:
            continue
        found = _person_names(text)
        marked = node.get("itemprop") == "author" or "author" in (node.get("rel") or "")
        if not marked and not _CJK.search(text) and not _BYLINE.match(text):
            # a byline's box without "By": only what reads as full names (not "Kultur")
            found = [n for n in found if _full_name(n)]
        names += [n for n in found if n not in names]
    return names


def _full_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def page_people(
    jsonld_author: Any,
    meta: Mapping[str, str],
    root: Any,
    site_names: Iterable[str] = (),
    *,
    lines: bool = True,
    scope: Any = None,
) -> tuple[list[str], list[str], list[str]]:
    """(authors, editors, sources) a page credits: the authors of its structured data
    (JSON-LD, ``meta[name=author]``), else of its markup (itemprop, rel, bylines), else of
    its credit lines; its editors and sources from its credit lines (``lines=False``: the
    page has none worth looking for). ``scope``: where the markup is looked for (the
    article's element, a fraction of the page), the whole page by default. A name that is
    the site's, or a URL, is no author."""
    sites = {_key(name) for name in site_names if name}
    credited = from_lines(credit_lines(root)) if lines else Credits()
    meta_author = meta.get("author") or meta.get("article:author") or ""
    for found in (
        jsonld_authors(jsonld_author),
        [] if "://" in meta_author else _person_names(meta_author),
        None,  # marked_authors(root), only when the above found nobody
        credited.authors,
    ):
        if found is None:
            found = marked_authors(root if scope is None else scope)
        authors = [a for a in found if _key(a) not in sites and "://" not in a]
        if authors:
            break
    editors = [e for e in credited.editors if e not in authors]
    return authors, editors, credited.sources


def in_cjk(*texts: str | None) -> bool:
    """Whether any of these texts is written in Chinese, Japanese or Korean characters."""
    return any(text and _CJK.search(text) for text in texts)


def _key(name: str) -> str:
    return re.sub(r"\W+", "", name).casefold()
