"""Tests of warehouse/indicators/occupation_profile.py: each occupation's skill profile (what its jobs ask, what
the courses for it teach) checked by hand on a small warehouse with two crawls, on SQLite and PostgreSQL, and
traced back to the vacancies and offers behind each cell."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from nlp.types import OccupationMatch
from warehouse.dedupe import deduplicate
from warehouse.indicators import INDICATORS
from warehouse.indicators.occupation_profile import recompute_occupation_profile
from warehouse.indicators.trace import UnknownCell, trace_occupation_cell
from warehouse.load import load_records, register_source
from warehouse.models import OccupationResult
from warehouse.periods import parse_period

from ..records import offer, source_config, vacancy

FIRST_CRAWL = "2026-10-01T06:00:00+00:00"
SECOND_CRAWL = "2026-11-02T06:00:00+00:00"
NURSE = OccupationMatch(
    id="llo:occ:verpleegkundige", label="verpleegkundige", isco="2221", esco_uri=None, source="title"
)


def as_nurse(record, moment: str):
    record.analysis.occupation = NURSE
    record.item.fetched_at = moment
    return record


@pytest.fixture
def sessions(warehouse):
    """October: nurse job N0 in Diemen (wondzorg, valid through 20 October). November: nurse jobs N1 (Amsterdam,
    wondzorg + Excel) and N2 (Amstelveen, wondzorg), and a job V3 in Rotterdam (wondzorg) without a recognised
    occupation. Courses for nurses: C1 (wondzorg, in Amstelveen) and C2 (Excel, online), both listed from 1 October;
    C3 (Excel, online) names no occupation. ``more_nurses`` adds eight nurse jobs in Amsterdam asking for
    wondzorg."""
    sessions = warehouse
    with sessions.begin() as session:
        board = register_source(session, source_config("bord", "vacancy"))
        academy = register_source(session, source_config("academie", "offer"))
    courses = [
        as_nurse(offer("C1", "classroom", ["Amstelveen"], ["llo:wondzorg"]), FIRST_CRAWL),
        as_nurse(offer("C2", "online", [], ["llo:excel"]), FIRST_CRAWL),
        offer("C3", "online", [], ["llo:excel"]),
    ]
    courses[2].item.fetched_at = FIRST_CRAWL
    load_records(sessions, academy, courses)
    early = as_nurse(vacancy("N0", "Diemen", ["llo:wondzorg"], fetched=FIRST_CRAWL), FIRST_CRAWL)
    early.item.date_posted, early.item.valid_through = "2026-09-20", "2026-10-20"
    load_records(sessions, board, [early])
    load_records(
        sessions,
        board,
        [
            as_nurse(vacancy("N1", "Amsterdam", ["llo:wondzorg", "llo:excel"]), SECOND_CRAWL),
            as_nurse(vacancy("N2", "Amstelveen", ["llo:wondzorg"]), SECOND_CRAWL),
            vacancy("V3", "Rotterdam", ["llo:wondzorg"], fetched=SECOND_CRAWL),
        ],
    )
    with sessions.begin() as session:
        deduplicate(session)
    return sessions


def more_nurses(sessions) -> None:
    jobs = [as_nurse(vacancy(f"M{n}", "Amsterdam", ["llo:wondzorg"]), SECOND_CRAWL) for n in range(8)]
    for n, record in enumerate(jobs):  # eight different jobs, not copies of one
        record.item.employer, record.item.description = f"Zorggroep {n}", f"Wondzorg op afdeling {n}. " * (n + 1)
    with sessions.begin() as session:
        board = register_source(session, source_config("bord", "vacancy"))
    load_records(sessions, board, jobs)
    with sessions.begin() as session:
        deduplicate(session)


def compute(sessions, *labels: str) -> dict[tuple[str, str, str, str], OccupationResult]:
    with sessions.begin() as session:
        run = recompute_occupation_profile(session, [parse_period(label) for label in labels])
    with sessions() as session:
        rows = session.scalars(select(OccupationResult)).all()
    assert run.cells == len(rows) and run.indicator == "occupation_profile"
    return {(r.period, r.region_code, r.isco_code, r.skill_id): r for r in rows}


def test_profile_shares_of_an_occupations_jobs_and_of_the_courses_for_it(sessions):
    rows = compute(sessions, "2026-11")
    wondzorg, excel = rows["2026-11", "NL", "2221", "llo:wondzorg"], rows["2026-11", "NL", "2221", "llo:excel"]
    assert (wondzorg.demand, wondzorg.jobs, wondzorg.supply, wondzorg.offers) == (2, 2, 1, 2)  # V3 has no occupation
    assert (excel.demand, excel.jobs, excel.supply, excel.offers) == (1, 2, 1, 2)  # C3 is for no occupation
    assert (wondzorg.demand_share, wondzorg.supply_share, wondzorg.share_gap) == (1.0, 0.5, 0.5)
    assert wondzorg.demand_share_low < 1.0 <= wondzorg.demand_share_high
    assert wondzorg.share_gap_low < wondzorg.share_gap < wondzorg.share_gap_high
    assert excel.share_gap == 0.0 and wondzorg.small_cell and excel.small_cell
    assert {key[1:] for key in rows} == {("NL", "2221", "llo:wondzorg"), ("NL", "2221", "llo:excel")}
    # The national profile is complete; in a region only cells that can be published (demand + supply >= 10).


def test_regional_cells_are_stored_where_they_can_be_published(sessions):
    more_nurses(sessions)
    rows = compute(sessions, "2026-11")
    amsterdam = rows["2026-11", "AM18", "2221", "llo:wondzorg"]  # Amsterdam and Amstelveen: Groot Amsterdam
    assert (amsterdam.demand, amsterdam.jobs, amsterdam.supply, amsterdam.offers) == (10, 10, 1, 2)
    assert not amsterdam.small_cell and amsterdam.share_gap == 0.5
    assert ("2026-11", "AM18", "2221", "llo:excel") not in rows  # 1 job and 1 course: too small for a region
    assert rows["2026-11", "NL", "2221", "llo:excel"].small_cell
    assert not any(key[1] == "AM22" for key in rows)  # Rijnmond: no job of a recognised occupation


def test_trend_against_the_previous_observed_period(sessions):
    rows = compute(sessions, "2026-10", "2026-11")
    october, november = rows["2026-10", "NL", "2221", "llo:wondzorg"], rows["2026-11", "NL", "2221", "llo:wondzorg"]
    assert (october.demand, october.comparable, october.trend) == (1, False, None)  # September was not observed
    assert (november.demand_previous, november.comparable, november.trend) == (1, True, pytest.approx(1.0))
    assert rows["2026-11", "NL", "2221", "llo:excel"].trend is None  # no Excel demand in October: new


def test_every_occupation_cell_traces_to_its_jobs_and_courses(sessions):
    more_nurses(sessions)
    compute(sessions, "2026-10", "2026-11")
    with sessions() as session:
        cells = session.scalars(select(OccupationResult)).all()
        for cell in cells:
            trace = trace_occupation_cell(session, str(cell.key))
            assert (trace.jobs, len(trace.offers)) == (cell.demand, cell.supply), cell
        trace = trace_occupation_cell(session, "2026-11/AM18/2221/llo:wondzorg")
        with pytest.raises(UnknownCell, match="v_occupation_profile"):
            trace_occupation_cell(session, "2026-11/AM18/9999/llo:wondzorg")
    assert sorted(v.url for v in trace.vacancies)[:2] == ["https://bord.example/M0", "https://bord.example/M1"]
    assert len(trace.vacancies) == 10 and "https://bord.example/N2" in {v.url for v in trace.vacancies}
    assert [o.title for o in trace.offers] == ["C1"]


def test_the_registry_lists_the_occupation_profile_after_the_skill_gap():
    assert list(INDICATORS) == ["skill_gap", "occupation_profile"]
    assert "occupation profile of each period" in INDICATORS["occupation_profile"].description
