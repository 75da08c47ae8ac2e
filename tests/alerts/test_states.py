"""Every transition of the alert states, driven through the code and checked against the table in docs/alerts.md
(the rule's evaluation, delivery, and the user's acknowledge and mute); on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import delete

from alerts.channels import ChannelConfig
from alerts.delivery import deliver_pending
from alerts.exceptions import AlertStateRefused
from alerts.rules import evaluate
from alerts.states import STATES, set_state
from alerts.subscriptions import SubscriptionConfig, save_subscription
from warehouse.models import Alert, AlertDelivery

from .conftest import RULE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "alerts.md"
CHANNELS = ChannelConfig("127.0.0.1", 25, None, None, "radar@localhost", False, 5.0)


def documented_transitions() -> dict[tuple[str, str], str]:
    """(state, event) → the state after it, ``refused`` or ``–``, from the transition table of docs/alerts.md."""
    section = DOCS.read_text(encoding="utf-8").split("\n## States\n")[1].split("\n## ")[0]
    rows = [[cell.strip().strip("`") for cell in line.strip("|").split("|")] for line in section.splitlines()]
    header = next(row for row in rows if row[0] == "state" and len(row) > 2)
    table = {}
    for row in rows:
        if len(row) == len(header) and row[0] in STATES:
            table.update({(row[0], event): after for event, after in zip(header[1:], row[1:], strict=True)})
    return table


TRANSITIONS = documented_transitions()


def test_the_table_covers_every_state_and_event():
    events = {event for _, event in TRANSITIONS}
    assert events == {
        "shortage, gap larger", "shortage, gap not larger", "no longer a shortage", "delivered", "alerts ack",
        "alerts mute",
    }  # fmt: skip
    assert {state for state, _ in TRANSITIONS} == set(STATES)
    assert len(TRANSITIONS) == len(STATES) * len(events)


def test_every_state_changes_as_the_docs_say(gaps, tmp_path):
    with gaps.sessions.begin() as session:
        save_subscription(
            session, SubscriptionConfig(name="Vakacademie", file=str(tmp_path / "alerts.jsonl"), regions=["AM18"])
        )
        evaluate(session, RULE)
    with gaps.sessions() as session:
        (alert,) = session.query(Alert).all()
        alert_id, gap = alert.id, alert.gap
    checked = 0
    for (state, event), expected in TRANSITIONS.items():
        if expected == "–":
            continue
        with gaps.sessions.begin() as session:  # the alert in `state`, raised when its gap was `gap` (or less)
            alert = session.get(Alert, alert_id)
            alert.state, alert.gap = state, gap - 1 if event == "shortage, gap larger" else gap
            session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id == alert_id))
        after = apply(gaps, event, alert_id)
        assert after == expected, f"{state} + {event}: {after}, docs/alerts.md says {expected}"
        checked += 1
    assert checked == len(TRANSITIONS) - sum(expected == "–" for expected in TRANSITIONS.values())


def apply(gaps, event: str, alert_id: int) -> str:
    """Let ``event`` happen to the alert; returns its state after, or ``refused``."""
    if event.startswith("shortage"):
        with gaps.sessions.begin() as session:
            evaluate(session, RULE)
    elif event == "no longer a shortage":
        with gaps.sessions.begin() as session:
            evaluate(session, dataclasses.replace(RULE, min_gap=50))
    elif event == "delivered":
        deliver_pending(gaps.sessions, CHANNELS)
    else:
        try:
            with gaps.sessions.begin() as session:
                set_state(session, alert_id, "acknowledged" if event == "alerts ack" else "muted")
        except AlertStateRefused:
            return "refused"
    with gaps.sessions() as session:
        return session.get(Alert, alert_id).state


def test_a_refusal_says_why_in_one_sentence(gaps, tmp_path):
    with gaps.sessions.begin() as session:
        save_subscription(session, SubscriptionConfig(name="Vakacademie", file=str(tmp_path / "a.jsonl")))
        evaluate(session, RULE)
    with gaps.sessions.begin() as session:
        (alert,) = session.query(Alert).all()
        set_state(session, alert.id, "muted")
    refusal = r"^Cannot acknowledge alert \d+: it is muted and stays muted"
    with pytest.raises(AlertStateRefused, match=refusal), gaps.sessions.begin() as session:
        set_state(session, alert.id, "acknowledged")
