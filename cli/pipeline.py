"""The stages as commands: crawl, rescrape, extract, dedupe, aggregate, and fetching one page."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from core.outside_text import for_terminal
from crawlers.run_folder import CRAWL_COUNTS, CrawlRun
from llo_radar import jobs
from llo_radar.exceptions import LloRadarError
from llo_radar.terminal import table

from .common import (
    DataDirOption,
    DbOption,
    PeriodKindChoice,
    SourcesOption,
    add_row,
    console,
    settings_for,
)

app = typer.Typer()


@app.command()
def crawl(
    source: Annotated[list[str] | None, typer.Option("--source", help="Crawl only this source (repeatable).")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
    sources: SourcesOption = None,
) -> None:
    """Crawl sources into a new run folder (raw items kept) and record the crawl runs."""
    result = jobs.crawl(settings_for(db, data_dir, sources), source)
    print_crawl(result)
    if all(outcome.status == "failed" for outcome in result.crawls):
        raise typer.Exit(1)


@app.command()
def rescrape(
    run_dir: Annotated[Path | None, typer.Argument(help="Crawl run folder; default: the latest.")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Only this source (repeatable).")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Extract items again from a crawl run's archived pages, without the network."""
    for name, (count, problems) in jobs.rescrape(settings_for(data_dir=data_dir), run_dir, source).items():
        reasons = Counter(problem.reason for problem in problems)
        found = "".join(f", {n} {reason}" for reason, n in sorted(reasons.items()))
        console.print(f"{for_terminal(name)}: {count} items from the archive{found}")


@app.command()
def extract(
    run_dir: Annotated[Path | None, typer.Argument(help="Crawl run folder; default: the latest.")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Extract skills, sector and region from a crawl run's items and load them into the warehouse."""
    listed = table(
        "Source", "Kind", "Crawl", "Analysed", "Unchanged", "Skipped", "Skill links", "Unplaced", "Closed", "Repaired"
    )
    loads = jobs.extract_and_load(settings_for(db, data_dir), run_dir)
    for load in loads:
        ex, ld = load.extract, load.load
        add_row(
            listed,
            load.source,
            load.kind,
            load.status,
            str(ex.analysed if ex else "-"),
            str(ex.unchanged if ex else "-"),
            str(ex.skipped if ex else "-"),
            str(ld.skill_links if ld else "-"),
            str(ld.unresolved_places if ld else "-"),
            str(load.closed),
            ", ".join(f"{reason} {count}" for reason, count in sorted(ld.repaired.items())) if ld else "-",
        )
    console.print(listed)
    for load in loads:
        if load.closing:
            console.print(f"{for_terminal(load.source)}: nothing closed: {for_terminal(load.closing)}.")


@app.command()
def dedupe(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Group vacancies that publish the same job (same URL, same text or similar) into unique jobs."""
    result = jobs.dedupe(settings_for(db, data_dir))
    reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(result.by_reason.items())) or "none"
    console.print(f"{result.vacancies} vacancies are {result.jobs} unique jobs (duplicates: {reasons}).")


@app.command()
def aggregate(
    period: Annotated[
        list[str] | None,
        typer.Option("--period", help="Week 2026-W47, month 2026-11 or quarter 2026-Q4 (repeatable)."),
    ] = None,
    every: Annotated[
        PeriodKindChoice | None, typer.Option("--every", help="Every week, month or quarter the data covers.")
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help="Also this region level, e.g. municipality (repeatable)."),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Recompute every cell of the periods, not only those whose inputs changed.")
    ] = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Recompute the skill gap per period × skill × region × sector × education level and each occupation's skill
    profile where their inputs changed (default: the latest week, month and quarter and every period stored
    before)."""
    settings = settings_for(db, data_dir)
    runs = jobs.aggregate(settings, period, every=every.value if every else None, levels=level, full=full)
    for run in runs:
        levels = for_terminal(", ".join(run.levels))
        if run.periods:
            console.print(f"{run.indicator} {', '.join(run.periods)}: {run.cells} cells stored for levels {levels}.")
        else:
            console.print(f"{run.indicator}: no inputs changed; nothing recomputed.")


@app.command("scrape-url")
def scrape_url(
    url: Annotated[str, typer.Argument(help="Page to fetch.")],
    kind: Annotated[str, typer.Option(help="vacancy or offer")] = "vacancy",
    extraction: Annotated[str, typer.Option(help="auto (schema.org data, else main text) or structured")] = "auto",
    sources: SourcesOption = None,
) -> None:
    """Fetch one page (robots.txt obeyed) and print the extracted item as JSON."""
    from crawlers.sources import load_sources

    if kind not in ("vacancy", "offer"):
        raise LloRadarError(f"--kind must be vacancy or offer, not {kind!r}")
    if extraction not in ("auto", "structured"):
        raise LloRadarError(f"--extraction must be auto or structured, not {extraction!r}")
    contact_url = load_sources(settings_for(sources=sources).sources_file).contact_url if sources else None
    item = jobs.scrape_item(url, kind, extraction, contact_url)
    typer.echo(json.dumps(item, ensure_ascii=False, indent=2))


def print_crawl(result: CrawlRun) -> None:
    counts = [name.capitalize() for name in CRAWL_COUNTS]
    listed = table("Source", "Status", *counts, "Problems", title=f"Crawl {result.key}", numeric=counts)
    for outcome in result.crawls:
        problems = ", ".join(f"{reason} {count}" for reason, count in sorted(outcome.problems.items()))
        add_row(listed, outcome.source, outcome.status, *outcome.counts().values(), problems or outcome.problem)
    console.print(listed)
