"""``pages`` spider: the source's start URLs are detail pages themselves (single pages, hand-picked lists)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import scrapy

from .base import SourceSpider


class PagesSpider(SourceSpider):
    """Extracts one item from each start URL."""

    name = "pages"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.start_urls:
            yield scrapy.Request(
                url, callback=self.parse_detail, errback=self.on_error, meta=self.page_meta(listing=False)
            )
