"""Tests of llo_radar/dashboard in Debian's Chromium: every page loads on a demo-like warehouse, the map leads to a
region, a gap to its evidence and the source pages, filters narrow what is shown, small cells are suppressed,
"geen vergelijking" is said where the previous period was not observed, and scraped text is shown, never run.
What a page shows is checked against the warehouse."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from warehouse.indicators.trace import trace_cell

from .demo_like import HOSTILE_EMPLOYER, HOSTILE_TITLE

INSIDE = """path => {
  const box = path.getBBox(), point = path.ownerSVGElement.createSVGPoint();
  for (let i = 1; i < 30; i++) for (let j = 1; j < 30; j++) {
    point.x = box.x + box.width * i / 30;
    point.y = box.y + box.height * j / 30;
    if (path.isPointInFill(point)) {
      const screen = point.matrixTransform(path.getScreenCTM());
      return [screen.x, screen.y];
    }
  }
}"""
"""Viewport coordinates of a point inside an SVG path."""


def click_inside(page, shape) -> None:
    """Click a chart's shape as a reader would: plotly.js finds what lies under the pointer itself (its drag layer
    covers the shapes), so the pointer goes to a point inside the shape's outline."""
    shape.scroll_into_view_if_needed()
    page.mouse.click(*shape.evaluate(INSIDE))


PAGES = [
    "/",
    "/?metric=jobs&sector=Q",
    "/?occupation=2221",
    "/regions/AM18",
    "/skills/llo:wondzorg",
    "/skills/llo:excel?period=2026-10&metric=trend",
    "/occupations/2221",
    "/cells/2026-11/NL/*/*/llo:wondzorg",
    "/occupation-cells/2026-11/NL/2221/llo:wondzorg",
    "/factsheets/regions/AM18",
    "/factsheets/providers/Vakacademie",
    "/api/docs",
]


def published(sessions, sql: str, **params) -> list[tuple]:
    with sessions() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_with_its_charts_and_nothing_from_outside(visit, path):
    page = visit.open(path)
    assert page.locator("h1, .title").first.inner_text().strip()
    if path != "/api/docs":
        assert "onbekend" not in page.title().lower() and page.locator("footer.site").count() == 1


def test_the_overview_lists_the_largest_shortages_and_surpluses_the_warehouse_holds(visit, demo_warehouse):
    page = visit.open("/")
    expected = published(
        demo_warehouse[1],
        "select skill, demand, supply from v_skill_gap where period = '2026-11' and region_code = 'NL' and "
        "sector_code = '*' and education_level = '*' and not small_cell and gap > 0 order by gap desc",
    )
    rows = page.locator("#shortages + .table-wrap tbody tr")
    shown = [
        tuple(rows.nth(i).locator("td").nth(n).inner_text().strip() for n in (0, 1, 2)) for i in range(rows.count())
    ]
    assert shown == [(skill, str(demand), str(supply)) for skill, demand, supply in expected]
    assert expected and "∞" not in page.locator("#shortages + .table-wrap").inner_text()
    assert "17,0 (2,9–100,3)" in page.locator("#shortages + .table-wrap").inner_text()  # the ratio with its interval
    assert page.locator("#map .choroplethlocation").count() >= 35  # the 35 regions, coloured or grey


def test_clicking_a_region_on_the_map_opens_its_page(visit, demo_warehouse):
    page = visit.open("/")
    regions = [code for (code,) in published(demo_warehouse[1], "select code from regions where level = "
                                                                "'labour_market_region' order by code")]  # fmt: skip
    # The grey layer draws every region, in code order.
    click_inside(page, page.locator("#map .choroplethlocation").nth(regions.index("AM22")))
    page.wait_for_url("**/regions/AM22*")
    visit.settle()
    assert page.locator("h1").inner_text() == "Rijnmond"
    shortages = page.locator("#shortages + .table-wrap tbody tr")
    assert shortages.count() == 1 and shortages.first.locator("td").first.inner_text().strip() == "Python"


