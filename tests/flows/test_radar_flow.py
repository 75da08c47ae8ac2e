"""End-to-end test of the main job: the demo flow on SQLite and on PostgreSQL, run twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core import clock
from crawlers.sources import DEMO_SOURCES
from flows.radar import radar_flow
from llo_radar import jobs
from llo_radar.settings import Settings
from warehouse.db import make_engine
from warehouse.models import CrawlRun, MismatchResult, Offer, OfferSkill, Vacancy, VacancySkill
from warehouse.periods import PERIOD_KINDS, period_of

COUNTED = (Vacancy, Offer, VacancySkill, OfferSkill, MismatchResult, CrawlRun)


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        result = {m.__tablename__: connection.scalar(select(func.count()).select_from(m)) for m in COUNTED}
    engine.dispose()
    return result


@pytest.mark.dates
def test_demo_flow_fills_the_warehouse_and_reruns_without_duplicates(demo_sites, warehouse_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LLO_RADAR_DATABASE_URL", warehouse_url)  # the flows read the warehouse from the environment
    jobs.upgrade_warehouse(Settings())
    run = radar_flow(data_dir=str(tmp_path), sources_file=str(DEMO_SOURCES))
    first = counts(warehouse_url)
    assert first["vacancies"] >= 60
    assert first["offers"] >= 30
    assert first["vacancy_skills"] >= 5 * first["vacancies"]
    assert first["offer_skills"] >= 3 * first["offers"]
    assert first["crawl_runs"] == 4
    assert all(outcome.status == "finished" for outcome in run.crawl.crawls)
    assert (run.crawl.folder / "werkradar.jsonl").exists()  # raw items are kept
    today = tuple(period_of(clock.today(), kind).label for kind in PERIOD_KINDS)  # of the crawl's day
    assert run.aggregate[0].periods == today and run.report.period == today[1]
    assert run.dedupe.vacancies == first["vacancies"]

    html = run.report_path.read_text(encoding="utf-8")
    assert "Grootste tekorten in Nederland" in html
    shortages = {line.skill for line in run.report.national_shortages}
    assert {"NEN 1010", "dementiezorg"} <= shortages  # asked for, taught by no demo provider
    assert all(line.supply == 0 for line in run.report.national_shortages if line.skill in {"NEN 1010", "dementiezorg"})
    assert "Adobe Photoshop" in {line.skill for line in run.report.national_surpluses}  # taught, hardly asked
    assert {line.region for line in run.report.shortages} >= {"Groot Amsterdam", "Rijnmond"}
    published = [*run.report.national_shortages, *run.report.national_surpluses, *run.report.shortages]
    assert not any(line.small_cell for line in published)
    assert run.report.small_cells < run.report.cells

    radar_flow(data_dir=str(tmp_path), sources_file=str(DEMO_SOURCES))
    second = counts(warehouse_url)
    assert second == {**first, "crawl_runs": 8}  # nothing duplicated; only the new crawl runs are added
