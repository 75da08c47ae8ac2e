"""Running the system: the warehouse schema, the sources file and the scheduled deployments."""

from __future__ import annotations

import typer
from prefect.client.schemas.schedules import CronSchedule

from core.outside_text import for_terminal
from llo_radar import jobs
from llo_radar.settings import Settings
from llo_radar.terminal import table
from warehouse.db import display_url

from .common import (
    DataDirOption,
    DbOption,
    SourcesOption,
    add_row,
    console,
    settings_for,
)

app = typer.Typer()


db_app = typer.Typer(help="Work with the warehouse database.")


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Create the warehouse or bring its schema up to date (Alembic migrations), and (re)load the reference
    dimensions and region groupings. The only command that changes the schema."""
    settings = settings_for(db, data_dir)
    before, after = jobs.upgrade_warehouse(settings)
    where = for_terminal(display_url(settings.warehouse_url))
    console.print(f"Warehouse {where}: revision {before or 'none'} -> {after}")


sources_app = typer.Typer(help="Work with the sources file.")


@sources_app.command("check")
def sources_check(sources: SourcesOption = None) -> None:
    """Validate the sources file and list its sources."""
    from crawlers.sources import load_sources
    from flows.deployments import schedule

    settings = settings_for(sources=sources)
    parsed = load_sources(settings.sources_file)
    headers = ("Source", "Kind", "Publisher", "Spider", "Extraction", "Schedule")
    listed = table(*headers, title=for_terminal(settings.sources_file))
    for source in parsed.sources:
        cron = source.schedule or settings.crawl_schedule
        schedule(cron, settings, f"source {source.name}" if source.schedule else "setting crawl_schedule")
        add_row(listed, source.name, source.kind, source.publisher.name, source.spider_name, source.extraction, cron)
    schedule(settings.aggregate_schedule, settings, "setting aggregate_schedule")
    console.print(listed)


@app.command()
def serve() -> None:
    """Serve the scheduled deployments (a crawl per source, the weekly aggregate-and-alert, the whole job on
    demand) to the Prefect server at PREFECT_API_URL, and run their flow runs until stopped.

    Settings come from the environment (LLO_RADAR_*) only, so that no URL or credential is stored in Prefect.
    """
    from prefect import serve as serve_flows

    from flows.deployments import deployments
    from flows.server import check_prefect_api

    settings = Settings.overridden()
    check_prefect_api()
    served = deployments(settings)
    listed = table("Deployment", "Schedule", "Parameters", title="Deployments")
    for deployment in served:
        schedules = ", ".join(_schedule_text(s.schedule) for s in deployment.schedules or [])
        add_row(listed, f"{deployment.flow_name}/{deployment.name}", schedules or "on demand", deployment.parameters)
    console.print(listed)
    serve_flows(*served, limit=settings.serve_limit)


def _schedule_text(schedule: object) -> str:
    """A deployment's schedule as its cron line and time zone (the deployments are all cron-scheduled)."""
    if isinstance(schedule, CronSchedule):
        return f"{schedule.cron} ({schedule.timezone})"
    return str(schedule)
