"""Alert task: raise alerts for new or worse gaps that match subscriptions, and deliver them."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from alerts.delivery import DeliveryRun
from alerts.rules import Evaluation
from llo_radar import jobs
from llo_radar.settings import Settings


@task(name="alert", cache_policy=NO_CACHE)
def alert_task(settings: Settings) -> tuple[Evaluation, DeliveryRun]:
    """Evaluate the alert rule on the latest aggregation; deliver new alerts and retry failed deliveries."""
    return jobs.send_alerts(settings)
