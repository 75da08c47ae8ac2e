"""Scrapy settings of the LLO Radar crawlers (``scrapy.cfg`` points here).

Project settings (``LLO_RADAR_*``, like every setting of the project; docs/settings.md):
- ``LLO_RADAR_SOURCES_FILE``: the sources file spiders read their source from.
- ``LLO_RADAR_RUN_SUMMARY``: where ``extensions/run_summary.py`` writes the crawl summary (set per crawl).
- ``LLO_RADAR_PROBLEMS_FILE``: where ``extensions/problem_log.py`` writes the problems per URL (set per crawl).
- ``LLO_RADAR_ARCHIVE_DIR``: where ``middlewares/archive.py`` keeps the fetched pages (set per crawl).
- ``LLO_RADAR_EXTRACTION_WORKER``: detail pages are parsed in a worker process (``extraction/worker.py``); false
  parses them in the crawl process.
- ``LLO_RADAR_RETRY_BACKOFF_BASE``, ``LLO_RADAR_RETRY_BACKOFF_MAX``: delays of ``middlewares/retry.py``.

Sources with ``browser`` in their config get ``BROWSER_SETTINGS`` on top (see ``runner.py``): their pages go
through scrapy-playwright with Debian's Chromium; other sources stay plain HTTP.
"""

from typing import Any

from crawlers.sources import DEMO_SOURCES

BOT_NAME = "llo-radar"
SPIDER_MODULES = ["crawlers.spiders.listing", "crawlers.spiders.pages", "crawlers.spiders.sitemap"]
NEWSPIDER_MODULE = "crawlers.spiders"

# The runner replaces the contact URL with the one from the sources file.
USER_AGENT = "LLO-Radar/0.1 (+https://example.org/llo-radar; open skills monitor)"

# Politeness
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
LLO_RADAR_RETRY_BACKOFF_BASE = 1.0
LLO_RADAR_RETRY_BACKOFF_MAX = 60.0
LLO_RADAR_EXTRACTION_WORKER = True
REDIRECT_MAX_TIMES = 10

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.retry.BackoffRetryMiddleware": 550,
    # Below retry (550), redirect (600) and decompression (590): archives final, decoded pages only.
    "crawlers.middlewares.archive.PageArchiveMiddleware": 500,
}

# Scrapy's downloader stats (``downloader/*``: request and response bytes, counts by method and status) rebuild each
# request's HTTP text and measure each response's headers: ~4% of the crawl process's work per page
# (bench/crawl_throughput.py). Nothing reads them: a crawl's counts come from Scrapy's core stats
# (``response_received_count``, ``item_scraped_count``) and the problem log (``llo/problem/*``).
DOWNLOADER_STATS = False

# Scrapy starts this many asyncio tasks for every callback's output, whatever its length: detail pages yield one
# item, and task creation was the largest cost of a crawl at the default of 100 and still ~5% at 8
# (bench/crawl_throughput.py). The pipelines do no I/O, so items gain nothing from running side by side.
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {
    "crawlers.pipelines.validate.ValidatePipeline": 100,
}
EXTENSIONS = {
    "scrapy.extensions.remote_control.RemoteControl": None,  # opens a control port; not needed
    "crawlers.extensions.problem_log.ProblemLog": 400,
    "crawlers.extensions.run_summary.RunSummary": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"jsonlines": "crawlers.exporters.JsonLinesItemExporter"}
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

LLO_RADAR_SOURCES_FILE = str(DEMO_SOURCES)

CHROMIUM_LAUNCH_OPTIONS: dict[str, Any] = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
}
"""Debian's Chromium through Playwright (Playwright's own browser download needs the internet); it must not call
out to the network on its own. The crawler's browser sources and the factsheets' PDFs use it."""

# Added per crawl for sources that need a browser.
BROWSER_SETTINGS = {
    "DOWNLOAD_HANDLERS": {
        "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    },
    "PLAYWRIGHT_BROWSER_TYPE": "chromium",
    "PLAYWRIGHT_LAUNCH_OPTIONS": CHROMIUM_LAUNCH_OPTIONS,
    "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
}
