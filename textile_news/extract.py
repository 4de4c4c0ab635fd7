"""One-page extraction: one saved or fetched page to the item a crawl would make of it.

Part of issue 4, item 5 ("One-page extraction"). The page goes through the same page
objects and item processor (:class:`textile_news.processing.ItemProcessor`) as a crawl: the
site's profile when the URL is one of a known site's hosts, generic extraction otherwise;
a page the crawl would reject says so, and why (issue 14). No I/O here.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
)

from textile_news.content import better_encoding, declared_label
from textile_news.items import Reject
from textile_news.pages import generic
from textile_news.processing import ItemProcessor

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textile_news.pages.base import ArticlePage
    from textile_news.spiders.base import NewsSpider

# A charset label as written: Content-Type header, <meta charset> or <meta http-equiv>.


@dataclass
class Decoded:
    """A page's text and its encodings: the label it declares, the one that decoded it."""

    text: str
    declared: str | None
    detected: str | None

    def encoding(self) -> dict[str, str | None]:
        return {"declared": self.declared, "detected": self.detected}


def decode(body: bytes, content_type: str | None = None) -> Decoded:
    """``body`` decoded by its declared charset, unless another one fits its bytes better.

    :param content_type: the ``Content-Type`` header it was served with, if any
    """
    declared = [
        http_content_type_encoding(content_type or ""),
        html_body_declared_encoding(body),
    ]
    encoding, text = html_to_unicode(content_type, body)
    if better := better_encoding(body, encoding, declared):
        encoding, text = better, body.decode(better, "replace")
    return Decoded(text, declared_label(body, content_type), codecs.lookup(encoding).name)


def extract_article(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    hints: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The article a crawl would make of this page, as a dict, plus its ``encoding``, and
    for a page the crawl would not store, ``rejected``: why.

    Dates are ISO in the site's zone and URLs canonical; ``fetched_at`` stays None.
    ``encoding`` is ``{"declared": label or None, "detected": codec used or None}``
    (``detected`` is None for text given as ``str``). ``rejected`` is the crawl's reject,
    ``{"stage": "validate", "reason": "no title", "detail": {...}}``; the other keys are the
    article as extracted and normalised.

    :param url: the page's address; a known site's host selects that site's page object
    :param content_type: the ``Content-Type`` header the bytes were served with
    :param hints: what the linking page said (``summary``, ``published_at``, ``category``)
    """
    if isinstance(html, bytes):
        decoded = decode(html, content_type)
    else:
        decoded = Decoded(html, declared_label(html, content_type), None)
    spider = site_for_url(url) if url else None
    return page_to_dict(spider, decoded, url or "", hints)


def page_to_dict(
    spider: type[NewsSpider] | NewsSpider | None,
    decoded: Decoded,
    url: str,
    hints: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Extract with ``spider``'s article page, zone and hosts (generic and UTC without one),
    then process the item as a crawl of it does (``rejected``: see :func:`extract_article`).

    A spider instance with a ``start_url`` also files its host's pages under the site.
    """
    page: ArticlePage
    if spider is None:
        page = generic.ArticlePage(url, decoded.text, hints)
        processor = ItemProcessor()
    else:
        page = spider.article_page(url, decoded.text, hints)
        processor = ItemProcessor.for_spider(spider)
    article = processor.normalize(page.to_item())
    found = {**article.as_dict(), "encoding": decoded.encoding()}
    outcome = processor.validate(article)  # one page: nothing to dedupe
    if isinstance(outcome, Reject):
        found["rejected"] = {
            "stage": outcome.stage,
            "reason": outcome.reason,
            "detail": outcome.detail,
        }
    return found


def site_for_url(url: str) -> type[NewsSpider] | None:
    """The spider class of the known site whose hosts serve ``url``, or None."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    for spider in spider_classes():
        if any(
            host == p or (p.startswith("*.") and host.endswith(p[1:])) for p in spider.site_hosts
        ):
            return spider
    return None


@cache
def spider_classes() -> tuple[type[NewsSpider], ...]:
    """Every site's spider class, loaded as ``scrapy crawl`` loads them."""
    from scrapy.spiderloader import SpiderLoader

    from textile_news.crawl import project_settings, site_names

    settings = project_settings()
    loader = SpiderLoader.from_settings(settings)
    return tuple(cast("type[NewsSpider]", loader.load(name)) for name in site_names(settings))
