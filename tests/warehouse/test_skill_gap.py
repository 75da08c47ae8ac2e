"""Tests of warehouse/indicators: the skill gap cells checked by hand on a small warehouse with two crawls, on
SQLite and PostgreSQL, and traced back to the vacancies and offers behind them."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from sqlalchemy import func, select, update

from warehouse.db import init_warehouse
from warehouse.dedupe import deduplicate
from warehouse.indicators import INDICATORS
from warehouse.indicators.gaps import all_periods, latest_periods, read_gaps, stored_periods
from warehouse.indicators.intervals import Z95
from warehouse.indicators.skill_gap import DEFAULT_LEVELS, recompute_skill_gap
from warehouse.indicators.trace import UnknownCell, trace_cell
from warehouse.load import close_missing, load_records, register_source
from warehouse.models import MismatchResult, Vacancy
from warehouse.models.mismatch import CellKey
from warehouse.periods import parse_period

from ..records import offer, source_config, vacancy

FIRST_CRAWL = "2026-10-01T06:00:00+00:00"
"""Thursday 1 October: crawling of both kinds starts, so October is observed from its start, September not."""
SECOND_CRAWL = "2026-11-02T06:00:00+00:00"


def leveled(record, level: str | None):
    record.analysis.education_level = level
    return record


def seen(record, moment: str):
    record.item.fetched_at = moment
    return record


@pytest.fixture
def sessions(warehouse):
    """Two crawls. The first (1 October) sees V4 (Diemen, wondzorg, valid through 15 October) and the offers O1
    (wondzorg in Amstelveen, MBO 4), O2 and O3 (Excel, online, no level). The second (2 November) no longer finds
    V4 and sees, all posted 20 October in sector Q: V1 (Amsterdam, wondzorg + Excel, MBO 4), V2 (Amstelveen,
    wondzorg, MBO 4), V3 (Rotterdam, wondzorg, HBO), and V1's text on another board (V1b, a duplicate)."""
    sessions = warehouse
    with sessions.begin() as session:
        board = register_source(session, source_config("bord", "vacancy"))
        other_board = register_source(session, source_config("ander-bord", "vacancy"))
        academy = register_source(session, source_config("academie", "offer"))
    offers = [
        leveled(offer("O1", "classroom", ["Amstelveen"], ["llo:wondzorg"]), None),
        offer("O2", "online", [], ["llo:excel"]),
        offer("O3", "online", [], ["llo:excel"]),
    ]
    offers[0].item.level = "MBO 4"
    expiring = vacancy("V4", "Diemen", ["llo:wondzorg"], fetched=FIRST_CRAWL)
    expiring.item.date_posted, expiring.item.valid_through = "2026-09-20", "2026-10-15"
    load_records(sessions, board, [expiring])
    load_records(sessions, academy, [seen(record, FIRST_CRAWL) for record in offers])
    load_records(
        sessions,
        board,
        [
            leveled(vacancy("V1", "Amsterdam", ["llo:wondzorg", "llo:excel"], fetched=SECOND_CRAWL), "MBO 4"),
            leveled(vacancy("V2", "Amstelveen", ["llo:wondzorg"], fetched=SECOND_CRAWL), "MBO 4"),
            leveled(vacancy("V3", "Rotterdam", ["llo:wondzorg"], fetched=SECOND_CRAWL), "HBO"),
        ],
    )
    copy = leveled(vacancy("V1", "Amsterdam", ["llo:wondzorg", "llo:excel"], fetched=SECOND_CRAWL), "MBO 4")
    copy.item.source = "ander-bord"
    load_records(sessions, other_board, [copy])
    load_records(sessions, academy, [seen(record, SECOND_CRAWL) for record in offers])
    with sessions.begin() as session:
        close_missing(session, "vacancy", board, dt.datetime.fromisoformat(SECOND_CRAWL))
        deduplicate(session)
    return sessions


def compute(sessions, *labels: str, levels=DEFAULT_LEVELS) -> dict[tuple[str, ...], MismatchResult]:
    with sessions.begin() as session:
        recompute_skill_gap(session, [parse_period(label) for label in labels], levels)
    with sessions() as session:
        rows = session.scalars(select(MismatchResult)).all()
    return {(r.period, r.skill_id, r.region_code, r.sector_code, r.education_level): r for r in rows}


