"""Tests of warehouse/indicators/skill_gap.py: counts checked by hand on a small warehouse."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from warehouse.db import init_warehouse, make_engine, session_maker
from warehouse.indicators import INDICATORS
from warehouse.indicators.skill_gap import compute_skill_gap, latest_period, read_gaps, store_skill_gap
from warehouse.load import load_records, register_source, sync_skills
from warehouse.models import MismatchResult

from .test_load import CONCEPTS, mention, source_config, vacancy


def offer(key: str, mode: str, places: list[str], skills: list[str]):
    from crawlers.items import CourseOfferItem
    from nlp.extract import AnalysedRecord
    from nlp.types import TextAnalysis

    item = CourseOfferItem(
        source="academie", url=f"https://academie.example/{key}", source_id=key, title=key, description="x",
        mode=mode, locations=places, fetched_at="2026-11-01T10:00:00+00:00",
    )  # fmt: skip
    analysis = TextAnalysis(skills=[mention(s, s) for s in skills])
    return AnalysedRecord(kind="offer", item=item, analysis=analysis, text_hash=key)


@pytest.fixture
def sessions(warehouse_url):
    """Vacancies posted in October: 3 ask wondzorg (2 Groot Amsterdam, 1 Rijnmond), one also asks Excel; one more
    in Diemen was open in September only.
    Offers: wondzorg in Amstelveen (located, Groot Amsterdam), Excel online twice."""
    engine = make_engine(warehouse_url)
    init_warehouse(engine)
    sessions = session_maker(engine)
    with sessions.begin() as session:
        sync_skills(session, CONCEPTS)
        board = register_source(session, source_config("bord", "vacancy"))
        academy = register_source(session, source_config("academie", "offer"))
    expired = vacancy("V4", "Diemen", ["llo:wondzorg"])
    expired.item.date_posted, expired.item.valid_through = "2026-09-01", "2026-09-30"
    load_records(
        sessions,
        board,
        [
            vacancy("V1", "Amsterdam", ["llo:wondzorg", "llo:excel"]),
            vacancy("V2", "Amstelveen", ["llo:wondzorg"]),
            vacancy("V3", "Rotterdam", ["llo:wondzorg"]),
            expired,
        ],
    )
    load_records(
        sessions,
        academy,
        [
            offer("O1", "klassikaal", ["Amstelveen"], ["llo:wondzorg"]),
            offer("O2", "online", [], ["llo:excel"]),
            offer("O3", "online", [], ["llo:excel"]),
        ],
    )
    yield sessions
    engine.dispose()


def cells(rows):
    return {(r.skill_id, r.sector_code, r.region_code): (r.demand, r.supply) for r in rows}


def test_demand_and_supply_per_cell(sessions):
    with sessions() as session:
        assert latest_period(session) == "2026-10"
        rows = cells(compute_skill_gap(session, "2026-11"))
    assert rows["llo:wondzorg", "Q", "AM18"] == (2, 1)  # V4 expired before November
    assert rows["llo:wondzorg", "*", "AM18"] == (2, 1)
    assert rows["llo:wondzorg", "Q", "AM22"] == (1, 0)
    assert rows["llo:wondzorg", "Q", "NL"] == (3, 1)
    assert rows["llo:excel", "Q", "AM18"] == (1, 2)  # online offers count in every region
    assert rows["llo:excel", "*", "AM01"] == (0, 2)  # supply without demand: all-sectors rows only
    assert ("llo:excel", "Q", "AM01") not in rows


def test_vacancies_count_only_in_the_months_they_are_open(sessions):
    with sessions() as session:
        rows = cells(compute_skill_gap(session, "2026-09"))
    assert rows["llo:wondzorg", "Q", "AM18"] == (1, 1)  # only V4; V1-V3 were posted in October
    assert ("llo:wondzorg", "Q", "AM22") not in rows


def test_recompute_replaces_the_period_and_ranks_gaps(sessions):
    for _ in range(2):
        with sessions.begin() as session:
            store_skill_gap(session, "2026-11", compute_skill_gap(session, "2026-11"))
    with sessions() as session:
        stored = session.scalar(select(func.count(MismatchResult.id)).where(MismatchResult.period == "2026-11"))
        assert stored == len(compute_skill_gap(session, "2026-11"))
        shortages = read_gaps(session, "2026-11")
        surpluses = read_gaps(session, "2026-11", surplus=True)
        national = read_gaps(session, "2026-11", national=True)
    assert [(g.skill_id, g.region_code, g.gap) for g in shortages[:2]] == [
        ("llo:wondzorg", "AM18", 1),
        ("llo:wondzorg", "AM22", 1),
    ]
    assert shortages[0].region == "Groot Amsterdam" and shortages[0].ratio == 2.0
    assert all(g.gap < 0 and g.sector_code == "*" for g in surpluses)
    assert [(g.skill_id, g.region_code, g.demand, g.supply) for g in national] == [("llo:wondzorg", "NL", 3, 1)]


def test_indicator_registry_describes_skill_gap():
    assert "skill × sector × region" in INDICATORS["skill_gap"].description
