"""``listing`` spider: start at listing pages, follow detail links and pagination from the source's rules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from .base import SourceSpider


class ListingSpider(SourceSpider):
    """Listing pages → detail pages, with CSS selectors from ``follow`` in the source config."""

    name = "listing"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.start_urls:
            yield scrapy.Request(
                url, callback=self.parse_listing, errback=self.on_error, meta=self.page_meta(listing=True)
            )

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow every detail link and every pagination link."""
        if not self.is_text(response):  # CSS selectors need a text document
            return
        rules = self.source.follow
        assert rules is not None  # guaranteed by SourceConfig validation
        detail_meta, listing_meta = self.page_meta(listing=False), self.page_meta(listing=True)
        yield from response.follow_all(
            css=rules.detail, callback=self.parse_detail, errback=self.on_error, meta=detail_meta
        )
        if rules.pagination:
            yield from response.follow_all(
                css=rules.pagination, callback=self.parse_listing, errback=self.on_error, meta=listing_meta
            )
