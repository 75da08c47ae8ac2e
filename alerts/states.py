"""Alert states and the changes a user makes (acknowledge, mute); the full table of transitions is in
docs/alerts.md (a test drives every one of them).

new: raised (or raised again because the gap grew), not yet delivered on every channel; sent: delivered;
acknowledged: the opleider has seen it; muted: never raise this cell again for the subscription; resolved: the
gap no longer meets the rule. A resolved, sent or acknowledged alert becomes new again when its gap grows; a muted
alert stays muted whatever happens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock
from warehouse.models import Alert, AlertDelivery, Subscription

from .exceptions import AlertStateRefused, UnknownAlert
from .messages import alert_payload

State = Literal["new", "sent", "acknowledged", "muted", "resolved"]
STATES: tuple[State, ...] = ("new", "sent", "acknowledged", "muted", "resolved")
UserState = Literal["acknowledged", "muted"]
USER_CHANGES: dict[UserState, frozenset[State]] = {
    "acknowledged": frozenset({"new", "sent"}),
    "muted": frozenset({"new", "sent", "acknowledged", "resolved"}),
}
"""The states from which a user may acknowledge or mute an alert (asking for the state it is in changes nothing)."""
_REFUSALS = {
    "muted": "it is muted and stays muted (acknowledging it would let it be raised again)",
    "resolved": "it is resolved: its gap no longer meets the rule, so there is nothing to acknowledge",
}


def change_state(alert: Alert, state: State, now: dt.datetime) -> None:
    """Put an alert in ``state`` and remember when."""
    if alert.state != state:
        alert.state, alert.state_changed_at = state, now


def set_state(session: Session, alert_id: int, state: UserState) -> Alert:
    """Acknowledge or mute alert ``alert_id`` (``alerts.id``); a change ``USER_CHANGES`` does not allow is
    refused, naming why."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise UnknownAlert(f"No alert with id {alert_id}; 'llo-radar alerts list' shows them")
    if alert.state != state and alert.state not in USER_CHANGES[state]:
        verb = "acknowledge" if state == "acknowledged" else "mute"
        raise AlertStateRefused(f"Cannot {verb} alert {alert_id}: {_REFUSALS[alert.state]}")
    change_state(alert, state, clock.now())
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


def status_summary(status: AlertStatus) -> dict[str, object]:
    """An alert as a listing shows it: its payload (cell, figures, example vacancies), state, subscriber, when it
    was raised, and each channel's delivery."""
    alert = status.alert
    return alert_payload(alert) | {
        "state": alert.state,
        "subscription": status.subscription,
        "raised_at": alert.raised_at,
        "state_changed_at": alert.state_changed_at,
        "deliveries": [
            {
                "channel": delivery.channel,
                "attempts": delivery.attempts,
                "last_attempt_at": delivery.last_attempt_at,
                "delivered_at": delivery.delivered_at,
                "last_error": delivery.last_error,
            }
            for delivery in status.deliveries
        ],
    }
