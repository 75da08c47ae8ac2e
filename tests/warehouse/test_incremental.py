"""Tests of warehouse/indicators/incremental.py and warehouse/changes.py: after a weekly increment (new vacancies,
a copy of a known one, a closed job, a withdrawn offer) the aggregate recomputes only the periods and regions whose
inputs changed, leaves every other cell as it was, and ends with exactly the cells a full recompute gives; with no
change, it touches nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from nlp.types import OccupationMatch
from warehouse.dedupe import deduplicate
from warehouse.indicators.incremental import computed_periods, refresh_indicators
from warehouse.indicators.skill_gap import DEFAULT_LEVELS
from warehouse.load import close_missing, load_records, register_source
from warehouse.models import InputChange, MismatchResult, OccupationResult
from warehouse.periods import parse_period

from ..records import offer, source_config, vacancy

OCTOBER, MID_OCTOBER, INCREMENT = "2026-10-01T06:00:00+00:00", "2026-10-14T06:00:00+00:00", "2026-11-10T06:00:00+00:00"
"""Two crawls in October, computed in full; the weekly increment of Tuesday 10 November (week 46)."""
PERIODS = [parse_period(label) for label in ("2026-W44", "2026-W45", "2026-W46", "2026-10", "2026-11", "2026-Q4")]
NURSE = OccupationMatch(
    id="llo:occ:verpleegkundige", label="verpleegkundige", isco="2221", esco_uri=None, source="title"
)


def job(key: str, place: str, skills: list[str], fetched: str):
    """A nurse's job of its own employer (never a duplicate of another key's)."""
    record = vacancy(key, place, skills, fetched=fetched)
    record.item.employer, record.item.description = f"Zorggroep {key}", f"Werk {key}: wondzorg en Excel. " * len(key)
    record.analysis.occupation = NURSE
    return record


def listed(record, fetched: str):
    record.item.fetched_at = fetched
    record.analysis.occupation = NURSE
    return record


@pytest.fixture
def sessions(warehouse):
    """Jobs in Amsterdam, Eindhoven and Rotterdam (the last on a board of its own), offers in Amstelveen, online and
    in Utrecht (the last from a provider of its own), seen in October; deduplicated."""
    sessions = warehouse
    with sessions.begin() as session:
        sources = {
            name: register_source(session, source_config(name, kind))
            for name, kind in (("bord", "vacancy"), ("klein-bord", "vacancy"), ("academie", "offer"), ("hs", "offer"))
        }
    load_records(
        sessions,
        sources["academie"],
        [
            listed(offer("O1", "classroom", ["Amstelveen"], ["llo:wondzorg"]), OCTOBER),
            listed(offer("O2", "online", [], ["llo:excel"]), OCTOBER),
        ],
    )
    load_records(sessions, sources["hs"], [listed(offer("O3", "classroom", ["Utrecht"], ["llo:wondzorg"]), OCTOBER)])
    load_records(
        sessions,
        sources["bord"],
        [
            job("A1", "Amsterdam", ["llo:wondzorg", "llo:excel"], OCTOBER),
            job("E1", "Eindhoven", ["llo:wondzorg"], OCTOBER),
            job("A2", "Amsterdam", ["llo:wondzorg"], MID_OCTOBER),
        ],
    )
    load_records(sessions, sources["klein-bord"], [job("R1", "Rotterdam", ["llo:wondzorg"], MID_OCTOBER)])
    with sessions.begin() as session:
        deduplicate(session)
    sessions.sources = sources
    return sessions


def increment(sessions) -> None:
    """Week 46: new jobs in Groningen and Amsterdam, A1 again on another board (the same job), R1 gone from its
    board, O3 withdrawn by its provider; deduplicated."""
    sources = sessions.sources
    with sessions.begin() as session:
        other = register_source(session, source_config("ander-bord", "vacancy"))
    copy = job("A1", "Amsterdam", ["llo:wondzorg", "llo:excel"], INCREMENT)
    copy.item.source = "ander-bord"
    load_records(sessions, other, [copy])
    load_records(
        sessions,
        sources["bord"],
        [job("G1", "Groningen", ["llo:wondzorg"], INCREMENT), job("A3", "Amsterdam", ["llo:excel"], INCREMENT)],
    )
    crawled = dt.datetime.fromisoformat(INCREMENT)
    with sessions.begin() as session:
        close_missing(session, "vacancy", sources["klein-bord"], crawled)
        close_missing(session, "offer", sources["hs"], crawled)
        deduplicate(session)


def refresh(sessions, *, full: bool = False) -> dict[str, tuple[str, ...]]:
    """Aggregate PERIODS; returns the periods each indicator recomputed."""
    with sessions.begin() as session:
        runs = refresh_indicators(session, PERIODS, DEFAULT_LEVELS, full=full)
    return {run.indicator: run.periods for run in runs}


def cells(sessions) -> dict[tuple, dict]:
    """Every stored cell of both indicators by its key, with all its columns."""
    found = {}
    with sessions() as session:
        for model in (MismatchResult, OccupationResult):
            for row in session.scalars(select(model)):
                columns = {column.name: getattr(row, column.name) for column in model.__table__.columns}
                found[model.__tablename__, *row.key] = columns
    return found


def figures(stored: dict[tuple, dict]) -> dict[tuple, dict]:
    """The cells without their row id and computing time."""
    return {key: {k: v for k, v in row.items() if k not in ("id", "computed_at")} for key, row in stored.items()}


def test_an_increment_recomputes_only_what_changed_and_gives_the_cells_of_a_full_recompute(sessions):
    assert refresh(sessions) == {name: tuple(p.label for p in PERIODS) for name in ("skill_gap", "occupation_profile")}
    before = cells(sessions)
    increment(sessions)

    recomputed = refresh(sessions)

    # Week 46 and the month and quarter holding it changed; weeks 44 and 45 and October ended before.
    assert recomputed == {name: ("2026-W46", "2026-11", "2026-Q4") for name in ("skill_gap", "occupation_profile")}
    after = cells(sessions)
    untouched = [key for key in before if key[1] in ("2026-W44", "2026-W45", "2026-10")]
    assert untouched and all(after[key] == before[key] for key in untouched)
    # Eindhoven (AM28: Zuidoost-Brabant, PV30: Noord-Brabant) saw no change: its November cells keep their rows.
    brabant = [key for key in before if key[1] == "2026-11" and key[2] in ("AM28", "PV30")]
    assert brabant and all(after[key] == before[key] for key in brabant)
    assert ("mismatch_results", "2026-11", "AM01", "*", "*", "llo:wondzorg") in after  # Groningen's new job
    assert after["mismatch_results", "2026-11", "AM22", "*", "*", "llo:wondzorg"]["closed"] == 1  # R1 closed

    with sessions.begin() as session:
        assert computed_periods(session) == sorted(PERIODS)
    refresh(sessions, full=True)
    assert figures(cells(sessions)) == figures(after)


def test_an_aggregate_without_changed_inputs_touches_nothing(sessions):
    refresh(sessions)
    increment(sessions)
    refresh(sessions)
    before = cells(sessions)
    with sessions.begin() as session:
        deduplicate(session)  # the same jobs again: nothing to log

    assert refresh(sessions) == {"skill_gap": (), "occupation_profile": ()}
    assert cells(sessions) == before
    with sessions() as session:
        assert session.scalars(select(InputChange)).all() == []  # every period took the log in: it is emptied


def test_a_full_recompute_rewrites_every_cell(sessions):
    refresh(sessions)
    before = cells(sessions)

    assert refresh(sessions, full=True)["skill_gap"] == tuple(p.label for p in PERIODS)
    assert figures(cells(sessions)) == figures(before)


def test_cells_appear_disappear_and_change_shares_alone_as_in_a_full_recompute(sessions):
    """Rotterdam's only job closes in week 45, an Amsterdam job turns out to be in Eindhoven at MBO 4 (re-analysed)
    and Eindhoven gets its first job asking for Excel: cells appear and disappear, and a cell whose own counts did
    not change gets the new job total and shares; all as a full recompute gives them (the cases a maintenance by
    differences can get wrong)."""
    refresh(sessions)
    before = cells(sessions)
    sources = sessions.sources
    moved = job("A2", "Amsterdam", ["llo:wondzorg"], MID_OCTOBER)
    moved.item.place, moved.item.education_level = "Eindhoven", "MBO 4"
    load_records(sessions, sources["bord"], [moved, job("E2", "Eindhoven", ["llo:excel"], INCREMENT)])
    with sessions.begin() as session:
        close_missing(session, "vacancy", sources["klein-bord"], dt.datetime(2026, 11, 3, 6, tzinfo=dt.UTC))
        deduplicate(session)

    assert refresh(sessions)["skill_gap"] == tuple(p.label for p in PERIODS)  # A2 counts since mid-October
    after = cells(sessions)

    def gap(period: str, region: str, skill: str, level: str = "*") -> tuple:
        return ("mismatch_results", period, region, "*", level, skill)

    # Rotterdam (AM22) lost its only job before week 46 began; in week 45 it still counts, as closed.
    assert gap("2026-W46", "AM22", "llo:wondzorg") in before
    assert not [key for key in after if key[1] == "2026-W46" and key[2] == "AM22"]
    assert after[gap("2026-W45", "AM22", "llo:wondzorg")]["closed"] == 1
    # A2 moved: Eindhoven (AM28) has it at MBO 4, and Excel for the first time.
    assert gap("2026-11", "AM28", "llo:wondzorg", "MBO 4") not in before
    assert after[gap("2026-11", "AM28", "llo:wondzorg", "MBO 4")]["demand"] == 1
    assert gap("2026-11", "AM28", "llo:excel") not in before and after[gap("2026-11", "AM28", "llo:excel")]["demand"]
    # Amsterdam's (AM18) Excel cell: the same jobs ask for it, but Amsterdam has fewer jobs, so a larger share.
    excel = gap("2026-11", "AM18", "llo:excel")
    assert (after[excel]["demand"], after[excel]["supply"]) == (before[excel]["demand"], before[excel]["supply"])
    assert (before[excel]["jobs"], after[excel]["jobs"]) == (2, 1)
    assert after[excel]["demand_share"] > before[excel]["demand_share"]

    refresh(sessions, full=True)
    assert figures(cells(sessions)) == figures(after)
