"""Tests of warehouse/load.py: idempotent loads on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from crawlers.extraction.fields import add_field
from crawlers.items import CourseOfferItem, VacancyItem
from crawlers.loaders import LOADERS
from nlp.extract import AnalysedRecord, text_hash, text_input
from nlp.pipeline import SKILL_MATCHER, analyse
from nlp.types import TextAnalysis
from warehouse.db import init_warehouse, make_engine
from warehouse.dedupe import deduplicate
from warehouse.indicators.skill_gap import recompute_skill_gap
from warehouse.load import load_records, register_source, sync_skills
from warehouse.models import (
    MismatchResult,
    Offer,
    OfferLocation,
    OfferSkill,
    Region,
    RegionMembership,
    Sector,
    Skill,
    Vacancy,
    VacancySkill,
)
from warehouse.periods import parse_period

from ..records import mention, source_config, vacancy
from .crash import BATCH, VACANCIES, records


def count(sessions, column) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(column.table))


def test_reference_dimensions_are_loaded_once(warehouse):
    init_warehouse(warehouse.kw["bind"])  # a second start changes nothing
    with warehouse() as session:
        assert session.scalar(select(func.count()).where(Region.level == "labour_market_region")) == 35
        assert session.scalar(select(func.count()).select_from(Sector)) == 22  # A-U plus '*'
        amsterdam = set(
            session.scalars(select(RegionMembership.region_code).where(RegionMembership.gemeente_code == "GM0363"))
        )
    assert amsterdam == {"GM0363", "AM18", "PV27", "NL"}


def test_vacancy_load_is_idempotent_and_keeps_first_seen(warehouse):
    with warehouse.begin() as session:
        source_id = register_source(session, source_config("bord", "vacancy"))
    records = [
        vacancy("V1", "Amstelveen", ["llo:wondzorg", "llo:excel", "llo:wondzorg"]),
        vacancy("V2", "Atlantis", []),
    ]
    stats = load_records(warehouse, source_id, records)
    assert (stats.loaded, stats.skill_links, stats.unresolved_places) == (2, 2, 1)

    later = [vacancy("V1", "Amstelveen", ["llo:excel"], fetched="2026-11-08T10:00:00+00:00")]
    load_records(warehouse, source_id, later)
    load_records(warehouse, source_id, later)
    assert count(warehouse, Vacancy.id) == 2
    with warehouse() as session:
        v1 = session.scalars(select(Vacancy).where(Vacancy.source_key == "V1")).one()
        links = session.execute(
            select(VacancySkill.skill_id, VacancySkill.mentions).where(VacancySkill.vacancy_id == v1.id)
        ).all()
    assert links == [("llo:excel", 1)]  # links follow the latest analysis
    assert v1.first_seen.date() == dt.date(2026, 11, 1)
    assert v1.last_seen.date() == dt.date(2026, 11, 8)
    assert (v1.gemeente_code, v1.sector_code, v1.date_posted) == ("GM0362", "Q", dt.date(2026, 10, 20))


def test_offer_locations_resolve_and_repeat_in_batch_collapses(warehouse):
    with warehouse.begin() as session:
        source_id = register_source(session, source_config("academie", "offer"))
    item = CourseOfferItem(
        source="academie",
        url="https://academie.example/excel",
        source_id="C-1",
        title="Excel voor gevorderden",
        description="Je leert Excel.",
        mode="classroom",
        locations=["Utrecht", "Zeist", "Utrecht"],
        fetched_at="2026-11-01T10:00:00+00:00",
    )
    record = AnalysedRecord(
        kind="offer", item=item, analysis=TextAnalysis(skills=[mention("llo:excel", "Excel")]), text_hash="h"
    )
    load_records(warehouse, source_id, [record, record])  # the same key twice in one batch
    assert count(warehouse, Offer.id) == 1
    assert count(warehouse, OfferSkill.skill_id) == 1
    with warehouse() as session:
        assert set(session.scalars(select(OfferLocation.gemeente_code))) == {"GM0344", "GM0355"}


def test_unchanged_items_only_move_last_seen_and_missing_ones_close(warehouse):
    from warehouse.load import close_missing, known_hashes

    with warehouse.begin() as session:
        source_id = register_source(session, source_config("bord", "vacancy"))
    load_records(warehouse, source_id, [vacancy("V1", "Utrecht", ["llo:excel"]), vacancy("V2", "Utrecht", [])])
    with warehouse() as session:
        assert known_hashes(session, "vacancy", source_id) == {"V1": "V1V1V1V1", "V2": "V2V2V2V2"}

    # A second crawl sees V1 unchanged and no longer finds V2.
    seen = vacancy("V1", "Utrecht", [], fetched="2026-11-15T08:00:00+00:00")
    stats = load_records(
        warehouse, source_id, [AnalysedRecord(kind="vacancy", item=seen.item, analysis=None, text_hash="x")]
    )
    assert (stats.loaded, stats.unchanged) == (0, 1)
    crawl_started = dt.datetime(2026, 11, 15, 7, 0, tzinfo=dt.UTC)
    with warehouse.begin() as session:
        assert close_missing(session, "vacancy", source_id, crawl_started) == 1
    with warehouse() as session:
        rows = {v.source_key: v for v in session.scalars(select(Vacancy))}
        links = session.scalar(select(func.count()).select_from(VacancySkill))
    assert rows["V1"].last_seen.date() == dt.date(2026, 11, 15) and rows["V1"].closed_at is None
    assert links == 1  # the unchanged item keeps its skills
    assert rows["V2"].closed_at is not None

    # V2 comes back: it is open again.
    load_records(warehouse, source_id, [vacancy("V2", "Utrecht", [], fetched="2026-11-20T08:00:00+00:00")])
    with warehouse() as session:
        assert session.scalars(select(Vacancy.closed_at).where(Vacancy.source_key == "V2")).one() is None


@pytest.fixture
def analysing(warehouse, nlp):
    """The warehouse knowing every skill of the bundled taxonomy, as after an extract run, and the pipeline."""
    with warehouse.begin() as session:
        sync_skills(session, nlp.get_pipe(SKILL_MATCHER).concepts.values())
    return nlp


def analysed(item: VacancyItem | CourseOfferItem, nlp) -> AnalysedRecord:
    """An item as the extract stage hands it to the warehouse: with the pipeline's analysis of its text."""
    kind = "vacancy" if isinstance(item, VacancyItem) else "offer"
    analysis = next(analyse([text_input(item)], nlp))
    return AnalysedRecord(kind=kind, item=item, analysis=analysis, text_hash=text_hash(item))


