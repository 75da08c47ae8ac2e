"""The page archive's records and writer: one WARC file per crawl of a source (``pages.warc.gz``), a gzipped
response record per fetch with its URL, fetch time (``WARC-Date``), HTTP status, content type and the callback that
handled it (``LLO-Page``), written with warcio.

``middlewares/archive.py`` hands every fetched page to the extraction worker, which writes it here (in the crawl
process where there is no worker); ``archive.py`` reads the archive back. One file appended to, not a file per page:
opening a file per page cost the crawl more than writing the pages.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import NamedTuple

from scrapy.utils.response import response_status_message
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_FILE = "pages.warc.gz"
PAGE_HEADER = "LLO-Page"
"""WARC header naming the callback that handled the page: ``parse_detail``, ``parse_listing``, ... or ``other``."""


class Fetch(NamedTuple):
    """One fetched page as the archive keeps it (a tuple: it travels to the worker pickled, once per page)."""

    url: str
    status: int
    content_type: str
    """The response's Content-Type header, empty when it had none."""
    page: str
    """The callback that handled it (``PAGE_HEADER``)."""
    fetched_at: str
    """``WARC-Date``: UTC, whole seconds, ``Z``."""
    body: bytes


class ArchiveWriter:
    """Appends a WARC response record per fetch to ``<directory>/pages.warc.gz``."""

    def __init__(self, directory: Path, *, truncate_at: int | None = None) -> None:
        """``truncate_at`` cuts the file to that size first: where records past it may be partly written."""
        directory.mkdir(parents=True, exist_ok=True)
        self._file = (directory / WARC_FILE).open("ab")
        if truncate_at is not None:
            self._file.truncate(truncate_at)
        self._writer = WARCWriter(self._file, gzip=True)

    def write(self, fetch: Fetch) -> int:
        """Append ``fetch`` and flush it to the file; returns the file's size after it."""
        http_headers = StatusAndHeaders(
            response_status_message(fetch.status),
            [("Content-Type", fetch.content_type)] if fetch.content_type else [],
            protocol="HTTP/1.1",
        )
        record = self._writer.create_warc_record(
            fetch.url,
            "response",
            payload=BytesIO(fetch.body),
            length=len(fetch.body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": fetch.fetched_at, PAGE_HEADER: fetch.page},
        )
        self._writer.write_record(record)
        self._file.flush()  # a crawl that dies keeps every page archived so far
        return self._file.tell()

    def close(self) -> None:
        self._file.close()


def archive_size(directory: Path) -> int:
    """The size of the archive in ``directory`` (0 when there is none yet)."""
    path = directory / WARC_FILE
    return path.stat().st_size if path.exists() else 0
