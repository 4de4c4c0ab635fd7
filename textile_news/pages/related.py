"""A page's related-articles block -> ``RelatedLink``s (issue 15, item 6).

The block is found by its label (``相关阅读``, "Related articles", "Further reading" as an
element's whole short text) and the links that follow it, or by a container whose class, id
or aria-label names ``related`` as a word (``related-posts``, ``relatedArticles``,
``yarpp-related``), or by ``rel="related"`` links. Nothing under a nav, header or footer, or
under a class or id that says ad, menu, share, comment, tag and the like, is read.
Pure: lxml and ``text.dates`` only.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from textile_news.items import RelatedLink
from textile_news.text.dates import listed_date

MAX_LINKS = 20
LABELS = frozenset(
    {
        "相关阅读",
        "相关新闻",
        "相关文章",
        "相关报道",
        "相关链接",
        "延伸阅读",
        "推荐阅读",
        "related articles",
        "related article",
        "related stories",
        "related news",
        "related posts",
        "related content",
        "related",
        "read more",
        "more on this",
        "more on this story",
        "more on this topic",
        "you may also like",
        "you might also like",
        "further reading",
        "see also",
    }
)
# Elements whose class, id, aria-label or rel holds "related", found in C in one pass over
# the attributes (a predicate on every element costs more); the words are checked in Python.
_NAMED = etree.XPath(
    "//@*[contains(., 'elated')]"
    "[name() = 'class' or name() = 'id' or name() = 'aria-label' or name() = 'rel']/.."
)
_LINKS = etree.XPath(".//a[@href]")
# Text as a reader sees it: not the text of scripts, styles or SVG titles, which body()
# takes out of the tree, so the answer is the same before and after it.
_TEXTS = etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::svg)]"
)
# "related" as a word of a class name: related-posts, jp-relatedposts, relatedArticles,
# postRelated; not "unrelated".
_RELATED_NAME = re.compile(r"(?<![A-Za-z])[Rr]elated|(?<=[a-z])Related")
# Class or id words of blocks that are not the article's related reading (ad-box, adBox,
# related-ads, site-menu, share-links, tagcloud).
_EXCLUDED_NAME = re.compile(
    r"(?<![A-Za-z])(?:ads?(?![a-z])|advert|sponsor|promo|banner|menu|nav|footer|breadcrumb"
    r"|share|sharing|social|comment|tags?(?![a-z])|tagcloud|pagination)"
    r"|(?<=[a-z])(?:Ads?(?![a-z])|Advert|Sponsor|Promo|Banner|Menu|Nav|Footer|Breadcrumb"
    r"|Share|Sharing|Social|Comment|Tags?(?![a-z])|Pagination)"
)
_EXCLUDED_TAGS = frozenset({"nav", "header", "footer"})
# Containers whose classes describe the page, not a block of it (WordPress puts "tag-cotton"
# on <body> and <article>).
_PAGE_TAGS = frozenset({"html", "body", "article", "main"})
_LABEL_TAGS = frozenset(
    {"h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "legend", "dt", "em"}
    | {"label", "li"}
)
# Labels that are the first item of their list: the list is the block.
_ITEM_TAGS = frozenset({"li", "dt"})
_LABEL_TRIM = " \t\r\n:：»›>|-–—【】[]「」()（）"
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
_LISTING_PATH = re.compile(r"/(?:category|categories|tag|tags|topics?|section|list|page)(?:/|$)")
_SKIPPED_HREF = ("#", "javascript:", "mailto:", "tel:")
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?)$", re.IGNORECASE)
_LABEL_LENGTH = 40  # characters of an element's own text: longer is no label
_UP = 3  # levels a label's block is looked for above the label


def related_links(root: Any, base_url: str, exclude_url: str | None = None) -> list[RelatedLink]:
    """The links of the page's related-articles blocks, in page order, deduplicated by URL,
    at most MAX_LINKS; ``exclude_url`` (the page's own URL) is left out."""
    found: dict[str, RelatedLink] = {}
    own = {_plain(base_url)} | ({_plain(exclude_url)} if exclude_url else set())
    for block in _blocks(root):
        for link in _LINKS(block) if block.tag != "a" else [block]:
            if not _excluded(link, block):
                _add(found, link, base_url, own)
        if len(found) >= MAX_LINKS:
            break
    return [link for link in found.values() if _kept(link)][:MAX_LINKS]


def _blocks(root: Any) -> list[Any]:
    """The related blocks: the ones labelled first, then the named ones, each in page order."""
    labelled = (_labelled_block(label) for label in _labels(root))
    found = [*labelled, *filter(_named, _NAMED(root))]
    return [block for block in found if block is not None and not _excluded(block, None)]


def _named(node: Any) -> bool:
    if node.tag == "a" and "related" in (node.get("rel") or "").lower().split():
        return True
    names = (node.get("class"), node.get("id"), node.get("aria-label"))
    return any(name and _RELATED_NAME.search(name) for name in names)


def _labels(root: Any) -> list[Any]:
    """Elements whose own text (before any child) is a label of LABELS."""
    # a Python walk over these tags (lxml filters them in C) costs less than an XPath test
    # of every text node, which copies each one, scripts included
    found = []
    for node in root.iter(*_LABEL_TAGS):
        text = node.text
        if text is not None and len(text) < _LABEL_LENGTH and _is_label(text):
            found.append(node)
    return found


def _is_label(text: str) -> bool:
    return text.strip(_LABEL_TRIM).lower() in LABELS


def _labelled_block(label: Any) -> Any:
    """The links' container after a label: the next sibling holding links of the label or
    of its parent (up to _UP levels), else the first parent holding links besides it."""
    if any(node.tag == "a" for node in _ancestors(label, _UP)):
        return None  # a link reading "Related" or "Read more" is not a label
    if label.tag in _ITEM_TAGS:
        parent = label.getparent()
        return parent if parent is not None and _LINKS(parent) else None
    node = label
    for _ in range(_UP):
        sibling = node.getnext()
        if sibling is not None and _LINKS(sibling):
            return sibling
        parent = node.getparent()
        if parent is None or parent.tag in _PAGE_TAGS:
            return None
        if len(_LINKS(parent)) > len(_LINKS(node)):
            return parent
        node = parent
    return None


def _ancestors(node: Any, levels: int) -> list[Any]:
    found: list[Any] = []
    while node is not None and len(found) <= levels:
        found.append(node)
        node = node.getparent()
    return found


def _excluded(node: Any, stop: Any) -> bool:
    """Whether the node sits in a nav, header, footer or an ad-, menu-, share-like block
    (looked at up to ``stop``, else up to the page's top)."""
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _EXCLUDED_TAGS:
            return True
        if node.tag not in _PAGE_TAGS:
            names = f"{node.get('class') or ''} {node.get('id') or ''}"
            if _EXCLUDED_NAME.search(names):
                return True
        if node is stop:
            return False
        node = node.getparent()
    return False


def _add(found: dict[str, RelatedLink], link: Any, base_url: str, own: set[str]) -> None:
    href = (link.get("href") or "").strip()
    if not href or href.lower().startswith(_SKIPPED_HREF):
        return
    url = urldefrag(urljoin(base_url, href))[0]
    if not url.startswith(("http://", "https://")) or _plain(url) in own:
        return
    if _IMAGE.search(urlsplit(url).path):
        return  # a picture in a gallery of "related" images, not an article
    title = _title(_text(link)) or _title(" ".join((link.get("title") or "").split()))
    known = found.get(url)
    if known is not None and known.title:
        return
    found[url] = RelatedLink(url=url, title=title, published_at=_row_date(link))


def _title(text: str | None) -> str | None:
    # a link reading only "23" (a vote count, a comment count) names no article: the same
    # URL's next link may
    return text if text and any(char.isalpha() for char in text) else None


def _row_date(link: Any) -> str | None:
    """The date printed in the list item or row of the link."""
    for node in _ancestors(link.getparent(), _UP):
        if node.tag in _ROW_TAGS:
            return listed_date(_text(node) or "")
    return None


def _kept(link: RelatedLink) -> bool:
    """A link without a title to the home page or a listing is navigation, not reading."""
    if link.title:
        return True
    path = urlsplit(link.url).path
    return path not in ("", "/") and not _LISTING_PATH.search(path)


def _plain(url: str) -> str:
    return urldefrag(url)[0].rstrip("/")


def _text(node: Any) -> str | None:
    return " ".join("".join(_TEXTS(node)).split()) or None
