"""Scrapy settings of the textile_news project."""

from __future__ import annotations

import os

from textile_news.crawl.politeness import LOOPBACK_SLOTS, user_agent

BOT_NAME = "textile_news"
SPIDER_MODULES = ["textile_news.spiders"]
NEWSPIDER_MODULE = "textile_news.spiders"
# The sites of the catalogue (textile_news/sites) are spiders too, those of a file of one's
# own (TEXTILE_NEWS_SITES) among them.
SPIDER_LOADER_CLASS = "textile_news.spiders.loader.SiteSpiderLoader"
# `scrapy check`: each site's callbacks against its replica pages (issue 17, item 5).
SPIDER_CONTRACTS = {
    "textile_news.spiders.contracts.ReplicaContract": 10,
    "textile_news.spiders.contracts.ArticleContract": 10,
}
# Slug -> base URL of the replica that `@replica PATH` asks (a test serving replicas sets it).
TEXTILE_NEWS_REPLICAS: dict[str, str] = {}
# `scrapy crawl` exits 74 when a file of the crawl cannot be written (textile_news/commands)
COMMANDS_MODULE = "textile_news.crawl.commands"

# --- our own settings (prefixed like Scrapy's CLOSESPIDER_*) ---
TEXTILE_NEWS_DB = os.environ.get("TEXTILE_NEWS_DB") or "data/archive.sqlite"
# Rows are written in batches: one commit per item halves the crawl speed.
TEXTILE_NEWS_BATCH_SIZE = 200
TEXTILE_NEWS_FLUSH_SECONDS = 2.0
# Print a progress line on stderr while crawling (the CLI turns it on for terminals).
TEXTILE_NEWS_PROGRESS = False
# Incremental crawls: archived articles are not fetched again unless --full (this), or
# published within TEXTILE_NEWS_REVISIT_DAYS (re-fetched to catch revisions). A listing's
# pagination stops after this many pages in a row that held only archived articles.
TEXTILE_NEWS_FULL = False
TEXTILE_NEWS_REVISIT_DAYS = 7.0
TEXTILE_NEWS_KNOWN_PAGES_DEPTH = 1
# `crawl generic`: listing pages followed at most, on a site whose pagination is only guessed.
TEXTILE_NEWS_GENERIC_MAX_PAGES = 20
# Article links followed at most from one listing page or feed (issue 13, item 5): a news
# listing links tens of articles, a page with more is a trap or an error page. A listing
# over the cap is logged and counted, and the run gets a finding ("listing_cap"). Sitemaps
# are not capped (their protocol allows 50,000 URLs).
TEXTILE_NEWS_MAX_LISTING_LINKS = 5000
# Pages of this many bytes or more are parsed on a worker thread, not on the reactor's
# (textile_news/spiders/offload.py): a huge page then cannot stall downloads or signals.
TEXTILE_NEWS_PARSE_THREAD_BYTES = 1024 * 1024
# Monitoring at the end of each run (textile_news/crawl/monitoring.py); --strict makes findings
# exit 3.
TEXTILE_NEWS_STRICT = False
TEXTILE_NEWS_MONITORED_FIELDS = ["title", "published_at", "body"]
# A run that found nothing new gets a finding when the archive has taken no new article of
# the site for more than this many times its usual gap (its publishes_every in the
# catalogue, else learnt from its publication days once it has TEXTILE_NEWS_SILENCE_MIN_DAYS
# of them; textile_news/crawl/expectations.py, issue 17).
TEXTILE_NEWS_SILENCE_FACTOR = 3.0
TEXTILE_NEWS_SILENCE_MIN_DAYS = 5
TEXTILE_NEWS_MAX_EMPTY_FIELD_PCT = 20.0
TEXTILE_NEWS_MAX_ERROR_PCT = 10.0
# Fewer article pages than this in a run (an incremental run finds few): no field check.
TEXTILE_NEWS_MONITOR_MIN_PAGES = 5
# Cross-site duplicates (issue 4): SimHash bits apart under which two articles are one story.
# The fingerprints and their band look-ups run in the archive writer's process, off the
# crawl's core (textile_news/pipeline/writer.py). -1 turns linking off.
TEXTILE_NEWS_DUPLICATE_DISTANCE = 3
# Site furniture (issue 15, item 5): a site extracted generically learns the lines its pages
# repeat word for word, and its bodies are stored without them (textile_news/archive/furniture.py).
TEXTILE_NEWS_SITE_FURNITURE = True
# A TOML file of sites of one's own (README: "Adding a site"), merged over the packaged
# catalogue (textile_news/sites/sites.toml); `textile-news crawl --sites FILE` sets it.
TEXTILE_NEWS_SITES = None
# Who we are, for the people whose servers we crawl: it goes into the User-Agent.
TEXTILE_NEWS_CONTACT_URL = "https://github.com/textile-news/textile_news"
# Keep the original pages (issue 3, item 8): each fetched article page goes into a WARC
# file under warc/ beside the archive, indexed in the captures table
# (textile_news/crawl/captures.py).
TEXTILE_NEWS_CAPTURE = True
# Taxonomy (issue 5, item 4): articles are tagged with the packaged vocabulary
# (textile_news/data/taxonomy.toml) and this file of your own merged over it, if any.
TEXTILE_NEWS_TAXONOMY = os.environ.get("TEXTILE_NEWS_TAXONOMY") or None
# Archive writes (SQLite, FTS, fingerprints, WARC records) in a child process on another core,
# while the crawl's process fetches and parses (textile_news/pipeline/writer.py); False: inline.
TEXTILE_NEWS_WRITER_PROCESS = True
# The writer's scheduling niceness: its batches are background work, so on a busy machine the
# crawl (and a local site's server) get the cores first; 0 keeps the crawl's own priority.
TEXTILE_NEWS_WRITER_NICE = 10
# Requests get theirs from PolitenessMiddleware (crawl_user_agent: the contact URL of the
# crawl's settings); this default is for what reads USER_AGENT before it, as robots.txt
# rules are matched against it.
USER_AGENT = user_agent(TEXTILE_NEWS_CONTACT_URL)

