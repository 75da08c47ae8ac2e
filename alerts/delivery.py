"""Delivering new alerts on each channel of their subscription, and recording every attempt.

An alert is sent once every channel of its subscription has delivered it; a failed channel keeps it new, with
the attempt count and last error in ``alert_deliveries``, and the next run tries that channel again (and only
that one). Each message's outcome is committed before the next is sent, so a run that dies midway repeats at
most one message. Subscriptions with a weekly digest get one message bundling their new alerts, at most once
every seven days.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core import clock
from warehouse.models import Alert, AlertDelivery, Subscription

from .channels import CHANNELS, ChannelConfig
from .exceptions import DeliveryFailed
from .messages import alert_message, digest_message, factsheet_url
from .states import change_state
from .subscriptions import channels_of

DIGEST_EVERY = dt.timedelta(days=7)

logger = logging.getLogger(__name__)


@dataclass
class DeliveryRun:
    """What one delivery run did."""

    delivered: int = 0
    """Messages delivered (a digest counts once per channel)."""
    failed: int = 0
    alerts_sent: int = 0
    """Alerts now delivered on every channel."""
    failures: list[str] = field(default_factory=list)
    """One line per failed message: subscription, channel and reason."""


def deliver_pending(
    sessions: sessionmaker[Session],
    config: ChannelConfig,
    now: dt.datetime | None = None,
    *,
    dashboard_url: str | None = None,
) -> DeliveryRun:
    """Deliver every new alert on the channels that have not delivered it yet; each message links to the
    subscriber's factsheet on the dashboard at ``dashboard_url`` when given."""
    now = now or clock.now()
    run = DeliveryRun()
    with sessions() as session:
        ids = session.scalars(select(Subscription.id).order_by(Subscription.name)).all()
    for subscription_id in ids:
        with sessions() as session:
            subscription = session.get_one(Subscription, subscription_id)
            factsheet = factsheet_url(dashboard_url, subscription.name) if dashboard_url else None
            _deliver_subscription(session, subscription, config, now, run, factsheet)
    return run


def _deliver_subscription(
    session: Session,
    subscription: Subscription,
    config: ChannelConfig,
    now: dt.datetime,
    run: DeliveryRun,
    factsheet: str | None,
) -> None:
    pending = list(
        session.scalars(
            select(Alert).where(Alert.subscription_id == subscription.id, Alert.state == "new").order_by(Alert.id)
        )
    )
    if not pending:
        return
    digest = subscription.digest == "weekly"
    if digest and subscription.last_digest_at and now - clock.as_utc(subscription.last_digest_at) < DIGEST_EVERY:
        return
    channels = list(channels_of(subscription))
    deliveries = {
        (d.alert_id, d.channel): d
        for d in session.scalars(select(AlertDelivery).where(AlertDelivery.alert_id.in_([a.id for a in pending])))
    }
    for batch in [pending] if digest else [[alert] for alert in pending]:
        for channel, address in channels:
            todo = [a for a in batch if not _delivered(deliveries.get((a.id, channel)))]
            if not todo:
                continue
            if digest:
                message = digest_message(todo, subscription.name, factsheet)
            else:
                message = alert_message(todo[0], subscription.name, factsheet)
            try:
                CHANNELS[channel](message, address, config)
                error = None
                run.delivered += 1
            except DeliveryFailed as failure:
                error = str(failure)[:500]
                run.failed += 1
                run.failures.append(f"{subscription.name}, {channel}: {error}")
                logger.warning("Alert delivery to %s by %s failed: %s", subscription.name, channel, error)
            for alert in todo:
                delivery = deliveries.setdefault(
                    (alert.id, channel), AlertDelivery(alert_id=alert.id, channel=channel, attempts=0)
                )
                session.add(delivery)
                delivery.attempts += 1
                delivery.last_attempt_at, delivery.last_error = now, error
                delivery.delivered_at = None if error else now
            session.commit()
        for alert in batch:
            if all(_delivered(deliveries.get((alert.id, channel))) for channel, _ in channels):
                change_state(alert, "sent", now)
                run.alerts_sent += 1
        session.commit()
    if digest and all(alert.state == "sent" for alert in pending):
        subscription.last_digest_at = now
        session.commit()


def _delivered(delivery: AlertDelivery | None) -> bool:
    return delivery is not None and delivery.delivered_at is not None