def test_a_gap_leads_to_its_jobs_offers_and_source_pages(visit, demo_warehouse):
    page = visit.open("/regions/AM18")
    first = page.locator("#shortages + .table-wrap tbody tr").first
    cell_id = first.get_attribute("data-cell")
    first.locator("a.demand").click()
    page.wait_for_url("**/cells/**")
    visit.settle()
    with demo_warehouse[1]() as session:
        trace = trace_cell(session, cell_id)
    assert page.locator("table.jobs tbody tr").count() == len(trace.vacancies)
    assert {int(job) for job in page.locator("table.jobs tr[data-job]").evaluate_all(
        "rows => rows.map(row => row.dataset.job)")} == {v.job_id for v in trace.vacancies}  # fmt: skip
    assert len({v.job_id for v in trace.vacancies}) == trace.cell.demand
    sources = page.locator("table.jobs a.source").evaluate_all("links => links.map(link => link.href)")
    assert sorted(sources) == sorted(v.url for v in trace.vacancies)
    assert page.locator("table.offers tr[data-offer]").count() == trace.cell.supply == len(trace.offers)
    assert page.locator("table.offers a.source").first.get_attribute("href") == trace.offers[0].url


def test_a_bar_in_the_chart_leads_to_the_evidence_of_its_cell(visit):
    page = visit.open("/")
    click_inside(page, page.locator("#gap-chart .bars .point path").first)
    page.wait_for_url("**/cells/**")
    visit.settle()
    assert page.locator("table.jobs").count() == 1


def test_filters_narrow_the_lists(visit, demo_warehouse):
    page = visit.open("/")
    page.select_option("select[name=sector]", "J")
    page.click("form.filters button")
    page.wait_for_url("**sector=J**")
    visit.settle()
    skills = page.locator("#shortages + .table-wrap tbody tr td:first-child").all_inner_texts()
    assert [skill.strip() for skill in skills] == ["Python"]

    page = visit.open("/")
    page.select_option("select[name=skill_group]", "zorg")
    page.click("form.filters button")
    page.wait_for_url("**skill_group=zorg**")
    visit.settle()
    assert [s.strip() for s in page.locator("#shortages + .table-wrap tbody tr td:first-child").all_inner_texts()] == [
        "wondzorg"
    ]

    page = visit.open("/?linked=false")  # the unlinked term rests on one job: nothing published
    assert "Geen cellen boven de publicatiegrens." in page.locator("#shortages + .table-wrap").inner_text()
    assert page.locator("select[name=linked] option[value=false]").is_enabled()  # the warehouse has unlinked skills

    page = visit.open("/")
    page.select_option("select[name=occupation]", "2221")
    page.click("form.filters button")
    page.wait_for_url("**occupation=2221**")
    visit.settle()
    expected = published(
        demo_warehouse[1],
        "select skill from v_occupation_profile where period = '2026-11' and region_code = 'NL' and isco_code = '2221'"
        " and not small_cell and share_gap > 0 order by share_gap desc",
    )
    shown = page.locator("table.profile").first.locator("tbody tr td:first-child").all_inner_texts()
    assert expected and [s.strip() for s in shown] == [skill for (skill,) in expected]


def test_small_cells_are_suppressed_and_missing_comparisons_said(visit, demo_warehouse):
    page = visit.open("/skills/llo:wondzorg?region=AM18")
    october = page.locator("table.gaps").first.locator("tr", has_text="2026-10")
    assert "onderdrukt" in october.inner_text() and october.locator("a.demand").count() == 0
    page = visit.open("/skills/llo:excel?period=2026-10&metric=trend")
    (comparable,) = published(demo_warehouse[1], "select comparable from v_skill_gap where cell_id = "
                                                 "'2026-10/NL/*/*/llo:excel'")[0]  # fmt: skip
    assert not comparable
    row = page.locator("table.gaps").first.locator("tr", has_text="2026-10")
    assert row.locator("td.trend").inner_text() == "geen vergelijking"
    small = page.locator("tr.suppressed").first
    assert "onderdrukt" in small.inner_text()
    page = visit.open("/cells/2026-10/AM18/*/*/llo:wondzorg")
    assert page.locator("#suppressed").count() == 1 and page.locator("table.jobs").count() == 0


def test_scraped_script_and_html_are_shown_as_text(visit):
    page = visit.open("/cells/2026-11/NL/*/*/llo:wondzorg")
    titles = page.locator("td.vacancy-title").all_inner_texts()
    assert HOSTILE_TITLE in [title.strip() for title in titles]
    assert HOSTILE_EMPLOYER in page.locator("table.jobs").inner_text()
    assert page.locator("table.jobs img, table.jobs b, table.jobs script").count() == 0