def page_item(kind: str, **fields: str) -> VacancyItem | CourseOfferItem:
    """An item as a crawler's loader builds it from a page's fields (logical names, ``crawlers/extraction``)."""
    loader = LOADERS[kind]()
    for name, value in {"source": "bord", "url": "https://bord.example/1", **fields}.items():
        add_field(loader, name, value)
    return loader.load_item()


def test_the_place_the_text_names_is_used_when_the_page_gives_none_never_the_company_address(warehouse, analysing):
    with warehouse.begin() as session:
        source_id = register_source(session, source_config("bord", "vacancy"))
    description = "Wat ga je doen\nStoringen verhelpen.\nSolliciteren\nStuur je cv: Energieweg 25, 3133 EC Vlaardingen"
    items = [
        page_item("vacancy", source_id="V9", title="Servicemonteur (Enter)", description=description),
        page_item("vacancy", source_id="V10", title="Monteur", location="Amstelveen", description="Locatie: Tilburg"),
    ]
    records = [analysed(item, analysing) for item in items]
    load_records(warehouse, source_id, records)
    with warehouse() as session:
        rows = {v.source_key: (v.gemeente_code, v.location_raw) for v in session.scalars(select(Vacancy))}
    assert rows == {"V9": ("GM0189", "Enter"), "V10": ("GM0362", "Amstelveen")}  # the page's location wins