# The archive writer normalises, validates and dedupes each item before it stores it, in
# its own process (textile_news/pipeline/processing.py): the crawl's core only fetches and extracts.
# ProcessPipeline does the same steps in the crawl's process where something there must see
# the items as the archive stores them: True here, or a crawl that exports a feed
# (-o/-O, FEEDS); otherwise it is off and costs nothing (issue 14).
TEXTILE_NEWS_PROCESS_IN_CRAWL = False
ITEM_PIPELINES = {
    "textile_news.pipeline.pipelines.ProcessPipeline": 100,
    "textile_news.pipeline.pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    # one log line per failed download, without its traceback (issue 13, item 11)
    "textile_news.crawl.quiet_logs.OneLineFaultsExtension": 0,
    "textile_news.crawl.extensions.Progress": 500,
    "textile_news.crawl.extensions.RunRecorder": 600,
    "textile_news.crawl.locks.SiteLockExtension": 100,
    # a job state that cannot be written (a full disk) stops the crawl (issue 13, item 4)
    "scrapy.extensions.spiderstate.SpiderState": None,
    "textile_news.crawl.jobstate.JobSpiderState": 0,
}
SCHEDULER = "textile_news.crawl.jobstate.JobStateScheduler"
DOWNLOADER_MIDDLEWARES = {
    # after UserAgentMiddleware (500): the User-Agent names the project and a contact URL
    "textile_news.crawl.politeness.PolitenessMiddleware": 550,
    # between RedirectMiddleware (600) and HttpCompressionMiddleware (590): the final
    # response of a redirect chain, with its body as received
    "textile_news.crawl.captures.CaptureMiddleware": 595,
    # Faults (issue 3, item 6): Scrapy's retries wait before retrying (Retry-After, else
    # exponential backoff); a redirect loop is reported, not silently dropped
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "textile_news.crawl.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "textile_news.crawl.middlewares.LoopRedirectMiddleware": 600,
    # after HttpCompressionMiddleware (590) on the way in: a wrong charset checked on the
    # decompressed body, before MetaRefreshMiddleware (580) reads its text
    "textile_news.crawl.middlewares.CharsetMiddleware": 585,
}

# Politeness: robots.txt, AutoThrottle, a delay per site (NewsSpider.download_delay); none
# of it for loopback hosts (DOWNLOAD_SLOTS), where the demo, tests and benchmarks run.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_SLOTS = LOOPBACK_SLOTS
# Scrapy's HTTP/1.1 handler, keeping a connection open for each request a slot may have in
# flight (for loopback hosts, more than CONCURRENT_REQUESTS_PER_DOMAIN)
DOWNLOAD_HANDLERS = {
    "http": "textile_news.crawl.connections.PooledDownloadHandler",
    "https": "textile_news.crawl.connections.PooledDownloadHandler",
}
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# An article page yields one item and a few requests; Scrapy starts up to this many tasks
# for each response's output, and 100 (the default) costs more than it serves.
CONCURRENT_ITEMS = 16
DOWNLOAD_TIMEOUT = 30
# A news page is well under 1 MiB; 16 MiB stops a runaway or hostile response early.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024  # logged: a page this big is probably not an article
# An article is a redirect or two away at most; a long chain is a trap, not a page.
REDIRECT_MAX_TIMES = 10
# Three tries: a server that fails three times, with backoff between, is down for now.
RETRY_TIMES = 2
# Scrapy's list: 408, 429 and the 5xx that mean "try later"; not 501 or 505, which won't change.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Backoff before a retry: Retry-After when the server sends one (capped), else BASE
# doubling per retry up to MAX. Loopback servers (demo, tests) get no wait unless
# TEXTILE_NEWS_BACKOFF_LOOPBACK: politeness is for other people's servers.
TEXTILE_NEWS_RETRY_BACKOFF_BASE = 1.0
TEXTILE_NEWS_RETRY_BACKOFF_MAX = 60.0
TEXTILE_NEWS_RETRY_AFTER_MAX = 120.0
TEXTILE_NEWS_BACKOFF_LOOPBACK = False
# HTTP errors reach the spider's errback, which records them as rejects with their status.
HTTPERROR_ALLOWED_CODES: list[int] = []

# No remote control server or telnet console: nothing here needs them, and each opens a port.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_LEVEL = "INFO"
# ISO 8601 local time with its offset, as on the lines `crawl` prints itself (issue 17,
# item 3): a log read from cron mail or a file says when, in which zone.
LOG_DATEFORMAT = "%Y-%m-%dT%H:%M:%S%z"
# A download that failed on the network (refused, timed out, cut) is logged in one line;
# True (`crawl -v`) logs its traceback too, as Scrapy does.
TEXTILE_NEWS_LOG_TRACEBACKS = False
FEED_EXPORT_ENCODING = "utf-8"
