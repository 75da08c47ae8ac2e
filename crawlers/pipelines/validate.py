"""Drop items that miss a required field, with the reason and a stats counter.

Settings read: none. Required fields: ``crawlers.items.REQUIRED_FIELDS``.
"""

from __future__ import annotations

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ..items import CourseOfferItem, VacancyItem, missing_field


class ValidatePipeline:
    """Let complete items through; drop the rest as ``DropItem("missing <field>")``."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: VacancyItem | CourseOfferItem, spider: Spider | None = None):
        if name := missing_field(item):
            self.stats.inc_value(f"llo/item_dropped/missing_{name}")
            raise DropItem(f"missing {name} ({item.url})")
        return item
