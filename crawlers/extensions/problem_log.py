"""Collect every problem of a crawl (``signals.problem_found``, dropped items, parse errors, redirects that loop
back to a seen page), count them in the stats as ``llo/problem/<reason>`` and write them to a JSON lines file
when the spider closes.

Settings read: ``LLO_RADAR_PROBLEMS_FILE`` (path of the JSON lines file; the extension is off when unset).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from twisted.python.failure import Failure

from .. import signals as llo_signals
from ..problems import Problem


class ProblemLog:
    """Records problems per URL with a reason."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.problems: list[Problem] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProblemLog:
        path = crawler.settings.get("LLO_RADAR_PROBLEMS_FILE")
        if not path:
            raise NotConfigured("LLO_RADAR_PROBLEMS_FILE is not set")
        log = cls(crawler, Path(path))
        crawler.signals.connect(log.problem_found, signal=llo_signals.problem_found)
        crawler.signals.connect(log.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(log.spider_error, signal=signals.spider_error)
        crawler.signals.connect(log.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(log.spider_closed, signal=signals.spider_closed)
        return log

    def problem_found(self, url: str, reason: str, detail: str) -> None:
        self.problems.append(Problem(url=url, reason=reason, detail=detail))
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"llo/problem/{reason}")

    def item_dropped(self, item: object, response: Response | None, exception: Exception, spider: Spider) -> None:
        url = getattr(item, "url", None) or (response.url if response is not None else "")
        self.problem_found(url, "dropped_item", str(exception))

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        self.problem_found(response.url, "parse_error", f"{type(failure.value).__name__}: {failure.value}"[:300])

    def request_dropped(self, request: Request, spider: Spider) -> None:
        # The duplicate filter drops a redirect back to a page already requested: a redirect loop.
        if redirects := request.meta.get("redirect_urls"):
            self.problem_found(redirects[0], "redirect_loop", f"redirects back to {request.url}")

    def spider_closed(self, spider: Spider) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w", encoding="utf-8") as handle:
            for problem in self.problems:
                handle.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")
