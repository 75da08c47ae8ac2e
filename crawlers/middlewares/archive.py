"""Keep every fetched page in the page archive (``page_archive.py``: one WARC file per crawl of a source).

Placed after redirects, retries and decompression, so it stores the final page as the spider saw it (decoded: the
record keeps only the Content-Type header). The archive lets extraction run again without crawling again
(``crawlers/archive.py``) and opens in any WARC tool. The record is built and written by the spider's page worker
(``extraction/worker.py``), out of the reactor's way; the middleware only takes note of the fetch.

Settings read: ``LLO_RADAR_ARCHIVE_DIR`` (the archive folder, read by the page worker; the middleware is off when
unset).
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from core import clock

from ..page_archive import Fetch


class PageArchiveMiddleware:
    """Hands every fetched page to the spider's page worker (``spider.pages``) to archive."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageArchiveMiddleware:
        if not crawler.settings.get("LLO_RADAR_ARCHIVE_DIR"):
            raise NotConfigured("LLO_RADAR_ARCHIVE_DIR is not set")
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        fetched_at = clock.now().isoformat(timespec="seconds").replace("+00:00", "Z")
        page = getattr(request.callback, "__name__", None) or "other"
        fetch = Fetch(response.url, response.status, content_type, page, fetched_at, response.body)
        self.crawler.spider.pages.archive(fetch)  # type: ignore[union-attr]
        return response
