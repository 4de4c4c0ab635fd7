"""One-page extraction: one saved or fetched page to the item a crawl would make of it.

Part of issue 4, item 5 ("One-page extraction"). The page goes through the same page
objects and item processor (:class:`textile_news.pipeline.processing.ItemProcessor`) as a crawl: the
site's profile when the URL is one of a known site's hosts (textile_news/sites), generic
extraction otherwise; a page the crawl would reject says so, and why (issue 14). No I/O
here, and no Scrapy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from parsel import Selector

from textile_news import sites
from textile_news.items import Reject
from textile_news.pages import site_pages
from textile_news.pipeline.processing import ItemProcessor
from textile_news.text.content import Decoded, declared_label, decode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textile_news.sites import Site

# A charset label as written: Content-Type header, <meta charset> or <meta http-equiv>.


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
    Without ``url``, the address the page states (``<link rel=canonical>``, ``og:url``)
    stands for it, site and all; a page that states none has ``url`` None (issue 16: not
    the ``"/"`` that canonicalising nothing gives), and is not rejected for it: a crawl
    always knows its pages' URLs.
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
    url = url or stated_url(decoded.text)
    site = site_for_url(url) if url else None
    found = page_to_dict(site, decoded, url or "", hints)
    if not url:
        found["url"] = None
    return found


def stated_url(html: str) -> str | None:
    """The absolute http(s) address a page gives for itself: its canonical link, else its
    ``og:url``; None when it states neither."""
    try:
        selector = Selector(text=html)
    except ValueError:  # nothing lxml can parse: no address either
        return None
    for query in ('link[rel~="canonical"]::attr(href)', 'meta[property="og:url"]::attr(content)'):
        value = (selector.css(query).get() or "").strip()
        if urlsplit(value).scheme in ("http", "https") and urlsplit(value).hostname:
            return value
    return None


def page_to_dict(
    site: Site | None,
    decoded: Decoded,
    url: str,
    hints: Mapping[str, Any] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Extract with ``site``'s article page and zone (generic and a zone inferred from the
    page without one), then process the item as a crawl of it does (``rejected``: see
    :func:`extract_article`).

    :param aliases: the hosts filed under the site (default: its own); a crawl from a
        mirror adds the mirror's
    """
    page = site_pages.article_page(site)(url, decoded.text, hints)
    if aliases is None:
        aliases = site.aliases() if site else {}
    processor = ItemProcessor(site.timezone if site else None, aliases)
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


def site_for_url(url: str) -> Site | None:
    """The packaged site whose hosts serve ``url``, or None."""
    return sites.packaged().for_url(url)
