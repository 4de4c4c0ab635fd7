"""NewsSpider: the follow logic shared by every site's spider.

A spider only finds pages: listing pages give article URLs and the next listing page,
article pages give an item plus the articles they link. Fields come from page objects.
"""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import HtmlResponse, Response, TextResponse
from twisted.python.failure import Failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

from textile_news.items import Article, Reject
from textile_news.pages import site_pages
from textile_news.pages.base import ArticlePage, ListEntry, ListPage
from textile_news.pages.tree import UnparsablePage
from textile_news.sites import Site
from textile_news.spiders import faults, offload
from textile_news.spiders.incremental import KnownArticles
from textile_news.text.content import binary_type
from textile_news.text.urls import host_matches

T = TypeVar("T")
MAX_LISTING_LINKS = 5000  # unless TEXTILE_NEWS_MAX_LISTING_LINKS says otherwise


@dataclass
class Listing:
    """What a listing page says: its article entries and the next listing page."""

    entries: list[ListEntry]
    next_url: str | None


class NewsSpider(scrapy.Spider):
    """Crawls one site: listings with pagination, article links, and an id range.

    A subclass names its catalogue entry, ``site = sites.packaged()["sjfzxm_com"]``: its
    name, hosts, zone, start pages and page objects come from there (issue 14).

    Arguments (``-a name=value``):

    - ``start_url``: crawl from this URL instead of the site's own; its host is allowed
      and treated as a mirror of the site (the demo, a test server).
    - ``first_id``/``last_id``: also fetch every article id in that range (inclusive).
    """

    site: ClassVar[Site | None] = None  # the catalogue entry; what follows comes from it
    site_url: ClassVar[str]  # "http://www.sjfzxm.com": scheme and host articles are filed under
    start_paths: ClassVar[tuple[str, ...]] = ("/",)
    article_path: ClassVar[str | None] = None  # "/global/en/{id}.html", for id ranges
    timezone: ClassVar[str | None] = None  # None: no zone stated (pages' own are inferred)
    site_hosts: ClassVar[tuple[str, ...]] = ()  # hosts (and "*.domain") serving this site
    article_page: ClassVar[type[ArticlePage]]
    list_page: ClassVar[type[ListPage]]
    # Politeness per site: seconds between requests (AutoThrottle may raise it) and
    # requests at once. Loopback hosts (demo, tests) get neither: settings.DOWNLOAD_SLOTS.
    custom_settings = {"DOWNLOAD_DELAY": 1.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}  # noqa: RUF012

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        site = cls.__dict__.get("site")
        if site is None:  # a class of the crawl's own (JOBDIR), or one without an entry
            return
        cls.name = site.slug
        cls.site_url = site.url
        cls.site_hosts = site.hosts
        cls.timezone = site.timezone
        cls.start_paths = tuple(_path_of(url) for url in site.start_urls) or ("/",)
        cls.article_path = site.id_path
        cls.article_page = site_pages.article_page(site)
        cls.list_page = site_pages.list_page(site)

    def __init__(
        self,
        start_url: str | None = None,
        first_id: str | int | None = None,
        last_id: str | int | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.known: KnownArticles | None = None  # set by from_crawler: the archive's filter
        self.asked: set[str] = set()  # article URLs already requested or skipped
        self.listed: set[str] = set()  # article URLs that this crawl's listing pages linked
        self.known_pages_depth = 1
        self.max_listing_links = MAX_LISTING_LINKS
        self.start_url = start_url
        self.id_range = _id_range(first_id, last_id)
        # Every host of the site, and the start_url's host, files articles under site_url.
        self.host_aliases = self.site_aliases()
        self.allowed_domains = [h.removeprefix("*.") for h in self.site_hosts]
        if start_url:
            self.add_mirror(start_url)

    def add_mirror(self, url: str) -> None:
        """Treat ``url``'s host as a mirror of the site, as ``-a start_url=url`` does: its
        pages are filed under ``site_url`` and the crawl stays on it (``local``)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"start_url must be an http(s) URL, not {url!r}")
        self.start_url = url
        self.host_aliases[parts.netloc.lower()] = self.site_url
        self.allowed_domains.append(parts.hostname)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.known = KnownArticles(
            settings.get("TEXTILE_NEWS_DB"),
            spider.host_aliases,
            full=settings.getbool("TEXTILE_NEWS_FULL"),
            revisit_days=settings.getfloat("TEXTILE_NEWS_REVISIT_DAYS", 7),
            captures=settings.getbool("TEXTILE_NEWS_CAPTURE"),
        )
        spider.known_pages_depth = settings.getint("TEXTILE_NEWS_KNOWN_PAGES_DEPTH", 1)
        spider.max_listing_links = settings.getint(
            "TEXTILE_NEWS_MAX_LISTING_LINKS", MAX_LISTING_LINKS
        )
        if spider.known.interrupted(spider.name):
            # The last crawl of the site died before its end: the articles it stored fill
            # listing pages that do not mean "nothing new beyond". Walk them all (archived
            # articles are still not fetched), so that what it never reached is found.
            spider.known_pages_depth = sys.maxsize
            spider.logger.info("the last crawl was interrupted: every listing page is walked")
        crawler.signals.connect(spider.known.close, signal=signals.spider_closed)
        return spider

    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    @classmethod
    def site_aliases(cls) -> dict[str, str]:
        """Host -> the scheme and host that the archive files this site's articles under."""
        return {host: cls.site_url for host in cls.site_hosts}

    @property
    def base_url(self) -> str:
        if self.start_url:
            parts = urlsplit(self.start_url)
            return f"{parts.scheme}://{parts.netloc}"
        return self.site_url

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` is an article's: its path matches the entry's ``article_url``."""
        return self.site is not None and self.site.is_article_url(url)

    async def start(self) -> AsyncIterator[Any]:
        if self.article_path:
            for article_id in self.id_range:
                url = self.base_url + self.article_path.format(id=article_id)
                if request := self.article_request(url):
                    yield request
        if self.start_url:
            yield self.listing_request(self.start_url)
        elif not self.id_range:
            for path in self.start_paths:
                yield self.listing_request(self.site_url + path)

    def listing_request(self, url: str) -> scrapy.Request:
        if self.is_article_url(url):  # a start_url at an article: always fetched
            return scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.on_error,
                cb_kwargs={"hints": {}},
                meta={"article": True},
            )
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error)

    def article_request(
        self, url: str, hints: Mapping[str, Any] | None = None, *, wanted: bool | None = None
    ) -> scrapy.Request | None:
        """A request for an article, or None when the archive has it and it is not due.

        :param wanted: the archive's answer when the caller asked it already
        """
        # An article is linked from ~7 places (listing, related, next): one answer each URL,
        # as Scrapy's dupefilter would drop the repeats anyway, saves an archive lookup each.
        if url in self.asked:
            return None
        self.asked.add(url)
        if wanted is None:
            wanted = self.known is None or self.known.check(url)[1]
        if not wanted:
            self._stats().inc_value("textile_news/skipped_known")
            return None
        return scrapy.Request(
            self.local(url),
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"hints": dict(hints or {})},
            meta={"article": True},  # for the capture of originals and the known-URL filter
        )

    def on_site(self, url: str) -> bool:
        """Whether ``url`` is on one of the site's hosts or mirrors."""
        parts = urlsplit(url)
        return parts.netloc.lower() in self.host_aliases or host_matches(
            parts.hostname, self.site_hosts
        )

    def local(self, url: str) -> str:
        """Keep a crawl on its start_url's host when a page links the site's own host."""
        if not self.start_url:
            return url
        if self.on_site(url):
            parts, base = urlsplit(url), urlsplit(self.base_url)
            return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return url

    async def parse_listing(self, response: Response, known_streak: int = 0) -> AsyncIterator[Any]:
        """Article requests of a listing, then its next page, unless ``known_pages_depth``
        pages in a row held only archived articles (``--full`` walks every page)."""
        if not isinstance(response, TextResponse):
            yield self.reject(response.url, f"listing is not text ({_ctype(response)})", "extract")
            return
        listing = await self.off_reactor(response, lambda: self.read_listing(response))
        if isinstance(listing, Listing):
            for output in self.follow_listing(response, listing, known_streak):
                yield output
        elif listing is not None:
            yield listing

    def read_listing(self, response: TextResponse) -> Listing:
        """The listing page's entries and next page: the page object's work, in one go."""
        page = self.list_page(response.url, response.text)
        return Listing(page.entries(), page.next_page_url())

    def repeats_itself(self, listing: Listing) -> bool:
        """True (and counted in ``textile_news/listing_repeated``) for a listing page whose
        every link an earlier listing page of this crawl gave already: a guessed next page
        that a server answers with its last one again, which would otherwise be walked for
        ever.

        Links met elsewhere do not count: a page of articles that related links have all
        asked for already is still a page of the listing, and its next page may hold
        articles nothing else links (a resumed crawl fetches the articles it had queued
        before the listing page it stopped at, and lost every later page that way)."""
        urls = [entry.url for entry in listing.entries]
        if urls and self.listed.issuperset(urls):
            self._stats().inc_value("textile_news/listing_repeated")
            return True
        self.listed.update(urls)
        return False

    def follow_listing(
        self, response: TextResponse, listing: Listing, known_streak: int
    ) -> Iterator[Any]:
        entries = self.capped(response.url, listing.entries)
        new = 0
        for entry in entries:
            hints = {"summary": entry.summary, "published_at": entry.published_at}
            hints["category"] = entry.category
            known, wanted = self.known.check(entry.url) if self.known else (False, True)
            new += not known
            request = self.article_request(entry.url, hints, wanted=wanted)
            if request is not None:
                yield request
        streak = known_streak + 1 if entries and not new else 0
        full = self.known is None or self.known.full
        next_url = listing.next_url
        if next_url and (full or streak < self.known_pages_depth):
            yield scrapy.Request(
                self.local(next_url),
                callback=self.parse_listing,
                errback=self.on_error,
                cb_kwargs={"known_streak": streak},
            )
        elif next_url:
            self._stats().inc_value("textile_news/listing_stopped_known")

    def capped(self, url: str, entries: list[ListEntry]) -> list[ListEntry]:
        """The first ``TEXTILE_NEWS_MAX_LISTING_LINKS`` of a listing's entries; a listing with
        more is counted (``textile_news/listing_links_capped``, a finding of the run) and
        logged, as no news listing links that many articles (issue 13, item 5)."""
        if len(entries) <= self.max_listing_links:
            return entries
        self._stats().inc_value("textile_news/listing_links_capped")
        self.logger.warning(
            "%s links %d articles: only the first %d are followed (TEXTILE_NEWS_MAX_LISTING_LINKS)",
            url,
            len(entries),
            self.max_listing_links,
        )
        return entries[: self.max_listing_links]

    async def off_reactor(self, response: Response, work: Callable[[], T]) -> T | Reject | None:
        """``work()`` on the parse thread when the page is huge (textile_news/spiders/offload.py);
        a reject when the page cannot be parsed whole; None when the crawl stopped first."""
        try:
            return await offload.run(getattr(self, "crawler", None), len(response.body), work)
        except UnparsablePage as error:
            self._stats().inc_value("textile_news/unparsable_pages")
            return self.reject(response.url, str(error), "extract")
        except offload.Stopped:
            self._stats().inc_value("textile_news/parses_dropped_stopping")
            return None

    async def parse_article(
        self, response: Response, hints: Mapping[str, Any] | None = None
    ) -> AsyncIterator[Any]:
        """The article's item, then requests for the articles it links. ``hints`` are what
        the listing or feed said of it; none for an article asked alone (``scrapy parse URL
        -c parse_article``, a contract), whose page then says everything (issue 17, item 5)."""
        item = await self.off_reactor(response, lambda: self.extract_article(response, hints or {}))
        if item is None:
            return
        yield item
        if isinstance(item, Article):
            for request in self.follow_article(item):
                yield request

    def extract_article(self, response: Response, hints: Mapping[str, Any]) -> Article | Reject:
        """The page object's item, or a reject for a page that is no article (not HTML,
        binary, a tree too deep to parse whole)."""
        # A PNG served as text/html is no more an article than one served as image/png.
        sniffed, served = binary_type(response.body), _ctype(response)
        if sniffed or not _is_html(response):
            what = served if sniffed in (None, served) else f"{sniffed} served as {served}"
            return self.reject(response.url, f"not an HTML page ({what})", "extract")
        assert isinstance(response, TextResponse)  # _is_html
        started = time.process_time()
        try:
            page = self.article_page(response.url, response.text, hints)
            item = page.to_item()
        except UnparsablePage as error:
            return self.reject(response.url, str(error), "extract")
        self._cpu("extract", started)
        self._count_selectors(page)
        return item

    def follow_article(self, item: Article) -> Iterator[scrapy.Request]:
        """Requests for the articles that an article links (related, next)."""
        links = [
            (link.url, {"category": link.category, "published_at": link.published_at})
            for link in item.related
        ]
        if item.next:
            links.append((item.next.url, {"summary": item.next.summary}))
        for url, hints in links:
            if self.is_article_url(url) and (request := self.article_request(url, hints)):
                yield request

    def _count_selectors(self, page: ArticlePage) -> None:
        """Count the article pages where a selector of the site's entry matched nothing:
        the run's findings name them (textile_news/crawl/monitoring.py)."""
        empty = getattr(page, "empty_selectors", None)
        crawler = getattr(self, "crawler", None)
        if empty is None or crawler is None or crawler.stats is None:
            return
        crawler.stats.inc_value("textile_news/selectors/pages")
        for field in empty:
            crawler.stats.inc_value(f"textile_news/selectors/empty/{field}")

    def _cpu(self, stage: str, started: float) -> None:
        """Add the CPU time since ``started`` to ``textile_news/cpu_us/<stage>`` (the split a
        benchmark reports; a spider without a crawler, as reextract runs it, counts none)."""
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            used = round((time.process_time() - started) * 1e6)
            crawler.stats.inc_value(f"textile_news/cpu_us/{stage}", used)

    def on_error(self, failure: Failure) -> Iterator[Reject]:
        request = failure.request  # type: ignore[attr-defined]
        # "timeout after 1 s (3 tries)", "redirect loop", ... (textile_news/spiders/faults.py)
        fault = faults.describe(failure.value, request, self.crawler.settings)
        self._stats().inc_value(f"textile_news/errors/{fault.key}")
        # filed under the URL asked for, not where its redirects ended
        url = faults.first_url(request)
        yield Reject(
            url=url, site=self.name, reason=fault.reason, stage="fetch", detail=fault.detail
        )

    def reject(self, url: str, reason: str, stage: str) -> Reject:
        return Reject(url=url, site=self.name, reason=reason, stage=stage)


def _is_html(response: Response) -> bool:
    # A declared Content-Type decides (Scrapy may still build an HtmlResponse for a PDF at a
    # .html URL); without one, Scrapy's sniffing of the body does.
    if not isinstance(response, TextResponse):
        return False
    if response.headers.get(b"Content-Type"):
        return "html" in _ctype(response)
    return isinstance(response, HtmlResponse)


def _ctype(response: Response) -> str:
    value = response.headers.get(b"Content-Type") or b"unknown type"
    return value.decode("latin-1").split(";")[0].strip().lower()


def _path_of(url: str) -> str:
    """``/news/list.aspx?page=1`` of ``https://host/news/list.aspx?page=1``: a start page
    that a crawl from a mirror (``start_url``) asks of the mirror."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _id_range(first: str | int | None, last: str | int | None) -> range:
    if first is None and last is None:
        return range(0)
    lo_text = first if first is not None else last
    hi_text = last if last is not None else first
    try:
        lo, hi = int(str(lo_text)), int(str(hi_text))
    except ValueError:
        raise ValueError(f"first_id and last_id must be integers: {first!r}, {last!r}") from None
    if hi < lo:
        raise ValueError(f"last_id {hi} is below first_id {lo}")
    return range(lo, hi + 1)
