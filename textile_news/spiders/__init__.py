"""Discovery only: one spider per site that needs code (the others are
:class:`~textile_news.spiders.site.SiteSpider` from the catalogue), the follow logic they
share, and the known-article check; what a page says is the page objects' job.

May import: ``archive`` (the known-article check reads it), ``pages``, ``sites``, ``text``,
``items``; not ``pipeline`` (a sibling) nor anything above.
"""