def counts(rows, period: str) -> dict[tuple[str, str, str, str], tuple[int, int]]:
    return {key[1:]: (row.demand, row.supply) for key, row in rows.items() if key[0] == period}


def test_demand_counts_unique_jobs_and_supply_counts_offers_available_in_the_region(sessions):
    rows = counts(compute(sessions, "2026-11"), "2026-11")
    assert rows["llo:wondzorg", "AM18", "Q", "*"] == (2, 1)  # V1 and its copy count once; V4 expired
    assert rows["llo:wondzorg", "AM18", "*", "*"] == (2, 1)
    assert rows["llo:wondzorg", "AM22", "Q", "*"] == (1, 0)
    assert rows["llo:wondzorg", "PV27", "*", "*"] == (2, 1)  # Noord-Holland
    assert rows["llo:wondzorg", "NL", "Q", "*"] == (3, 1)
    assert rows["llo:excel", "AM18", "Q", "*"] == (1, 2)  # online offers count in every region
    assert rows["llo:excel", "NL", "*", "*"] == (1, 2)
    assert ("llo:excel", "AM01", "*", "*") not in rows  # online offers alone add no regional rows


def test_level_rows_compare_jobs_with_the_offers_that_meet_their_level(sessions):
    rows = counts(compute(sessions, "2026-11"), "2026-11")
    assert rows["llo:wondzorg", "NL", "*", "MBO 4"] == (2, 1)  # O1 is an MBO 4 course
    assert rows["llo:wondzorg", "NL", "*", "HBO"] == (1, 0)  # ... which does not meet an HBO job
    assert rows["llo:excel", "NL", "*", "MBO 4"] == (1, 2)  # offers without a level are open to every level
    assert ("llo:wondzorg", "NL", "Q", "MBO 4") not in rows  # sector × level only where it can be published


def test_sector_by_level_cells_exist_where_they_can_be_published(sessions):
    more = [leveled(vacancy(f"W{n}", "Amsterdam", ["llo:wondzorg"], fetched=SECOND_CRAWL), "MBO 4") for n in range(8)]
    for n, record in enumerate(more):  # eight different jobs, not copies of one
        record.item.employer, record.item.description = f"Zorggroep {n}", f"Wondzorg op afdeling {n}. " * (n + 1)
    with sessions.begin() as session:
        board = register_source(session, source_config("bord", "vacancy"))
    load_records(sessions, board, more)
    with sessions.begin() as session:
        deduplicate(session)
    rows = compute(sessions, "2026-11")
    cell = rows["2026-11", "llo:wondzorg", "NL", "Q", "MBO 4"]
    assert (cell.demand, cell.supply, cell.jobs, cell.small_cell) == (10, 1, 10, False)
    assert ("2026-11", "llo:wondzorg", "NL", "Q", "HBO") not in rows  # 1 job: too small to publish, not stored


def test_jobs_and_offers_count_from_when_a_crawl_saw_them(sessions):
    rows = compute(sessions, "2026-10", "2026-W41", "2026-W43", "2026-Q3", "2026-11")
    october = counts(rows, "2026-10")
    # V1-V3 say they were posted on 20 October, but no crawl saw them before November: demand and supply both
    # count what was observed.
    assert october["llo:wondzorg", "NL", "Q", "*"] == (1, 1)  # V4, and O1 seen on 1 October
    assert counts(rows, "2026-W41")["llo:wondzorg", "NL", "Q", "*"] == (1, 1)
    assert counts(rows, "2026-W43")["llo:wondzorg", "NL", "*", "*"] == (0, 1)  # V4 valid through 15 October
    assert counts(rows, "2026-Q3") == {}  # nothing was observed before October
    assert counts(rows, "2026-11")["llo:wondzorg", "AM22", "Q", "*"] == (1, 0)
    assert ("llo:wondzorg", "GM0384", "Q", "*") not in counts(rows, "2026-11")  # V4 closed by its own date
    assert {row.period_kind for row in rows.values()} == {"month", "week"}


