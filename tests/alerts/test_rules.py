"""Tests of alerts/rules.py and alerts/states.py: which gaps raise alerts for whom, no repeats, worse gaps
raised again, resolved and muted alerts, unsubscribing; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from alerts.exceptions import UnknownAlert
from alerts.messages import alert_message
from alerts.rules import evaluate
from alerts.states import list_alerts, set_state
from alerts.subscriptions import SubscriptionConfig, remove_subscription, save_subscription
from warehouse.models import Alert

from .conftest import RULE


def subscribe(gaps, name="Vakacademie", **interests) -> None:
    with gaps.sessions.begin() as session:
        save_subscription(session, SubscriptionConfig(name=name, file="alerts.jsonl", **interests))


def run(gaps, rule=RULE):
    with gaps.sessions.begin() as session:
        return evaluate(session, rule)


def alerts(gaps) -> list[Alert]:
    with gaps.sessions() as session:
        return list(session.scalars(select(Alert).order_by(Alert.region_code, Alert.sector_code, Alert.id)))


def test_a_published_gap_matching_a_subscription_raises_one_alert_with_its_figures(gaps):
    subscribe(gaps, skills=["wondzorg"], regions=["AM18"])
    result = run(gaps)
    assert (result.period, result.raised, result.worse, result.resolved) == ("2026-11", 1, 0, 0)
    (alert,) = alerts(gaps)
    assert (alert.state, alert.skill_id, alert.region_code, alert.sector_code, alert.education_level) == (
        "new", "llo:wondzorg", "AM18", "*", "*",
    )  # fmt: skip
    assert (alert.period, alert.demand, alert.supply, alert.gap, alert.own_offers) == ("2026-11", 12, 2, 10, 1)
    assert alert.providers == ["Zorgschool"]  # the subscriber's own offer counts, but is not a competitor
    assert alert.ratio == 6.0 and alert.ratio_low < 6.0 < alert.ratio_high
    assert len(alert.vacancies) == 3 and all(v["url"].startswith("https://bord.example/") for v in alert.vacancies)


def test_sector_level_region_and_skill_interests_select_cells(gaps):
    subscribe(gaps, "Sector", sectors=["Q"], regions=["AM18", "NL"])
    subscribe(gaps, "Niveau", education_levels=["MBO 4"], regions=["Amsterdam"])  # a gemeente: its AM18
    subscribe(gaps, "Groep", skill_groups=["zorg"])  # the country by default
    subscribe(gaps, "Anders", skills=["Excel"], regions=["AM18"])
    subscribe(gaps, "Elders", skill_types=["skill"], regions=["AM01"])
    assert run(gaps).raised == 4
    with gaps.sessions() as session:
        cells = {(s.subscription, s.alert.region_code, s.alert.sector_code, s.alert.education_level)
                 for s in list_alerts(session)}  # fmt: skip
    assert cells == {
        ("Sector", "AM18", "Q", "*"), ("Sector", "NL", "Q", "*"),
        ("Niveau", "AM18", "*", "MBO 4"), ("Groep", "NL", "*", "*"),
    }  # fmt: skip


def test_thresholds_and_small_cells_keep_gaps_out(gaps):
    subscribe(gaps, regions=["AM18"])
    for strict in (
        dataclasses.replace(RULE, min_demand=13),
        dataclasses.replace(RULE, min_gap=11),
        dataclasses.replace(RULE, min_growth=0.1),  # demand was the same in October
        dataclasses.replace(RULE, min_ratio_low=6.0),  # not sure enough: the interval reaches below 6
        dataclasses.replace(RULE, period_kind="week"),  # no weeks aggregated
    ):
        assert run(gaps, strict).raised == 0, strict
    assert alerts(gaps) == []


def test_an_unchanged_gap_is_not_raised_again_and_a_worse_one_is(gaps):
    subscribe(gaps, regions=["AM18"])
    run(gaps)
    (first,) = alerts(gaps)
    with gaps.sessions.begin() as session:
        session.get(Alert, first.id).state = "sent"
    again = run(gaps)
    assert (again.raised, again.worse, again.unchanged) == (0, 0, 1)
    assert [a.state for a in alerts(gaps)] == ["sent"]
    gaps.add_vacancies(3)
    worse = run(gaps)
    assert (worse.raised, worse.worse) == (0, 1)
    (alert,) = alerts(gaps)
    assert (alert.id, alert.state, alert.demand, alert.gap) == (first.id, "new", 15, 13)


def test_a_gap_that_no_longer_meets_the_rule_is_resolved_and_raised_again_when_it_returns(gaps):
    subscribe(gaps, regions=["AM18"])
    run(gaps)
    result = run(gaps, dataclasses.replace(RULE, min_gap=50))
    assert result.resolved == 1
    assert [a.state for a in alerts(gaps)] == ["resolved"]
    assert run(gaps).raised == 1
    assert [a.state for a in alerts(gaps)] == ["new"]


def test_acknowledged_alerts_return_only_when_worse_and_muted_ones_never(gaps):
    subscribe(gaps, regions=["AM18", "NL"])
    run(gaps)
    national, regional = alerts(gaps)
    with gaps.sessions.begin() as session:
        set_state(session, national.id, "acknowledged")
        set_state(session, regional.id, "muted")
        with pytest.raises(UnknownAlert):
            set_state(session, 10**9, "muted")
    assert run(gaps).raised == 0
    gaps.add_vacancies(3)
    result = run(gaps)
    assert (result.worse, result.raised) == (1, 0)
    assert [a.state for a in alerts(gaps)] == ["new", "muted"]
    assert run(gaps, dataclasses.replace(RULE, min_gap=50)).resolved == 1  # muted stays muted
    assert [a.state for a in alerts(gaps)] == ["resolved", "muted"]


def test_unsubscribing_removes_alerts_and_stops_new_ones(gaps):
    subscribe(gaps, regions=["AM18"])
    run(gaps)
    with gaps.sessions.begin() as session:
        remove_subscription(session, "Vakacademie")
    assert run(gaps).raised == 0
    with gaps.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 0


def test_the_message_is_short_dutch_with_skill_region_ratio_interval_and_example_links(gaps):
    subscribe(gaps, regions=["AM18"])
    run(gaps)
    (alert,) = alerts(gaps)
    message = alert_message(alert, "Vakacademie")
    text = message.text
    assert message.subject == "LLO Radar: tekort aan wondzorg in Groot Amsterdam"
    assert "Vaardigheid: wondzorg" in text and "Regio: Groot Amsterdam (AM18)" in text
    assert "Sector: alle sectoren" in text and "Opleidingsniveau: alle niveaus" in text
    assert "Vraag: 12 vacatures in 2026-11, vorige maand 12 (+0%)." in text
    assert "Aanbod: 2 opleidingen, waarvan 1 van u; ook van Zorgschool." in text
    low, high = (f"{value:.1f}".replace(".", ",") for value in (alert.ratio_low, alert.ratio_high))
    assert f"Verhouding: 6,0 vacatures per opleiding (95%-interval {low} tot {high})." in text
    links = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(links) == 3 and all("https://bord.example/vacature/W" in line for line in links)
    assert "Wat u kunt doen: uw aanbod telt al mee" in text
    assert len(text.splitlines()) < 25
    other = alert_message(alert, "Nieuwe Opleider")  # own offers are counted when the alert is raised
    assert other.payload["alerts"][0]["ratio_low"] == alert.ratio_low and other.payload["alerts"][0]["text"]
