"""``sitemap`` spider: detail pages listed in the source's sitemaps (or robots.txt ``Sitemap:`` lines)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, Self
from urllib.parse import urlparse

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spiders import SitemapSpider as ScrapySitemapSpider

from .base import SourceSpiderMixin


class SitemapSpider(SourceSpiderMixin, ScrapySitemapSpider):
    """Every URL in the sitemaps is a detail page."""

    name = "sitemap"
    sitemap_rules = (("", "parse_detail"),)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sitemap_urls = spider.source.sitemap_urls
        return spider

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield request.replace(errback=self.on_error)

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        detail_meta = self.page_meta(listing=False)
        # Scrapy's sitemap spider makes each request here and hands it on: it is completed in place, not copied
        # (a copy cost the crawl process ~8 us a page).
        for request in super()._parse_sitemap(response):
            request.errback = request.errback or self.on_error
            if detail_meta and request.callback == self.parse_detail:
                request.meta.update(detail_meta)
            yield request

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Only entries with an absolute http(s) URL; the others are reported as a broken sitemap."""
        for entry in entries:
            location = entry.get("loc", "")
            if urlparse(location).scheme in ("http", "https"):
                yield entry
            else:
                self.report_problem(
                    location or "(empty)", "broken_sitemap", f"sitemap entry is not a URL: {location!r}"
                )

    def _get_sitemap_body(self, response: Response) -> bytes | None:
        body = super()._get_sitemap_body(response)
        if body is None:
            self.report_problem(response.url, "broken_sitemap", "not a sitemap (XML or gzipped XML)")
        return body
