"""Keep every fetched page: its body gzipped, with URL, fetch time, status and content type.

Placed after redirects, retries and decompression, so it stores the final page as the spider saw it. The
archive lets extraction run again without crawling again (``crawlers/archive.py``).

Settings read: ``LLO_RADAR_ARCHIVE_DIR`` (the archive folder; the middleware is off when unset).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from core import clock

INDEX = "index.jsonl"


class PageArchiveMiddleware:
    """Writes ``<sha256(url)>.html.gz`` per page and one index line per fetch."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._index = (directory / INDEX).open("a", encoding="utf-8")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageArchiveMiddleware:
        directory = crawler.settings.get("LLO_RADAR_ARCHIVE_DIR")
        if not directory:
            raise NotConfigured("LLO_RADAR_ARCHIVE_DIR is not set")
        return cls(Path(directory))

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        name = hashlib.sha256(response.url.encode()).hexdigest()[:40] + ".html.gz"
        (self.directory / name).write_bytes(gzip.compress(response.body, compresslevel=5))
        entry = {
            "url": response.url,
            "status": response.status,
            "fetched_at": clock.now().isoformat(timespec="seconds"),
            "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1"),
            "page": getattr(request.callback, "__name__", None) or "other",
            "file": name,
        }
        self._index.write(json.dumps(entry) + "\n")
        self._index.flush()
        return response
