"""Problems met while crawling: one record per URL with a reason code, so a run can be audited and counted.

Problems that leave part of a source unseen (a page or sitemap could not be fetched or read) make a crawl
partial, and a partial crawl never closes vacancies; problems with pages that were seen (no item, a dropped
item) do not.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet.error import ConnectError, ConnectionRefusedError, DNSLookupError, TCPTimedOutError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from core.files import replaced_whole

UNSEEN_REASONS = {
    "timeout": "the server did not answer in time",
    "connection_failed": "the connection failed or was cut",
    "dns_failed": "the host name could not be resolved",
    "http_error": "the server answered with an error status",
    "too_large": "the page is larger than DOWNLOAD_MAXSIZE",
    "redirect_loop": "redirects went on past REDIRECT_MAX_TIMES",
    "download_failed": "the download failed otherwise",
    "broken_sitemap": "the sitemap is not a readable sitemap",
}
UNUSABLE_REASONS = {
    "robots_forbidden": "robots.txt forbids the page",
    "no_item": "the page holds no item of the source's kind",
    "dropped_item": "the item misses a required field",
    "parse_error": "extracting from the page raised an error",
    "not_text": "the response is not a text document",
}
REASONS = {**UNSEEN_REASONS, **UNUSABLE_REASONS}
"""Reason code → meaning."""
EXTRACTION_REASONS = frozenset({"no_item", "dropped_item", "parse_error"})
"""Problems of extracting items from fetched pages: what extracting again from the archive finds anew."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A URL that could not be used, and why."""

    url: str
    reason: str
    detail: str


def replace_problems(path: Path, problems: list[Problem], reasons: frozenset[str]) -> None:
    """Rewrite a problems file (JSON lines of ``Problem``): its problems of ``reasons`` replaced by ``problems``,
    the others kept."""
    kept = []
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [Problem(**json.loads(line)) for line in lines if line.strip()]
    with replaced_whole(path) as handle:
        for problem in [*(p for p in kept if p.reason not in reasons), *problems]:
            handle.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(reason code, one-line detail) for a request's failure."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    if isinstance(exc, HttpError):
        return "http_error", f"HTTP {exc.response.status}"
    if isinstance(exc, DownloadTimeoutError | TwistedTimeoutError | TCPTimedOutError):
        return "timeout", detail
    if isinstance(exc, DNSLookupError):
        return "dns_failed", detail
    if isinstance(exc, DownloadCancelledError | defer.CancelledError):
        return "too_large", detail  # Scrapy cancels downloads only for DOWNLOAD_MAXSIZE
    connection_errors = (DownloadConnectionRefusedError, DownloadFailedError, ConnectionRefusedError, ConnectError)
    if isinstance(exc, (*connection_errors, ResponseNeverReceived, ResponseFailed)):
        return "connection_failed", detail
    if isinstance(exc, IgnoreRequest):
        message = str(exc).lower()
        if "robots.txt" in message:
            return "robots_forbidden", detail
        if "redirect" in message:
            return "redirect_loop", detail
        if "download_maxsize" in message:  # a compressed body that grew past the cap while it was decoded
            return "too_large", detail
    return "download_failed", detail