def test_trend_only_against_a_previous_period_observed_from_its_start(sessions):
    rows = compute(sessions, "2026-11", "2026-10")
    november = rows["2026-11", "llo:wondzorg", "NL", "Q", "*"]
    assert (november.demand, november.demand_previous, november.comparable) == (3, 1, True)
    assert november.trend == pytest.approx(2.0)
    new = rows["2026-11", "llo:excel", "NL", "Q", "*"]
    assert (new.demand_previous, new.comparable, new.trend) == (0, True, None)  # nothing before: new
    october = rows["2026-10", "llo:wondzorg", "NL", "Q", "*"]
    assert (october.comparable, october.trend) == (False, None)  # September was not observed: no comparison


def wilson(x: int, n: int) -> tuple[float, float]:
    centre = (x + Z95**2 / 2) / (n + Z95**2)
    half = Z95 / (n + Z95**2) * math.sqrt(x * (n - x) / n + Z95**2 / 4)
    return centre - half, centre + half


def test_ratio_shares_and_their_intervals(sessions):
    cell = compute(sessions, "2026-11")["2026-11", "llo:wondzorg", "AM18", "*", "*"]
    assert (cell.demand, cell.supply, cell.jobs, cell.offers) == (2, 1, 2, 3)
    assert cell.ratio == 2.0 and cell.gap == 1
    low, high = wilson(2, 3)
    assert cell.ratio_low == pytest.approx(low / (1 - low))
    assert cell.ratio_high == pytest.approx(high / (1 - high))
    assert cell.ratio_low < cell.ratio < cell.ratio_high
    assert (cell.demand_share, cell.supply_share) == (pytest.approx(1.0), pytest.approx(1 / 3))
    assert cell.share_gap == pytest.approx(2 / 3)
    assert cell.share_gap_low < cell.share_gap < cell.share_gap_high
    (d_low, _), (_, s_high) = wilson(2, 2), wilson(1, 3)
    assert cell.share_gap_low == pytest.approx(2 / 3 - math.hypot(1 - d_low, s_high - 1 / 3))


def test_no_supply_still_gives_the_ratio_a_lower_bound(sessions):
    cell = compute(sessions, "2026-11")["2026-11", "llo:wondzorg", "AM22", "Q", "*"]
    assert (cell.demand, cell.supply, cell.ratio, cell.ratio_high) == (1, 0, None, None)
    low, _ = wilson(1, 1)
    assert cell.ratio_low == pytest.approx(low / (1 - low)) == pytest.approx(1 / Z95**2)


def test_small_cells_are_flagged_and_left_out_of_published_gaps(sessions):
    compute(sessions, "2026-11")
    with sessions() as session:
        assert read_gaps(session, "2026-11", region="NL") == []  # every cell here rests on < 10 units
        unpublished = read_gaps(session, "2026-11", region="NL", small="keep")
    assert [(g.skill_id, g.demand, g.supply, g.small_cell) for g in unpublished] == [("llo:wondzorg", 3, 1, True)]
    assert unpublished[0].cell_id == "2026-11/NL/*/*/llo:wondzorg"


def test_open_duration_of_jobs_closed_in_the_period(sessions):
    seen_at, closed = dt.datetime(2026, 11, 2, tzinfo=dt.UTC), dt.datetime(2026, 11, 12, tzinfo=dt.UTC)
    with sessions.begin() as session:
        session.execute(
            update(Vacancy).where(Vacancy.source_key.in_(["V2", "V3"])).values(first_seen=seen_at, closed_at=closed)
        )
        deduplicate(session)
    rows = compute(sessions, "2026-11")
    national = rows["2026-11", "llo:wondzorg", "NL", "*", "*"]
    assert (national.closed, national.open_days_mean) == (2, pytest.approx(10.0))
    assert rows["2026-11", "llo:excel", "NL", "*", "*"].open_days_mean is None


def test_recompute_replaces_a_period_exactly_and_keeps_each_cell_id(sessions):
    first = compute(sessions, "2026-11")
    with sessions() as session:
        cited = str(session.scalars(select(MismatchResult).filter_by(region_code="AM18")).first().key)
    again = compute(sessions, "2026-11")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MismatchResult)) == len(again)  # one row per cell
        assert str(trace_cell(session, cited).cell.key) == cited  # a saved id still works after the recompute
    assert {key: (r.demand, r.supply, r.ratio_low) for key, r in first.items()} == {
        key: (r.demand, r.supply, r.ratio_low) for key, r in again.items()
    }


