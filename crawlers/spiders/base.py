"""What every source spider shares: reading its source from the sources file and parsing detail pages.

Settings read: ``LLO_RADAR_SOURCES_FILE`` (path of the sources file; the spider argument ``sources_file`` wins),
``LLO_RADAR_EXTRACTION_WORKER`` and ``LLO_RADAR_ARCHIVE_DIR`` (for the page worker, ``extraction/worker.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Self, TypeGuard

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy_playwright.page import PageMethod
from twisted.python.failure import Failure

from ..extraction import NoItemFound
from ..extraction.worker import PageCrashed, PageWorker
from ..items import CourseOfferItem, VacancyItem
from ..problems import classify_failure
from ..signals import problem_found
from ..sources import SourceConfig, load_sources


class SourceSpiderMixin(scrapy.Spider):
    """Loads ``self.source`` (a ``SourceConfig``), extracts items from detail pages and reports problems.

    A spider itself, so that it can sit before Scrapy's generic spiders (``SitemapSpider``) in a spider's bases.
    """

    source: SourceConfig
    allowed_domains: list[str]  # read by Scrapy's offsite filter

    pages: PageWorker
    """Extracts items and archives pages (``middlewares/archive.py`` hands it every fetched page)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        sources_file = kwargs.get("sources_file") or crawler.settings.get("LLO_RADAR_SOURCES_FILE")
        spider.source = load_sources(sources_file).get(kwargs["source"])
        spider.allowed_domains = spider.source.allowed_domains
        in_worker = crawler.settings.getbool("LLO_RADAR_EXTRACTION_WORKER", True)
        archive = crawler.settings.get("LLO_RADAR_ARCHIVE_DIR")
        spider.pages = PageWorker(spider.source, in_worker=in_worker, archive_dir=Path(archive) if archive else None)
        crawler.signals.connect(spider.pages.close, signal=signals.spider_closed)
        return spider

    async def parse_detail(self, response: Response) -> list[VacancyItem | CourseOfferItem]:
        """The item on a detail page, extracted in the extraction worker; pages without one are reported as
        problems.

        A coroutine returning a list, not an async generator: Scrapy then passes the output through its spider
        middlewares' plain iterator path, which costs the crawl far less per page than their async generators.
        """
        if not self.is_text(response):
            return []
        try:
            return [await self.pages.extract(response)]
        except NoItemFound as exc:
            self.report_problem(response.url, "no_item", str(exc))
        except PageCrashed as exc:
            self.report_problem(response.url, "parse_error", str(exc))
        return []

    def is_text(self, response: Response) -> TypeGuard[TextResponse]:
        """Whether ``response`` is a text document; anything else (an image, a PDF) is reported as a problem."""
        if isinstance(response, TextResponse):
            return True
        content_type = response.headers.get("Content-Type") or b""
        self.report_problem(response.url, "not_text", content_type.decode("latin-1"))
        return False

    def page_meta(self, *, listing: bool) -> dict[str, Any]:
        """Request meta for a listing or detail page: browser rendering when the source asks for it."""
        browser = self.source.browser
        if browser is None or not (listing or browser.render_details):
            return {}
        meta: dict[str, Any] = {"playwright": True}
        if listing:
            wait = PageMethod("wait_for_selector", browser.wait_for, timeout=browser.timeout * 1000)
            meta["playwright_page_methods"] = [wait]
        return meta

    def on_error(self, failure: Failure) -> None:
        """Errback of every request: report why the page could not be fetched."""
        reason, detail = classify_failure(failure)
        # Scrapy sets the failed request on the Failure it hands an errback; twisted's Failure does not declare it.
        self.report_problem(failure.request.url, reason, detail)  # type: ignore[attr-defined]

    def report_problem(self, url: str, reason: str, detail: str) -> None:
        """Send ``signals.problem_found`` (recorded by ``extensions/problem_log.py``) and log it."""
        self.logger.warning("Problem with %s: %s (%s)", url, reason, detail)
        self.crawler.signals.send_catch_log(problem_found, url=url, reason=reason, detail=detail)


class SourceSpider(SourceSpiderMixin, scrapy.Spider):
    """Base for spiders that are plain ``scrapy.Spider`` subclasses."""
