"""The scheduled deployments ``llo-radar serve`` serves to a Prefect server.

- ``crawl-and-load/<source>``: each source daily (setting ``crawl_schedule``, or the source's ``schedule``);
- ``aggregate-and-alert/weekly``: indicators, alerts and report (setting ``aggregate_schedule``);
- ``llo-radar/on-demand``: the whole job, no schedule: ``prefect deployment run llo-radar/on-demand``.

The deployments carry only source names: the warehouse, folders and credentials come from the environment of
the serving process, so none of them is stored in Prefect.
"""

from __future__ import annotations

from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments.runner import RunnerDeployment
from pydantic import ValidationError

from llo_radar import jobs
from llo_radar.exceptions import LloRadarError
from llo_radar.settings import Settings

from .radar import aggregate_and_alert_flow, crawl_and_load_flow, radar_flow


def deployments(settings: Settings) -> list[RunnerDeployment]:
    """One crawl-and-load deployment per source, the weekly aggregate-and-alert one and the on-demand run."""
    crawls = [
        crawl_and_load_flow.to_deployment(
            name=source.name,
            schedules=[schedule(source.schedule or settings.crawl_schedule, settings, f"source {source.name}")],
            parameters={"sources": [source.name]},
            tags=["crawl", source.kind],
            description=f"Crawl {source.publisher.name} ({source.name}), extract, load and deduplicate.",
        )
        for source in jobs.select_sources(settings)
    ]
    weekly = aggregate_and_alert_flow.to_deployment(
        name="weekly",
        schedules=[schedule(settings.aggregate_schedule, settings, "setting aggregate_schedule")],
        tags=["aggregate", "alert"],
        description="Recompute the indicators, send the alerts and write the report.",
    )
    on_demand = radar_flow.to_deployment(name="on-demand", description="The whole job, when asked for.")
    # to_deployment is typed to return a coroutine as well, which it does only when called inside an event loop.
    return [*crawls, weekly, on_demand]  # type: ignore[list-item]


def schedule(cron: str, settings: Settings, where: str) -> CronSchedule:
    """A cron schedule in the configured time zone; ``LloRadarError`` naming ``where`` when it is not valid."""
    try:
        return CronSchedule(cron=cron, timezone=settings.schedule_timezone)
    except ValidationError as exc:
        problems = "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())
        raise LloRadarError(f"Bad schedule of {where}: {problems}") from exc
