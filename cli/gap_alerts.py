"""Subscriptions of opleiders and the gap alerts sent to them."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from alerts.states import STATES
from core.outside_text import for_terminal
from llo_radar import jobs
from llo_radar.exceptions import LloRadarError
from llo_radar.terminal import print_json, table

from .common import (
    DataDirOption,
    DbOption,
    JsonOption,
    add_row,
    console,
    err_console,
    settings_for,
)

subscribe_app = typer.Typer(help="Subscriptions of opleiders to gap alerts.")


@subscribe_app.command("add")
def subscribe_add(
    name: Annotated[str, typer.Argument(help="The opleider, as its offers name the provider.")],
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    webhook: Annotated[str | None, typer.Option(help="URL that gets a JSON POST.")] = None,
    file: Annotated[str | None, typer.Option(help="File to append to: *.txt text, else JSON lines.")] = None,
    skill: Annotated[list[str] | None, typer.Option(help="Skill id or label (repeatable).")] = None,
    skill_group: Annotated[list[str] | None, typer.Option(help="Taxonomy group, e.g. zorg (repeatable).")] = None,
    skill_type: Annotated[list[str] | None, typer.Option(help="skill, knowledge, ... (repeatable).")] = None,
    sector: Annotated[list[str] | None, typer.Option(help="SBI section letter (repeatable).")] = None,
    region: Annotated[
        list[str] | None, typer.Option(help="Region code (AM18, PV27, NL, RG-...) or gemeente (repeatable).")
    ] = None,
    level: Annotated[list[str] | None, typer.Option(help="Education level, e.g. 'MBO 4' (repeatable).")] = None,
    digest: Annotated[bool, typer.Option("--weekly", help="One bundled message a week.")] = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Add a subscription, or replace the one of the same name."""
    from pydantic import ValidationError

    from alerts.subscriptions import SubscriptionConfig

    fields = {
        "name": name, "email": email, "webhook": webhook, "file": file, "skills": skill, "skill_groups": skill_group,
        "skill_types": skill_type, "sectors": sector, "regions": region, "education_levels": level,
        "digest": "weekly" if digest else None,
    }  # fmt: skip
    try:
        config = SubscriptionConfig(**{key: value for key, value in fields.items() if value is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(subscription)"
        raise LloRadarError(f"Subscription {name!r}: {field}: {first['msg']}") from exc
    subscription = jobs.add_subscription(settings_for(db, data_dir), config)
    console.print(f"Subscription {for_terminal(subscription.name)} saved.")


@subscribe_app.command("load")
def subscribe_load(
    file: Annotated[Path, typer.Argument(help="YAML file of subscriptions (format in docs/alerts.md).")],
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Add or update every subscription of a YAML file (by name; loading it again changes nothing)."""
    saved = jobs.load_subscription_file(settings_for(db, data_dir), file)
    names = ", ".join(s.name for s in saved)
    console.print(f"{len(saved)} subscriptions saved from {for_terminal(file)}: {for_terminal(names)}")


@subscribe_app.command("list")
def subscribe_list(as_json: JsonOption = False, db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """List the subscriptions with their channels and interests."""
    from alerts.subscriptions import channels_of, describe_interests, subscription_summary

    found = jobs.subscriptions(settings_for(db, data_dir))
    if as_json:
        print_json([subscription_summary(subscription) for subscription in found])
        return
    listed = table("Name", "Channels", "Interests", "Digest", title="Subscriptions")
    for subscription in found:
        channels = ", ".join(channel for channel, _ in channels_of(subscription))
        add_row(listed, subscription.name, channels, describe_interests(subscription), subscription.digest)
    console.print(listed)


@subscribe_app.command("remove")
def subscribe_remove(
    name: Annotated[str, typer.Argument(help="Name of the subscription.")],
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Unsubscribe: delete a subscription and its alerts."""
    jobs.remove_subscription(settings_for(db, data_dir), name)
    console.print(f"Subscription {for_terminal(name)} removed.")


alerts_app = typer.Typer(help="Gap alerts to subscribed opleiders.")


AlertIdArgument = Annotated[int, typer.Argument(help="Id of the alert (alerts list).")]


# The members come from STATES, which mypy cannot read from the functional Enum API.
AlertStateChoice = enum.Enum("AlertStateChoice", {state: state for state in STATES}, type=str)  # type: ignore[misc]


@alerts_app.command("send")
def alerts_send(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Evaluate the alert rule on the latest aggregation and deliver new alerts (failed channels are retried)."""
    evaluation, delivery = jobs.send_alerts(settings_for(db, data_dir))
    if evaluation.period is None:
        console.print("No aggregated period to evaluate yet; run 'llo-radar aggregate' first.")
    else:
        console.print(
            f"Alerts for {evaluation.period}: {evaluation.raised} new, {evaluation.worse} worse, "
            f"{evaluation.unchanged} unchanged (not sent again), {evaluation.resolved} resolved."
        )
    console.print(f"Messages delivered: {delivery.delivered}, failed: {delivery.failed} (retried on the next run).")
    for failure in delivery.failures:
        err_console.print(f"[yellow]Delivery failed:[/yellow] {for_terminal(failure)}")


@alerts_app.command("list")
def alerts_list(
    state: Annotated[AlertStateChoice | None, typer.Option("--state", help="Only alerts in this state.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List alerts with their state, cell, figures and deliveries."""
    from alerts.states import status_summary

    found = jobs.alerts(settings_for(db, data_dir), state.value if state else None)
    if as_json:
        print_json([status_summary(status) for status in found])
        return
    listed = table(
        "Id", "Subscription", "State", "Skill", "Region", "Sector", "Level", "Period", "Demand", "Supply", "Deliveries",
        title="Alerts", numeric=("Demand", "Supply"),
    )  # fmt: skip
    for status in found:
        a = status.alert
        deliveries = "; ".join(
            f"{d.channel} {'ok' if d.delivered_at else f'failed x{d.attempts}: {d.last_error}'}"
            for d in status.deliveries
        )
        add_row(listed, a.id, status.subscription, a.state, a.skill, a.region_code, a.sector_code,
                 a.education_level, a.period, a.demand, a.supply, deliveries)  # fmt: skip
    console.print(listed)


@alerts_app.command("ack")
def alerts_ack(alert_id: AlertIdArgument, db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Acknowledge an alert: seen; it is raised again only when the gap grows."""
    jobs.change_alert(settings_for(db, data_dir), alert_id, "acknowledged")
    console.print(f"Alert {alert_id} acknowledged.")


@alerts_app.command("mute")
def alerts_mute(alert_id: AlertIdArgument, db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Mute an alert: its cell is never raised again for the subscription."""
    jobs.change_alert(settings_for(db, data_dir), alert_id, "muted")
    console.print(f"Alert {alert_id} muted.")
