"""Crawl throughput: the crawler with structured extraction against a plain concurrent HTTP fetch.

Generates a local site of N detail pages with schema.org JobPosting JSON-LD (texts from the demo content),
serves it from a separate process on 127.0.0.1, then measures in the same run:

- baseline: aiohttp fetching every page with the crawler's concurrency, bodies read, nothing parsed;
- bare Scrapy: a spider that only fetches the same pages (``bench/bare_scrapy.py``), the ceiling for any
  Scrapy crawler on the machine;
- crawler: ``crawl_sources`` with the sitemap spider and structured extraction (items written, pages archived).

Targets: the crawler reaches at least half the baseline's pages/s (issue 3) and at least 0.7 of bare Scrapy's
(issue 17), the median of ``--runs`` runs (each measures all three in turn). Peak memory is the crawl process's
maximum resident set size (Scrapy's memusage stats).

    .venv/bin/python -m bench.crawl_throughput [--pages 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import multiprocessing
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import aiohttp

from core import clock
from crawlers.runner import crawl_sources
from llo_radar.demo.server import LoopbackHTTPServer
from llo_radar.demo.sites import load_content

CONCURRENCY = 32


def generate_site(root: Path, base_url: str, pages: int) -> list[str]:
    """Write ``pages`` JobPosting pages, a sitemap and robots.txt; returns the page URLs."""
    vacancies = load_content("board_a_vacancies") + load_content("site_b_vacancies")
    urls = []
    (root / "vacature").mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        v = vacancies[number % len(vacancies)]
        body = "".join(f"<p>{v['intro']}</p>") + "<h3>Wat vragen wij?</h3><ul>"
        body += "".join(f"<li>{line}</li>" for line in v["requirements"]) + "</ul><h3>Wat bieden wij?</h3><ul>"
        body += "".join(f"<li>{line}</li>" for line in v["offer"]) + "</ul>"
        posting = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": v["title"],
            "identifier": f"BENCH-{number}",
            "description": body,
            "datePosted": (clock.today() + dt.timedelta(days=v["posted"])).isoformat(),
            "hiringOrganization": {"@type": "Organization", "name": v["employer"]},
            "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": v["place"]}},
            "industry": v["category"],
        }
        html = (
            f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{v["title"]}</title>'
            f'<script type="application/ld+json">{json.dumps(posting, ensure_ascii=False)}</script></head>'
            f"<body><nav>Home · Vacatures · Contact</nav><main><h1>{v['title']}</h1>{body}</main>"
            "<footer>Benchmarksite van LLO Radar</footer></body></html>"
        )
        (root / "vacature" / f"{number}.html").write_text(html, encoding="utf-8")
        urls.append(f"{base_url}/vacature/{number}.html")
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    (root / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    (root / "robots.txt").write_text(f"User-agent: *\nSitemap: {base_url}/sitemap.xml\n", encoding="utf-8")
    return urls


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log: it would slow the server down."""


def _serve(root: str, port_queue: multiprocessing.Queue) -> None:
    handler = functools.partial(_QuietHandler, directory=root)
    server = LoopbackHTTPServer(("127.0.0.1", 0), handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


async def _fetch_all(urls: list[str]) -> int:
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    fetched = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal fetched
        while not queue.empty():
            async with session.get(queue.get_nowait()) as response:
                await response.read()
                fetched += response.status == 200

    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(CONCURRENCY)))
    return fetched


def measure(tmp: Path, base_url: str, urls: list[str], number: int) -> dict:
    """One run: the baseline, bare Scrapy and the crawler over the same pages, in turn."""
    started = time.perf_counter()
    fetched = asyncio.run(_fetch_all(urls))
    baseline_seconds = time.perf_counter() - started

    urls_file = tmp / "urls.txt"
    urls_file.write_text("\n".join(urls), encoding="utf-8")
    bare_run = subprocess.run(
        [sys.executable, "-m", "bench.bare_scrapy", str(urls_file)], capture_output=True, text=True, check=True
    )
    bare = json.loads(bare_run.stdout.strip().splitlines()[-1])

    sources = tmp / "sources.yaml"
    sources.write_text(
        json.dumps(
            {
                "contact_url": "https://example.org/llo-radar",
                "sources": [
                    {
                        "name": "bench",
                        "kind": "vacancy",
                        "publisher": {"name": "Bench", "type": "job_board"},
                        "sitemap_urls": [f"{base_url}/robots.txt"],
                        "extraction": "structured",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    settings = {
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": str(CONCURRENCY),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
        "LOG_LEVEL": "INFO",
    }
    run_dir = tmp / f"run-{number}"
    (outcome,) = crawl_sources(sources, ["bench"], run_dir, settings=settings)
    stats = json.loads((run_dir / "bench.summary.json").read_text(encoding="utf-8"))["stats"]
    baseline_rate = fetched / baseline_seconds
    bare_rate = bare["responses"] / bare["seconds"]
    crawl_rate = outcome.items_scraped / float(stats["elapsed_time_seconds"])
    return {
        "baseline_pages": fetched,
        "baseline_pages_per_s": round(baseline_rate, 1),
        "bare_scrapy_pages_per_s": round(bare_rate, 1),
        "crawler_items": outcome.items_scraped,
        "crawler_pages_per_s": round(crawl_rate, 1),
        "crawler_to_bare_scrapy": round(crawl_rate / bare_rate, 2),
        "crawler_to_baseline": round(crawl_rate / baseline_rate, 2),
        "crawler_peak_rss_mb": round(stats.get("memusage/max", 0) / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="llo-bench-crawl-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        ports: multiprocessing.Queue = multiprocessing.Queue()
        server = multiprocessing.Process(target=_serve, args=(str(root), ports), daemon=True)
        server.start()
        base_url = f"http://127.0.0.1:{ports.get(timeout=10)}"
        try:
            urls = generate_site(root, base_url, args.pages)
            runs = [measure(Path(tmp), base_url, urls, number) for number in range(args.runs)]
        finally:
            server.terminate()

    result = {
        "pages": args.pages,
        "runs": runs,
        "median_crawler_to_bare_scrapy": statistics.median(run["crawler_to_bare_scrapy"] for run in runs),
        "median_crawler_to_baseline": statistics.median(run["crawler_to_baseline"] for run in runs),
        "python": platform.python_version(),
        "cpus": multiprocessing.cpu_count(),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
