"""Alert states and the changes a user makes (acknowledge, mute).

new: raised (or raised again because the gap grew), not yet delivered on every channel; sent: delivered;
acknowledged: the opleider has seen it; muted: never raise this cell again for the subscription; resolved: the
gap no longer meets the rule. A resolved, sent or acknowledged alert becomes new again when its gap grows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.models import Alert, AlertDelivery, Subscription

from .exceptions import UnknownAlert

State = Literal["new", "sent", "acknowledged", "muted", "resolved"]
STATES: tuple[State, ...] = ("new", "sent", "acknowledged", "muted", "resolved")


def change_state(alert: Alert, state: State, now: dt.datetime) -> None:
    """Put an alert in ``state`` and remember when."""
    if alert.state != state:
        alert.state, alert.state_changed_at = state, now


def set_state(session: Session, alert_id: int, state: Literal["acknowledged", "muted"]) -> Alert:
    """Acknowledge or mute alert ``alert_id`` (``alerts.id``)."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise UnknownAlert(f"No alert with id {alert_id}; 'llo-radar alerts list' shows them")
    change_state(alert, state, dt.datetime.now(dt.UTC))
    return alert


@dataclass(frozen=True, slots=True)
class AlertStatus:
    """An alert with its subscription's name and its deliveries, for listings."""

    alert: Alert
    subscription: str
    deliveries: list[AlertDelivery]


def list_alerts(session: Session, state: State | None = None) -> list[AlertStatus]:
    """Alerts (of one state, or all) with their subscription and deliveries, newest first."""
    query = select(Alert, Subscription.name).join(Subscription, Subscription.id == Alert.subscription_id)
    if state is not None:
        query = query.where(Alert.state == state)
    rows = session.execute(query.order_by(Alert.raised_at.desc(), Alert.id.desc())).all()
    deliveries: dict[int, list[AlertDelivery]] = {}
    ids = [alert.id for alert, _ in rows]
    for delivery in session.scalars(
        select(AlertDelivery).where(AlertDelivery.alert_id.in_(ids)).order_by(AlertDelivery.channel)
    ):
        deliveries.setdefault(delivery.alert_id, []).append(delivery)
    return [AlertStatus(alert, name, deliveries.get(alert.id, [])) for alert, name in rows]
