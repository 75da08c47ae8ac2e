"""The run summary a flow leaves in Prefect as a Markdown artifact: counts and failures per source, the largest
gaps and the alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from prefect.artifacts import create_markdown_artifact

from alerts.delivery import DeliveryRun
from alerts.rules import Evaluation
from crawlers.run_folder import CRAWL_COUNTS, CrawlRun
from llo_radar import jobs
from llo_radar.reports import GapReport, ratio_text, trend_text
from warehouse.dedupe import DedupeResult


def failed_sources(crawl: CrawlRun, loads: list[jobs.SourceLoad]) -> dict[str, str]:
    """Source → problem, for every source whose crawl or extraction failed."""
    failed = {outcome.source: outcome.problem or "failed" for outcome in crawl.crawls if outcome.status == "failed"}
    failed |= {load.source: load.problem for load in loads if load.problem}
    return failed


def crawl_markdown(crawl: CrawlRun, loads: list[jobs.SourceLoad], dedupe: DedupeResult) -> str:
    """Per source: how its crawl went and what was loaded; then the unique jobs."""
    by_source = {load.source: load for load in loads}
    rows = []
    for outcome in crawl.crawls:
        load = by_source.get(outcome.source)
        extract, stored = (load.extract, load.load) if load else (None, None)
        closing = f"nothing closed: {load.closing}" if load and load.closing else ""
        problem = (load.problem if load else None) or outcome.problem or closing
        rows.append(
            [
                outcome.source,
                outcome.status,
                *outcome.counts().values(),
                extract.analysed if extract else "",
                stored.loaded if stored else "",
                load.closed if load and stored else "",
                problem,
            ]
        )
    header = ["source", "crawl", *CRAWL_COUNTS, "analysed", "loaded", "closed", "problem"]
    failed = failed_sources(crawl, loads)
    verdict = (
        f"**Partial: {len(failed)} of {len(crawl.crawls)} sources failed** ({', '.join(sorted(failed))}); "
        "the others are loaded and the next run crawls the failed ones again."
        if failed
        else f"All {len(crawl.crawls)} sources crawled."
    )
    return "\n\n".join(
        [
            f"## Crawl run {crawl.key}",
            verdict,
            _table(header, rows),
            f"{dedupe.vacancies} vacancies, {dedupe.jobs} unique jobs.",
        ]
    )


def gaps_markdown(report: GapReport, alerts: tuple[Evaluation, DeliveryRun]) -> str:
    """The largest national and regional shortages of the report's period, and what the alerts did."""
    evaluation, delivery = alerts
    header = ["skill", "region", "sector", "demand", "trend", "supply", "ratio (95%)", "gap"]
    rows = [
        [line.skill, line.region, line.sector, line.demand, trend_text(line), line.supply, ratio_text(line), line.gap]
        for line in [*report.national_shortages[:5], *report.shortages[:5]]
    ]
    failures = "".join(f"\n- {failure}" for failure in delivery.failures)
    return "\n\n".join(
        [
            f"## Largest gaps, {report.period}",
            f"{report.jobs} unique jobs, {report.offers} offers, {report.cells} indicator cells.",
            _table(header, rows),
            f"Alerts ({evaluation.period}): {evaluation.raised} new, {evaluation.worse} worse, "
            f"{evaluation.unchanged} unchanged (not sent again), {evaluation.resolved} resolved; "
            f"{delivery.delivered} messages delivered, {delivery.failed} failed (retried next run).{failures}",
        ]
    )


def publish(key: str, title: str, parts: Iterable[str]) -> None:
    """Store the summary as the flow run's Markdown artifact ``key`` (its history keeps earlier runs')."""
    create_markdown_artifact(markdown="\n\n".join([f"# {title}", *parts]), key=key, description=title)


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [header, ["---"] * len(header), *([str(value).replace("|", "\\|") for value in row] for row in rows)]
    return "\n".join("| " + " | ".join(row) + " |" for row in cells)
