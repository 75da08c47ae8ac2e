"""Retry with backoff: 429 and 5xx responses and network errors are retried after a delay.

The delay is the server's ``Retry-After`` (seconds or an HTTP date) when it sends one, else exponential
backoff (``base * 2**attempt``); both are capped. Waiting is asynchronous: other requests go on meanwhile.

Settings read: Scrapy's ``RETRY_*`` settings; ``LLO_RADAR_RETRY_BACKOFF_BASE`` (seconds, default 1.0) and
``LLO_RADAR_RETRY_BACKOFF_MAX`` (seconds, default 60.0, also the cap on ``Retry-After``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import response_status_message


def parse_retry_after(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value; None when absent or unreadable.

    >>> parse_retry_after(b"120"), parse_retry_after("soon")
    (120.0, None)
    >>> now = dt.datetime(2026, 11, 22, 12, 0, 0, tzinfo=dt.UTC)
    >>> parse_retry_after("Sun, 22 Nov 2026 12:00:30 GMT", now)
    30.0
    """
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    # A wait in real time against the server's real clock, not a decision about the data: the system time, not
    # the project's (pinnable) clock.
    return max(0.0, (moment - (now or dt.datetime.now(dt.UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, waiting before each retry."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("LLO_RADAR_RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("LLO_RADAR_RETRY_BACKOFF_MAX", 60.0)

    # Scrapy awaits downloader middleware methods written as coroutines (docs: Coroutines), but RetryMiddleware
    # declares them synchronous, so mypy sees an incompatible override.
    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await asyncio.sleep(self.delay(request, response))
        return retry

    async def process_exception(  # type: ignore[override]  # a coroutine, as process_response above
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            await asyncio.sleep(self.delay(request, None))
        return retry

    def delay(self, request: Request, response: Response | None) -> float:
        """Seconds to wait before retrying ``request``."""
        retry_after = parse_retry_after(response.headers.get("Retry-After")) if response is not None else None
        if retry_after is None:
            retry_after = self.backoff_base * 2 ** request.meta.get("retry_times", 0)
        return min(retry_after, self.backoff_max)
