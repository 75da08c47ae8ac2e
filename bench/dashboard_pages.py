"""Page loads of the dashboard on a national warehouse.

The generator of ``bench/warehouse_indicators.py`` makes a warehouse of 1,000,000 vacancies and 50,000 offers over
12 months (all gemeenten, sectors, levels and occupations); it is loaded into SQLite, the jobs are derived and
every indicator is recomputed for the 12 months (the skill gap and the occupation profile), each timed. Then
``llo-radar dashboard`` serves it read-only in its own process, and each page is timed in two ways:

- server: the time to receive the whole page (or API answer) with httpx, the median and the slowest of
  ``--rounds`` requests after one warm-up;
- browser: Debian's Chromium (Playwright) opens the page with plotly.js already cached, as a returning reader
  does, and the time runs from navigation until every chart is drawn; median of ``--rounds``.

    .venv/bin/python -m bench.dashboard_pages [--vacancies 1000000] [--offers 50000] [--rounds 5]
    .venv/bin/python -m bench.dashboard_pages --warehouse FILE   # pages only, on a warehouse made before
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawlers.settings import CHROMIUM_LAUNCH_OPTIONS
from llo_radar.dashboard.server import free_port
from warehouse.db import make_engine
from warehouse.dedupe import rebuild_jobs
from warehouse.indicators import INDICATORS
from warehouse.models import MismatchResult, OccupationResult
from warehouse.periods import periods_between

from .warehouse_indicators import FIRST_DAY, LAST_DAY, LEVELS, generate, load_sqlite

CHARTS_DRAWN = "Array.from(document.querySelectorAll('.js-plotly-plot')).every(plot => plot._fullLayout)"
STARTUP_SECONDS = 120


def build(path: Path, vacancies: int, offers: int) -> None:
    """Generate, load and aggregate the synthetic warehouse into the SQLite file ``path``, printing the times."""
    with tempfile.TemporaryDirectory(prefix="llo-bench-") as tmp:
        started = time.perf_counter()
        counts = generate(Path(tmp), vacancies, offers)
        print(f"generated in {time.perf_counter() - started:.0f} s: {counts}", flush=True)
        engine = make_engine(f"sqlite:///{path}")
        started = time.perf_counter()
        load_sqlite(engine, Path(tmp))
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
    months = periods_between(FIRST_DAY, LAST_DAY, "month")
    with Session(engine) as session, session.begin():
        started = time.perf_counter()
        rebuild_jobs(session)
        print(f"jobs rebuilt in {time.perf_counter() - started:.0f} s", flush=True)
        for indicator in INDICATORS.values():
            started = time.perf_counter()
            run = indicator.recompute(session, months, LEVELS)
            print(f"{run.indicator}: {run.cells:,} cells in {time.perf_counter() - started:.0f} s", flush=True)
    engine.dispose()


def pages(path: Path) -> list[str]:
    """The pages to time: the front page with and without filters, a region, the skill and the occupation with the
    most demand, the evidence of the largest national shortage, a factsheet and API answers."""
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        period = session.scalar(select(func.max(MismatchResult.period)).where(MismatchResult.period_kind == "month"))
        r = MismatchResult
        skill, cell = session.execute(
            select(r.skill_id, r.period + "/NL/*/*/" + r.skill_id)
            .where(r.period == period, r.region_code == "NL", r.sector_code == "*", r.education_level == "*")
            .order_by(r.gap.desc())
            .limit(1)
        ).one()
        isco = session.scalar(
            select(OccupationResult.isco_code)
            .where(OccupationResult.period == period, OccupationResult.region_code == "NL")
            .order_by(OccupationResult.jobs.desc())
            .limit(1)
        )
    engine.dispose()
    return [
        "/",
        "/?sector=Q&level=MBO%204",
        f"/?occupation={isco}",
        "/regions/AM18",
        f"/skills/{quote(skill)}",
        f"/occupations/{isco}",
        f"/cells/{quote(cell)}",
        "/factsheets/regions/AM18",
        "/api/overview",
        f"/api/skills/{quote(skill)}",
    ]


def time_pages(path: Path, rounds: int) -> None:
    """Serve the warehouse at ``path`` with ``llo-radar dashboard`` and print a table of page times."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "llo-radar"), "dashboard", "--db", f"sqlite:///{path}", "--port",
               str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        for _ in range(STARTUP_SECONDS * 10):
            try:
                httpx.get(f"{base}/api/filters", timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**CHROMIUM_LAUNCH_OPTIONS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for path_ in pages(path):
                url = base + path_
                httpx.get(url, timeout=120)  # warm-up: the database's pages in the OS cache
                server_times, size = [], 0
                for _ in range(rounds):
                    started = time.perf_counter()
                    response = httpx.get(url, timeout=120)
                    server_times.append(time.perf_counter() - started)
                    size = len(response.content)
                browser_times = []
                if not path_.startswith("/api/"):
                    page.goto(url, wait_until="load")  # plotly.js into the browser's cache
                    for _ in range(rounds):
                        started = time.perf_counter()
                        page.goto(url, wait_until="load")
                        page.wait_for_function(CHARTS_DRAWN)
                        browser_times.append(time.perf_counter() - started)
                rows.append((path_, size, server_times, browser_times))
                print(f"{path_}: {statistics.median(server_times) * 1000:.0f} ms", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("\n| page | size | server, median | server, slowest | browser until charts drawn, median |")
    print("|---|---:|---:|---:|---:|")
    for path_, size, server_times, browser_times in rows:
        browser = f"{statistics.median(browser_times) * 1000:,.0f} ms" if browser_times else "–"
        print(
            f"| `{path_}` | {size / 1024:,.0f} kB | {statistics.median(server_times) * 1000:,.0f} ms | "
            f"{max(server_times) * 1000:,.0f} ms | {browser} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warehouse", type=Path, help="A SQLite warehouse this benchmark made before: pages only.")
    parser.add_argument("--keep", type=Path, help="Build the warehouse into this file and keep it.")
    args = parser.parse_args()
    if args.warehouse:
        time_pages(args.warehouse, args.rounds)
        return
    with tempfile.TemporaryDirectory(prefix="llo-bench-") as tmp:
        path = args.keep or Path(tmp) / "warehouse.sqlite"
        build(path, args.vacancies, args.offers)
        time_pages(path, args.rounds)


if __name__ == "__main__":
    main()
