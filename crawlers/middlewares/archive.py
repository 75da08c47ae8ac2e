"""Keep every fetched page in a standard web archive: one WARC file per crawl of a source (``pages.warc.gz``),
a gzipped response record per fetch with its URL, fetch time (``WARC-Date``), HTTP status, content type and the
callback that handled it (``LLO-Page``), written with warcio.

Placed after redirects, retries and decompression, so it stores the final page as the spider saw it (decoded: the
record keeps only the Content-Type header). The archive lets extraction run again without crawling again
(``crawlers/archive.py``) and opens in any WARC tool. One file appended to, not a file per page: opening a file
per page cost the crawl more than writing the pages.

Settings read: ``LLO_RADAR_ARCHIVE_DIR`` (the archive folder; the middleware is off when unset).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.response import response_status_message
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from core import clock

WARC_FILE = "pages.warc.gz"
PAGE_HEADER = "LLO-Page"
"""WARC header naming the callback that handled the page: ``parse_detail``, ``parse_listing``, ... or ``other``."""


class PageArchiveMiddleware:
    """Appends a WARC response record per fetched page to ``<LLO_RADAR_ARCHIVE_DIR>/pages.warc.gz``."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._file = (directory / WARC_FILE).open("ab")
        self._writer = WARCWriter(self._file, gzip=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageArchiveMiddleware:
        directory = crawler.settings.get("LLO_RADAR_ARCHIVE_DIR")
        if not directory:
            raise NotConfigured("LLO_RADAR_ARCHIVE_DIR is not set")
        return cls(Path(directory))

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        http_headers = StatusAndHeaders(
            response_status_message(response.status),
            [("Content-Type", content_type)] if content_type else [],
            protocol="HTTP/1.1",
        )
        record = self._writer.create_warc_record(
            response.url,
            "response",
            payload=BytesIO(response.body),
            length=len(response.body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": clock.now().isoformat(timespec="seconds").replace("+00:00", "Z"),
                PAGE_HEADER: getattr(request.callback, "__name__", None) or "other",
            },
        )
        self._writer.write_record(record)
        self._file.flush()  # a crawl that dies keeps every page archived so far
        return response
