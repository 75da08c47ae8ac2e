"""``sitemap`` spider: detail pages listed in the source's sitemaps (or robots.txt ``Sitemap:`` lines)."""

from __future__ import annotations

from typing import ClassVar

from scrapy.spiders import SitemapSpider as ScrapySitemapSpider

from .base import SourceSpiderMixin


class SitemapSpider(SourceSpiderMixin, ScrapySitemapSpider):
    """Every URL in the sitemaps is a detail page."""

    name = "sitemap"
    sitemap_rules: ClassVar[list[tuple[str, str]]] = [("", "parse_detail")]

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sitemap_urls = spider.source.sitemap_urls
        return spider
