"""A bare Scrapy spider that fetches a list of URLs and does nothing else: the ceiling for any Scrapy crawler.

python -m bench.bare_scrapy URLS_FILE   (prints elapsed seconds and responses as JSON)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess


def main() -> None:
    urls = Path(sys.argv[1]).read_text(encoding="utf-8").split()

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url)

        def parse(self, response):
            return None

    settings = {
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "CONCURRENT_ITEMS": 1,
        "ROBOTSTXT_OBEY": False,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"seconds": stats["elapsed_time_seconds"], "responses": stats["response_received_count"]}))


if __name__ == "__main__":
    main()
