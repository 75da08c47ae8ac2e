"""Write a JSON summary of the crawl (finish reason and stats) when the spider closes.

Settings read: ``LLO_RADAR_RUN_SUMMARY`` (path of the JSON file; the extension is off when unset).
"""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class RunSummary:
    """Dumps ``{"finish_reason": ..., "stats": {...}}`` to ``LLO_RADAR_RUN_SUMMARY``."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        path = crawler.settings.get("LLO_RADAR_RUN_SUMMARY")
        if not path:
            raise NotConfigured("LLO_RADAR_RUN_SUMMARY is not set")
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        summary = {"finish_reason": reason, "stats": stats}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(summary, default=str, indent=1), encoding="utf-8")
