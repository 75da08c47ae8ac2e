"""Shared fixtures: demo sites on 127.0.0.1, one demo crawl, warehouses on SQLite and PostgreSQL.

The clock is pinned for the whole session (``LLO_RADAR_NOW``, default ``DEFAULT_NOW``), so no test depends on the
day it runs; ``make test`` runs the date-sensitive tests (marker ``dates``) again pinned to a year's end in ISO
week 53, a new year and a leap day.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from core import clock
from crawlers.runner import crawl_sources
from crawlers.sources import DEMO_SOURCES, load_sources
from llo_radar.demo.server import DemoSites
from llo_radar.demo.sites import load_content
from llo_radar.demo.timeline import courses_on, vacancies_on
from nlp.pipeline import default_pipeline
from tests.postgres import ThrowawayPostgres, find_pg_bin
from tests.records import CONCEPTS
from warehouse.db import init_warehouse, make_engine, session_maker
from warehouse.load import sync_skills
from warehouse.models import Base
from warehouse.views import VIEWS

DEFAULT_NOW = "2026-11-30T08:00:00+00:00"
os.environ.setdefault(clock.NOW_VARIABLE, DEFAULT_NOW)

DEMO_ITEMS = {
    source: len(online(load_content(content), clock.today(), 0))
    for source, content, online in (
        ("werkradar", "board_a_vacancies", vacancies_on),
        ("vakmensen-online", "site_b_vacancies", vacancies_on),
        ("vakacademie", "provider_c_courses", courses_on),
        ("rivierland-contractonderwijs", "provider_d_courses", courses_on),
    )
}
"""Items each demo source publishes today: what a complete crawl of it finds."""
REFDATA = Path(os.environ.get("LLO_RADAR_REFDATA", Path(__file__).resolve().parents[2] / "shared" / "refdata"))
"""Authoritative reference data (ESCO, CBS), read in place: ../shared/refdata beside the clone by default."""


@pytest.fixture(scope="session")
def demo_sites() -> Iterator[DemoSites]:
    """The bundled demo websites as they are today, served for the whole test session; their URLs are in the
    environment."""
    with DemoSites() as sites:
        yield sites


@pytest.fixture(scope="session")
def demo_crawl(demo_sites: DemoSites, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One crawl of all demo sources; returns the run folder."""
    out_dir = tmp_path_factory.mktemp("demo-crawl")
    names = [source.name for source in load_sources(DEMO_SOURCES).sources]
    outcomes = crawl_sources(DEMO_SOURCES, names, out_dir)
    assert all(o.status == "finished" for o in outcomes), [(o.source, o.problem) for o in outcomes]
    return out_dir


@pytest.fixture(scope="session")
def nlp():
    """The default analysis pipeline, built once."""
    return default_pipeline()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server started for this session."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        pytest.skip("PostgreSQL server binaries not found; `make test` installs Debian's postgresql package")
    server = ThrowawayPostgres(pg_bin)
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty warehouse URL, once on a SQLite file and once on the throwaway PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
        return
    url = request.getfixturevalue("postgres_server")
    yield url
    engine = make_engine(url)
    with engine.begin() as connection:  # leave the shared server empty for the next test
        for view in VIEWS:
            connection.execute(text(f"drop view if exists {view}"))
        Base.metadata.drop_all(connection)
        connection.execute(text("drop table if exists alembic_version"))
    engine.dispose()


@pytest.fixture
def warehouse(warehouse_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a new warehouse: schema, reference data and the test skills (``tests.records.CONCEPTS``)."""
    engine = make_engine(warehouse_url)
    init_warehouse(engine)
    sessions = session_maker(engine)
    with sessions.begin() as session:
        sync_skills(session, CONCEPTS)
    yield sessions
    engine.dispose()
