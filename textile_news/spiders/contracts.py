"""Spider contracts (SPIDER_CONTRACTS) that check a site's callbacks against its replica pages.

Part of issue 17, item 5: ``scrapy check`` runs the contracts in each site spider's callback
docstrings. ``@replica PATH`` asks for PATH on the site's replica, ``@article FIELD ...``
says the callback gives an article with those fields filled.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urljoin

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail

from textile_news.items import Article

REPLICAS_SETTING = "TEXTILE_NEWS_REPLICAS"
CONTRACT_META = "textile_news_contract"


class ReplicaContract(Contract):
    """``@replica /global/en/576416.html``: the request is for that path on the site's
    replica, whose host becomes a mirror of the site as with ``-a start_url``.

    The replica is ``TEXTILE_NEWS_REPLICAS[SLUG]`` (a JSON object of slug -> base URL, the
    way a test serves several sites at once), else the host of ``-a start_url=URL``, else
    the site itself: ``scrapy check SITE`` without either checks the live site.
    """

    name = "replica"

    def __init__(self, method: Callable[..., Any], *args: Any) -> None:
        super().__init__(method, *args)
        self.spider = method.__self__  # type: ignore[attr-defined]

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        if len(self.args) != 1 or not self.args[0].startswith("/"):
            raise ValueError(f"@replica takes one path starting with '/', not {self.args!r}")
        replicas = self.spider.settings.getdict(REPLICAS_SETTING)
        if base := replicas.get(self.spider.name):
            self.spider.add_mirror(base)
        args["url"] = urljoin(self.spider.base_url, self.args[0])
        args["meta"] = {**(args.get("meta") or {}), CONTRACT_META: True}
        return args


class ArticleContract(Contract):
    """``@article title published_at body``: the callback gives one article (no reject) and
    every field named is filled on it (``@scrapes`` only asks that a field exists, which
    every field of a dataclass does)."""

    name = "article"

    def post_process(self, output: list[Any]) -> None:
        items = [x for x in output if is_item(x)]
        if len(items) != 1 or not isinstance(items[0], Article):
            raise ContractFail(f"expected one article, got {items!r:.300}")
        adapter = ItemAdapter(items[0])
        empty = [name for name in self.args if adapter.get(name) in (None, "", [], {})]
        if empty:
            raise ContractFail(f"empty fields: {', '.join(empty)}")


def checked(callback: Callable[..., Any], contracts: str) -> Callable[..., Any]:
    """``callback`` (an async generator of a base class) under a site's own ``contracts``:
    ``parse_article = checked(NewsSpider.parse_article, "@replica /a.html ...")`` in a site's
    spider, as ``scrapy check`` reads contracts from a callback's docstring."""

    @functools.wraps(callback)
    async def site_callback(self: Any, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        spider = self
        if args and getattr(args[0], "meta", {}).get(CONTRACT_META):
            # `scrapy check` runs every contract in one spider, in the order its replies come:
            # a contract is judged on its page alone, not on the URLs an earlier one asked for.
            spider = copy.copy(self)
            spider.asked, spider.listed = set(), set()
        async for output in callback(spider, *args, **kwargs):
            yield output

    site_callback.__doc__ = contracts
    return site_callback
