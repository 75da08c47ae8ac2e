"""What every source spider shares: reading its source from the sources file and parsing detail pages.

Settings read: ``LLO_SOURCES_FILE`` (path of the sources file; the spider argument ``sources_file`` wins).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from ..extraction import NoItemFound, extract_item
from ..items import CourseOfferItem, VacancyItem
from ..sources import SourceConfig, load_sources


class SourceSpiderMixin:
    """Loads ``self.source`` (a ``SourceConfig``) and extracts items from detail pages."""

    source: SourceConfig

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        sources_file = kwargs.get("sources_file") or crawler.settings.get("LLO_SOURCES_FILE")
        spider.source = load_sources(sources_file).get(kwargs["source"])
        spider.allowed_domains = spider.source.allowed_domains
        return spider

    def parse_detail(self, response: Response) -> Iterator[VacancyItem | CourseOfferItem]:
        """The item on a detail page; pages without one are counted and logged with their URL."""
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("llo/detail_skipped/not_text")
            self.logger.warning("Skipped %s: not a text response", response.url)
            return
        try:
            item = extract_item(response, self.source)
        except NoItemFound as exc:
            stats.inc_value("llo/detail_skipped/no_item")
            self.logger.warning("Skipped %s: %s", response.url, exc)
            return
        stats.inc_value("llo/detail_extracted")
        yield item


class SourceSpider(SourceSpiderMixin, scrapy.Spider):
    """Base for spiders that are plain ``scrapy.Spider`` subclasses."""