def test_a_course_without_locations_is_placed_where_its_text_says_it_is_given(warehouse, analysing):
    with warehouse.begin() as session:
        source_id = register_source(session, source_config("academie", "offer"))
    item = page_item("offer", source_id="C1", title="VCA Basis", description="De cursus wordt gegeven in Zwolle.")
    load_records(warehouse, source_id, [analysed(item, analysing)])
    with warehouse() as session:
        assert list(session.scalars(select(OfferLocation.gemeente_code))) == ["GM0193"]


@pytest.mark.parametrize("education", ["Masterclass Excel gevolgd", "Je woont in de regio Tilburg"])
def test_a_crawled_education_field_that_names_no_level_does_not_override_the_text(warehouse, analysing, education):
    with warehouse.begin() as session:
        source_id = register_source(session, source_config("bord", "vacancy"))
    item = page_item("vacancy", source_id="V1", title="Orderpicker", education=education,
                     description="Wat vragen wij?\n- Een diploma mbo niveau 2 Logistiek")  # fmt: skip
    load_records(warehouse, source_id, [analysed(item, analysing)])
    with warehouse() as session:
        assert session.scalars(select(Vacancy.education_level)).one() == "MBO 2"


def test_an_outdated_warehouse_is_a_clear_error(tmp_path):
    from sqlalchemy import text

    from warehouse.exceptions import OutdatedSchema

    engine = make_engine(f"sqlite:///{tmp_path / 'oud.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("create table sources (id integer primary key, name varchar(100))"))
    with pytest.raises(OutdatedSchema, match=r"no migration history.*remove var/warehouse.sqlite"):
        init_warehouse(engine)


def crash(url: str, step: str, count: int, prefix: str) -> None:
    """Run a load or aggregation in a process killed after the ``count``-th SQL statement starting with ``prefix``."""
    process = subprocess.run(
        [sys.executable, "-m", "tests.warehouse.crash", url, step, str(count), prefix],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr


def test_a_crash_mid_load_leaves_whole_batches_and_the_next_run_completes_it(warehouse, warehouse_url):
    sessions = warehouse
    with sessions.begin() as session:
        assert register_source(session, source_config("bord", "vacancy")) == 1

    def stored() -> tuple[int, int, int]:
        with sessions() as session:
            vacancies = session.scalar(select(func.count()).select_from(Vacancy))
            links = session.scalar(select(func.count()).select_from(VacancySkill))
            bare = session.scalar(select(func.count()).where(~Vacancy.id.in_(select(VacancySkill.vacancy_id))))
        return vacancies, links, bare

    crash(warehouse_url, "load", 3, "INSERT INTO vacancy_skills")  # in the third batch, before its commit
    assert stored() == (2 * BATCH, 2 * BATCH * 4 // 3, 0)  # two whole batches: no vacancy without its skills

    load_records(sessions, 1, records(), batch_size=BATCH)  # the next run
    complete = stored()
    assert complete[0] == VACANCIES and complete[2] == 0
    load_records(sessions, 1, records(), batch_size=BATCH)
    assert stored() == complete  # and running it again changes nothing

    with sessions.begin() as session:
        deduplicate(session)
        recompute_skill_gap(session, [parse_period("2026-11")])
    with sessions() as session:
        before = session.execute(select(MismatchResult.id, MismatchResult.demand).order_by(MismatchResult.id)).all()
    crash(warehouse_url, "aggregate", 1, "DELETE FROM mismatch_results")  # before the new cells are stored
    with sessions() as session:
        after = session.execute(select(MismatchResult.id, MismatchResult.demand).order_by(MismatchResult.id)).all()
    assert after == before and len(before) > 0  # the stored results are untouched


def test_hostile_values_are_fitted_counted_and_the_rest_of_the_source_loads(warehouse):
    """On PostgreSQL each of these values used to raise DataError and keep the whole source out, run after run."""
    with warehouse.begin() as session:
        source_id = register_source(session, source_config("bord", "vacancy"))
    hostile = vacancy("H1", "Amsterdam", ["llo:wondzorg"])
    hostile.item.title = "Kok\x00 " + "zeer " * 100  # a NUL and 500+ characters
    hostile.item.employer = "Stichting " + "Zorg " * 100
    hostile.item.source_id = "H" * 500
    hostile.item.employment_type = "FULL_TIME_" * 30
    hostile.item.salary_min, hostile.item.salary_max, hostile.item.salary_period = 1e10, float("inf"), "PER_MAAND_X"
    hostile.item.hours_min, hostile.item.date_posted = 500.0, "gisteren"
    hostile.item.description = "Wondzorg\x1b[2J en\x00 meer\nop twee regels"
    no_title = vacancy("H2", "Amsterdam", [])
    no_title.item.title = None
    records = [vacancy("V1", "Amsterdam", ["llo:wondzorg"]), hostile, no_title, vacancy("V2", "Diemen", [])]

    stats = load_records(warehouse, source_id, records)

    assert (stats.loaded, stats.refused) == (3, 1)
    assert stats.repaired == {
        "control_characters:title": 1, "cut:title": 1, "cut:employer": 1, "cut:employment_type": 1,
        "not_a_code:salary_period": 1, "out_of_range:salary_min": 1, "not_a_number:salary_max": 1,
        "out_of_range:hours_min": 1, "bad_date:date_posted": 1, "control_characters:description": 1,
        "refused:title": 1,
    }  # fmt: skip
    with warehouse() as session:
        stored = session.scalars(select(Vacancy).where(Vacancy.source_key.startswith("id:"))).one()
        assert stored.title.startswith("Kok zeer") and len(stored.title) == 300 and stored.title.endswith("…")
        assert (stored.salary_min, stored.salary_max, stored.hours_min, stored.date_posted) == (None, None, None, None)
        assert stored.description == "Wondzorg en meer\nop twee regels" and stored.salary_period is None
        assert set(session.scalars(select(Vacancy.source_key))) == {"V1", "V2", stored.source_key}
    assert load_records(warehouse, source_id, records).loaded == 3  # and again: the same keys, nothing doubled
    assert count(warehouse, Vacancy.id) == 3


def test_unlinked_terms_are_loaded_as_skills_of_their_own_and_demand_meets_supply_on_them(warehouse, analysing):
    with warehouse.begin() as session:
        vacancies = register_source(session, source_config("bord", "vacancy"))
        offers = register_source(session, source_config("school", "offer"))
    job = page_item(
        "vacancy", source_id="V1", title="Dakdekker", description="Wat ga je doen\n- Dakkapellen plaatsen\n"
    )
    course = page_item(
        "offer",
        source="school",
        source_id="C1",
        title="Cursus dakkapel",
        description="Wat leer je\n- Dakkapellen plaatsen\n",
    )
    load_records(warehouse, vacancies, [analysed(job, analysing)])
    load_records(warehouse, offers, [analysed(course, analysing)])
    load_records(warehouse, vacancies, [analysed(job, analysing)])  # a second load changes nothing
    with warehouse() as session:
        term = session.get(Skill, "term:dak kapel plaatsen")
        demand = session.scalars(select(VacancySkill.skill_id)).all()
        supply = session.scalars(select(OfferSkill.skill_id)).all()
        view = session.execute(text("SELECT skill, skill_linked FROM v_vacancy_skills")).all()
    assert term is not None and not term.linked and term.group == "term" and term.type == "skill"
    assert "term:dak kapel plaatsen" in demand and "term:dak kapel plaatsen" in supply  # the same term on both sides
    assert ("dak kapel plaatsen", False) in [(label, bool(linked)) for label, linked in view]
