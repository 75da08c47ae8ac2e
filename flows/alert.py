"""Alert task: raise alerts for new or worse gaps that match subscriptions, and deliver them."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from alerts.delivery import DeliveryRun
from alerts.rules import Evaluation
from llo_radar import jobs
from llo_radar.settings import Settings

from .retries import WAREHOUSE_RETRIES


@task(name="alert", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def alert_task(settings: Settings) -> tuple[Evaluation, DeliveryRun]:
    """Evaluate the alert rule on the latest aggregation; deliver new alerts and retry failed deliveries."""
    evaluation, delivery = jobs.send_alerts(settings)
    logger = get_run_logger()
    logger.info(
        "alerts %s: %d new, %d worse, %d unchanged, %d resolved; %d messages delivered",
        evaluation.period,
        evaluation.raised,
        evaluation.worse,
        evaluation.unchanged,
        evaluation.resolved,
        delivery.delivered,
    )
    for failure in delivery.failures:  # recorded; retried by the next run
        logger.warning("delivery failed: %s", failure)
    return evaluation, delivery
