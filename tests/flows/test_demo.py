"""The demo's main job: weeks of history on the demo sites (the clock pinned to each crawl day), whose figures an
analyst and an opleider would act on: trends against an observed month, closed jobs with open durations, alerts
raised, raised again when worse and resolved, zero-supply shortages reaching the subscriber."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from cli.demo import run_demo
from core import clock
from llo_radar.demo.timeline import CRAWL_DAYS
from llo_radar.settings import Settings
from warehouse.db import make_engine, session_maker
from warehouse.models import Alert, Job, MismatchResult
from warehouse.periods import period_of


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    settings = Settings.overridden(data_dir=tmp_path_factory.mktemp("demo"))
    result = run_demo(settings)
    engine = make_engine(settings.warehouse_url)
    yield result, session_maker(engine)
    engine.dispose()


@pytest.mark.dates
def test_the_demo_crawls_its_sites_over_weeks_up_to_today(demo):
    result, _ = demo
    today = clock.today()
    assert [moment.date() for moment, _ in result.runs] == [today + dt.timedelta(days=day) for day in CRAWL_DAYS]
    vacancies = [run.report.vacancies for _, run in result.runs]
    assert vacancies == sorted(vacancies) and vacancies[0] < vacancies[-1]  # the boards grew over the weeks
    assert sum(load.closed for _, run in result.runs for load in run.loads) > 10  # jobs filled, courses withdrawn
    assert result.last.report.period == period_of(today, "month").label


@pytest.mark.dates
def test_this_months_trends_compare_with_an_observed_month(demo):
    _, sessions = demo
    month = period_of(clock.today(), "month").label
    with sessions() as session:
        national = session.scalars(
            select(MismatchResult).filter_by(period=month, region_code="NL", sector_code="*", education_level="*")
        ).all()
    assert national and all(cell.comparable for cell in national)
    trends = {cell.trend for cell in national if cell.demand >= 10}
    assert None not in trends and len(trends) > 3  # real, varied trends: not +0% everywhere


@pytest.mark.dates
def test_closed_jobs_have_open_durations(demo):
    _, sessions = demo
    with sessions() as session:
        closed_jobs = session.scalar(select(func.count()).where(Job.closed_at.is_not(None)))
        durations = session.scalars(
            select(MismatchResult.open_days_mean).where(MismatchResult.open_days_mean.is_not(None))
        ).all()
    assert closed_jobs > 10
    assert durations and all(days > 0 for days in durations)


@pytest.mark.dates
def test_alerts_are_raised_raised_again_when_worse_and_resolved(demo):
    result, _ = demo
    evaluations = [run.alerts[0] for _, run in result.runs]
    assert sum(e.raised for e in evaluations) > 5
    assert sum(e.worse for e in evaluations) > 0
    assert sum(e.resolved for e in evaluations) > 0
    assert result.received or result.last.alerts[0].unchanged  # today's run sent news, or had nothing new


@pytest.mark.dates
def test_shortages_nobody_teaches_reach_the_subscriber_nationally_and_per_region(demo):
    _, sessions = demo
    with sessions() as session:
        unsupplied = session.execute(select(Alert.skill, Alert.region_code).where(Alert.supply == 0)).all()
    regions = {region for _, region in unsupplied}
    assert "NL" in regions and regions & {"AM18", "AM22", "AM28"}
    assert ("NEN 1010", "NL") in unsupplied


@pytest.mark.dates
def test_the_factsheets_duiding_follows_its_rules_on_the_demo(demo):
    from llo_radar.demo import SAMPLE_SUBSCRIPTION
    from llo_radar.factsheets.duiding import load_duiding
    from llo_radar.factsheets.factsheet import gap_figures, provider_factsheet, region_factsheet

    result, sessions = demo
    duiding = load_duiding()
    with sessions() as session:
        sheets = [region_factsheet(session, code, duiding) for code in ("NL", "AM18", "AM22")]
        sheets.append(provider_factsheet(session, result.subscriber, duiding))
    assert result.subscriber in SAMPLE_SUBSCRIPTION.read_text(encoding="utf-8")
    written = set()
    for sheet in sheets:
        assert sheet.summary and sheet.shortages, sheet.subject
        for item in [*sheet.shortages, *sheet.surpluses]:
            line, figures = item.line, gap_figures(item.line)
            assert item.evidence and item.actions, line.cell_id
            # Each sentence is the first rule of its topic whose condition holds for this gap.
            assert [s.rule for s in item.evidence] == [s.rule for s in duiding.evidence(figures)]
            assert all("{{" not in s.text and "None" not in s.text for s in [*item.evidence, *item.actions])
            rules = {s.rule: s.text for s in item.evidence}
            if line.supply == 0:
                assert f"leert {line.skill}, terwijl {line.demand} vacature" in rules["geen-aanbod"]
            elif line.gap > 0:
                assert rules["meer-vraag"].startswith(f"{line.demand} vacature")
            if not line.comparable:
                assert "geen-vergelijking" in rules
            written |= {s.rule for s in [*item.evidence, *item.actions]}
    # The demo's history exercises the rules an analyst meets most: shortages nobody teaches, sure and
    # uncertain shortages, surpluses, growing demand, and the opleider's own offers.
    assert {"geen-aanbod", "meer-vraag", "meer-aanbod", "zeker-tekort", "groeit", "regio-geen-aanbod"} <= written
    assert {"opleider-nieuw-leeg", "opleider-uitbreiden"} & written
