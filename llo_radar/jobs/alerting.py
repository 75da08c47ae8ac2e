"""Subscriptions of opleiders and their gap alerts: storing, sending, listing and changing them."""

from __future__ import annotations

from pathlib import Path

from alerts.channels import ChannelConfig
from alerts.delivery import DeliveryRun, deliver_pending
from alerts.rules import AlertRule, Evaluation, evaluate
from alerts.states import AlertStatus, State, UserState, list_alerts, set_state
from alerts.subscriptions import SubscriptionConfig, list_subscriptions, load_subscriptions, save_subscription
from alerts.subscriptions import remove_subscription as delete_subscription
from warehouse.db import session_maker
from warehouse.locks import stage_lock
from warehouse.models import Subscription

from ..settings import Settings
from .database import open_warehouse, sync_taxonomy_in, warehouse_engine


def add_subscription(settings: Settings, config: SubscriptionConfig) -> Subscription:
    """Store a subscription (replacing one of the same name)."""
    with open_warehouse(settings).begin() as session:
        sync_taxonomy_in(session, settings)
        return save_subscription(session, config, allow_private_webhooks=settings.webhook_allow_private)


def load_subscription_file(settings: Settings, path: Path) -> list[Subscription]:
    """Store every subscription of a YAML file; loading it again changes nothing."""
    with open_warehouse(settings).begin() as session:
        sync_taxonomy_in(session, settings)
        return load_subscriptions(session, path, allow_private_webhooks=settings.webhook_allow_private)


def subscriptions(settings: Settings) -> list[Subscription]:
    """All subscriptions with their interests."""
    with open_warehouse(settings)() as session:
        return list_subscriptions(session)


def remove_subscription(settings: Settings, name: str) -> None:
    """Delete a subscription and its alerts."""
    with open_warehouse(settings).begin() as session:
        delete_subscription(session, name)


def alert_rule(settings: Settings) -> AlertRule:
    """The alert rule of the settings ``alert_*``."""
    return AlertRule(**{name: getattr(settings, f"alert_{name}") for name in AlertRule.__dataclass_fields__})


def channel_config(settings: Settings) -> ChannelConfig:
    """The SMTP server, timeout and webhook rule of the settings."""
    return ChannelConfig(**{name: getattr(settings, name) for name in ChannelConfig.__dataclass_fields__})


def send_alerts(settings: Settings) -> tuple[Evaluation, DeliveryRun]:
    """Evaluate the alert rule on the latest aggregation, then deliver new alerts (retrying failed channels)."""
    engine = warehouse_engine(settings)
    sessions = session_maker(engine)
    with stage_lock(engine, "alerts"):  # two runs at once would deliver the same alerts twice
        with sessions.begin() as session:
            evaluation = evaluate(session, alert_rule(settings))
        return evaluation, deliver_pending(
            sessions, channel_config(settings), dashboard_url=settings.dashboard_base_url
        )


def alerts(settings: Settings, state: State | None = None) -> list[AlertStatus]:
    """Stored alerts (of one state, or all), newest first."""
    with open_warehouse(settings)() as session:
        return list_alerts(session, state)


def change_alert(settings: Settings, alert_id: int, state: UserState) -> None:
    """Acknowledge or mute an alert."""
    with open_warehouse(settings).begin() as session:
        set_state(session, alert_id, state)