def test_any_region_level_and_configured_groupings(sessions, tmp_path):
    groupings = tmp_path / "groupings.yaml"
    groupings.write_text(
        "groupings:\n  - {code: RG-TWEESTEDEN, name: Amsterdam en Rotterdam, level: stedenband,"
        " gemeenten: [Amsterdam, GM0599]}\n",
        encoding="utf-8",
    )
    init_warehouse(sessions.kw["bind"], groupings)
    rows = counts(compute(sessions, "2026-11", levels=["municipality", "stedenband"]), "2026-11")
    assert rows["llo:wondzorg", "GM0363", "Q", "*"] == (1, 0)  # Amsterdam
    assert rows["llo:wondzorg", "GM0362", "Q", "*"] == (1, 1)  # Amstelveen, where O1 is given
    assert rows["llo:wondzorg", "RG-TWEESTEDEN", "Q", "*"] == (2, 0)  # V1 in Amsterdam, V3 in Rotterdam
    assert rows["llo:excel", "RG-TWEESTEDEN", "Q", "*"] == (1, 2)
    assert not any(key[1].startswith(("AM", "PV", "NL")) for key in rows)


def test_default_periods_are_those_of_the_latest_observation(sessions):
    with sessions() as session:
        assert {p.label for p in latest_periods(session)} == {"2026-W45", "2026-11", "2026-Q4"}  # crawl of 2 Nov
        assert [p.label for p in all_periods(session, "month")] == ["2026-10", "2026-11"]


def test_stored_periods_and_filtered_readings(sessions):
    compute(sessions, "2026-11", "2026-W45", "2026-10")
    with sessions() as session:
        assert [p.label for p in stored_periods(session)] == ["2026-10", "2026-11", "2026-W45"]  # by first day
        assert [p.label for p in stored_periods(session, "month")] == ["2026-10", "2026-11"]
        cells = read_gaps(session, ["2026-10", "2026-11"], region="NL", skill="llo:wondzorg", direction=None,
                          small="suppress", limit=None)  # fmt: skip
        assert [(line.period, line.demand, line.suppressed) for line in cells] == [
            ("2026-10", None, True), ("2026-11", None, True),
        ]  # fmt: skip
        assert cells[1].jobs == 3 and cells[1].cell_id == "2026-11/NL/*/*/llo:wondzorg"  # totals stay
        kept = read_gaps(session, "2026-11", region_level="labour_market_region", sector=None, small="keep")
        assert [(line.region_code, line.sector_code, line.demand) for line in kept] == [
            ("AM18", "Q", 2),
            ("AM22", "Q", 1),
        ]
        assert read_gaps(session, "2026-11", region="NL", small="keep", skill_group="office") == []
        assert read_gaps(session, "2026-11", region="NL", small="keep", linked=False) == []


def test_every_cell_traces_to_the_jobs_and_offers_behind_it(sessions):
    compute(sessions, "2026-11", "2026-10")
    with sessions() as session:
        cells = session.scalars(select(MismatchResult)).all()
        assert cells
        for cell in cells:
            trace = trace_cell(session, str(cell.key))
            assert (trace.jobs, len(trace.offers)) == (cell.demand, cell.supply), cell
        trace = trace_cell(session, CellKey("2026-11", "AM18", "*", "*", "llo:wondzorg"))
        for unknown in ("2026-11/AM18/*/*/llo:onbekend", "2026-11/AM18", "12"):
            with pytest.raises(UnknownCell):
                trace_cell(session, unknown)
    assert sorted(v.url for v in trace.vacancies) == [
        "https://bord.example/V1", "https://bord.example/V1", "https://bord.example/V2",
    ]  # fmt: skip
    assert [v.duplicate_reason for v in trace.vacancies].count(None) == 2
    assert [o.title for o in trace.offers] == ["O1"]


def test_indicator_registry_describes_skill_gap():
    assert "skill gap of each period" in INDICATORS["skill_gap"].description
