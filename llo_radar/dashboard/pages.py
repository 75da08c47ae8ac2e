"""The dashboard's HTML pages: each renders the record its JSON twin in ``api.py`` returns, with charts.

Every figure links to its evidence: numbers in tables and points in charts lead to ``/cells/<cell id>`` (the jobs,
with all their vacancies, and the offers behind it) and from there to the source pages.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from warehouse.indicators.gaps import GapLine
from warehouse.indicators.profiles import ProfileLine
from warehouse.indicators.trace import Page

from ..factsheets.duiding import Duiding
from ..factsheets.factsheet import Factsheet, provider_factsheet, region_factsheet
from ..factsheets.pdf import print_pdf
from . import charts, figures
from .figures import EVIDENCE_PAGE, Filters, MapFilters, RegionValue, SkillFilters
from .rendering import link, render
from .state import duiding, public_url, warehouse

router = APIRouter(include_in_schema=False)
Warehouse = Annotated[Session, Depends(warehouse)]
Rules = Annotated[Duiding, Depends(duiding)]
FilterQuery = Annotated[Filters, Query()]


def cell_link(line: GapLine | ProfileLine) -> str:
    """The evidence page of a line's cell."""
    kind = "occupation-cells" if isinstance(line, ProfileLine) else "cells"
    return link(f"/{kind}/{line.cell_id}")


def _page(
    request: Request, session: Session, template: str, filters: Filters, view: object, api: str, **context: object
) -> HTMLResponse:
    options = figures.filter_options(session, filters)
    return render(
        request,
        template,
        {"view": view, "filters": filters, "options": options, "api": link(api, filters.query()), **context},
    )


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: Warehouse, query: Annotated[MapFilters, Query()]):
    filters, metric = Filters.model_validate(query.model_dump()), query.metric
    view = figures.overview(session, filters, metric)

    def region_link(value: RegionValue) -> str:
        return link(f"/regions/{value.code}", filters.query(region=None))

    lines = view.shortages + view.surpluses or view.occupation_shortages + view.occupation_surpluses
    return _page(
        request, session, "overview.html.j2", filters, view, "/api/overview",
        map=charts.chart_html(charts.map_figure(view.map, metric, region_link), "map"),
        gap_chart=charts.chart_html(charts.share_gap_figure(lines, cell_link), "gap-chart") if lines else "",
    )  # fmt: skip


@router.get("/regions/{code}", response_class=HTMLResponse)
def region(request: Request, session: Warehouse, code: str, filters: FilterQuery):
    view = figures.region_view(session, code, filters)
    lines = view.shortages + view.surpluses
    return _page(
        request, session, "region.html.j2", view.filters, view, f"/api/regions/{code}",
        gap_chart=charts.chart_html(charts.share_gap_figure(lines, cell_link), "gap-chart") if lines else "",
    )  # fmt: skip


@router.get("/skills/{skill_id:path}", response_class=HTMLResponse)
def skill(request: Request, session: Warehouse, skill_id: str, query: Annotated[SkillFilters, Query()]):
    filters, metric = Filters.model_validate(query.model_dump()), query.metric
    view = figures.skill_view(session, skill_id, filters, metric)

    def region_link(value: RegionValue) -> str:
        return link(f"/cells/{value.cell_id}") if value.cell_id else link(f"/regions/{value.code}")

    return _page(
        request, session, "skill.html.j2", filters, view, f"/api/skills/{skill_id}",
        series=charts.chart_html(charts.series_figure(view.series, cell_link), "series"),
        map=charts.chart_html(charts.map_figure(view.map, metric, region_link), "map"),
    )  # fmt: skip


@router.get("/occupations/{isco}", response_class=HTMLResponse)
def occupation(request: Request, session: Warehouse, isco: str, filters: FilterQuery):
    view = figures.occupation_view(session, isco, filters)
    shown = [line for line in view.profile if not line.suppressed]
    return _page(
        request, session, "occupation.html.j2", filters, view, f"/api/occupations/{isco}",
        profile=charts.chart_html(charts.profile_figure(shown[:20], cell_link), "profile") if shown else "",
    )  # fmt: skip


@router.get("/cells/{cell_id:path}", response_class=HTMLResponse)
def cell(request: Request, session: Warehouse, cell_id: str, start: Annotated[int, Query(ge=0)] = 0):
    view = figures.evidence(session, cell_id, page=Page(start, EVIDENCE_PAGE))
    api = f"/api/cells/{cell_id}"
    return _page(
        request, session, "evidence.html.j2", Filters(period=view.cell.period), view, api, page_size=EVIDENCE_PAGE
    )


@router.get("/occupation-cells/{cell_id:path}", response_class=HTMLResponse)
def occupation_cell(request: Request, session: Warehouse, cell_id: str, start: Annotated[int, Query(ge=0)] = 0):
    view = figures.occupation_evidence(session, cell_id, Page(start, EVIDENCE_PAGE))
    return _page(
        request,
        session,
        "evidence.html.j2",
        Filters(period=view.cell.period),
        view,
        f"/api/occupation-cells/{cell_id}",
        page_size=EVIDENCE_PAGE,
    )


def _factsheet(request: Request, sheet: Factsheet, root: str, api: str) -> HTMLResponse:
    series: dict[str, list[GapLine]] = {}
    for line in sheet.trends:
        series.setdefault(line.skill if sheet.audience == "regio" else f"{line.skill}, {line.region}", []).append(line)

    def absolute(line: GapLine) -> str:
        return root + cell_link(line)

    trends = charts.chart_html(charts.trends_figure(series, absolute), "trends", static=True) if series else ""
    return render(request, "factsheet.html.j2", {"sheet": sheet, "root": root, "trends": trends, "api": api})


async def _pdf(request: Request, page: str, file_name: str) -> Response:
    # Chromium loads the factsheet from this same server; printing waits in a thread so the server can answer it.
    url = str(request.url_for(page, **request.path_params))
    if request.url.query:
        url += f"?{request.url.query}"
    pdf = await run_in_threadpool(print_pdf, url)
    headers = {"Content-Disposition": f'inline; filename="{file_name}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/factsheets/regions/{code}.pdf")
async def region_sheet_pdf(request: Request, code: str) -> Response:
    return await _pdf(request, "region_factsheet", f"factsheet-{code}")


@router.get("/factsheets/providers/{name}.pdf")
async def provider_sheet_pdf(request: Request, name: str) -> Response:
    return await _pdf(request, "provider_factsheet", "factsheet-opleider")


@router.get("/factsheets/regions/{code}", response_class=HTMLResponse, name="region_factsheet")
def region_sheet(request: Request, session: Warehouse, rules: Rules, code: str, period: str | None = None):
    sheet = region_factsheet(session, code, rules, period)
    return _factsheet(request, sheet, public_url(request), link(f"/api/factsheets/regions/{code}"))


@router.get("/factsheets/providers/{name}", response_class=HTMLResponse, name="provider_factsheet")
def provider_sheet(request: Request, session: Warehouse, rules: Rules, name: str, period: str | None = None):
    sheet = provider_factsheet(session, name, rules, period)
    return _factsheet(request, sheet, public_url(request), link(f"/api/factsheets/providers/{name}"))
