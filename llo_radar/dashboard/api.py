"""The JSON API: one endpoint per view of the dashboard, with the same filters as query parameters and the same
records the pages render (documented in the OpenAPI document at ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from warehouse.indicators.gaps import Direction, GapLine, read_gaps
from warehouse.indicators.trace import Page

from ..factsheets.duiding import Duiding
from ..factsheets.factsheet import Factsheet, provider_factsheet, region_factsheet
from . import figures
from .figures import (
    EVIDENCE_PAGE,
    Evidence,
    FilterOptions,
    Filters,
    MapFilters,
    OccupationView,
    Overview,
    RegionView,
    SkillFilters,
    SkillView,
)
from .state import duiding, warehouse

router = APIRouter(prefix="/api", tags=["LLO Radar"])


class PageParameters(BaseModel):
    """Which slice of a long list of jobs and offers."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    start: int = Field(0, ge=0)
    """Number of the first job and offer (0: from the first)."""
    size: int = Field(EVIDENCE_PAGE, ge=1, le=1000)
    """How many jobs and offers at most."""


PageQuery = Annotated[PageParameters, Query()]
Warehouse = Annotated[Session, Depends(warehouse)]
Rules = Annotated[Duiding, Depends(duiding)]
FilterQuery = Annotated[Filters, Query()]


@router.get("/filters", response_model=FilterOptions)
def filter_options(session: Warehouse, filters: FilterQuery) -> FilterOptions:
    """The values each filter can take: stored periods, regions, sectors, levels, occupations, skill groups."""
    return figures.filter_options(session, filters)


@router.get("/overview", response_model=Overview)
def overview(session: Warehouse, filters: Annotated[MapFilters, Query()]) -> Overview:
    """The map of the arbeidsmarktregio's (``metric``: sure shortages, jobs or offers) and the largest published
    shortages and surpluses of the filters' region, sector, level and skills; with an occupation, its profile
    gaps instead."""
    return figures.overview(session, Filters.model_validate(filters.model_dump()), filters.metric)


class GapFilters(Filters):
    """The filters, which gaps and how many."""

    direction: Direction = "shortage"
    """shortage (demand − supply > 0) or surplus (< 0)."""
    limit: int = Field(100, ge=1, le=1000)
    """How many, the largest first."""


@router.get("/gaps", response_model=list[GapLine])
def gaps(session: Warehouse, filters: Annotated[GapFilters, Query()]) -> list[GapLine]:
    """The largest published shortages (or surpluses) of the filters, each with its 95% intervals and cell id."""
    period = figures.resolve_period(session, filters)
    return read_gaps(
        session,
        period,
        region=filters.region,
        sector=filters.sector,
        education_level=filters.level,
        skill_group=filters.skill_group,
        linked=filters.linked,
        direction=filters.direction,
        limit=filters.limit,
    )


@router.get("/regions/{code}", response_model=RegionView)
def region(session: Warehouse, code: str, filters: FilterQuery) -> RegionView:
    """A region: its totals, largest shortages and surpluses, and occupation profile gaps."""
    return figures.region_view(session, code, filters)


@router.get("/skills/{skill_id:path}", response_model=SkillView)
def skill(session: Warehouse, skill_id: str, filters: Annotated[SkillFilters, Query()]) -> SkillView:
    """A skill: demand and supply over time, its map (``metric``), and its cells per region, sector, level and
    occupation."""
    return figures.skill_view(session, skill_id, Filters.model_validate(filters.model_dump()), filters.metric)


@router.get("/occupations/{isco}", response_model=OccupationView)
def occupation(session: Warehouse, isco: str, filters: FilterQuery) -> OccupationView:
    """An occupation (ISCO-08 unit group): what its jobs ask for and what the courses for it teach."""
    return figures.occupation_view(session, isco, filters)


@router.get("/cells/{cell_id:path}", response_model=Evidence)
def cell(session: Warehouse, cell_id: str, page: PageQuery) -> Evidence:
    """A skill gap cell (``period/region/sector/level/skill``) and the jobs, with all their vacancies, and the
    offers behind its demand and supply, with links to their pages: ``size`` of each from number ``start``."""
    return figures.evidence(session, cell_id, page=Page(page.start, page.size))


@router.get("/occupation-cells/{cell_id:path}", response_model=Evidence)
def occupation_cell(session: Warehouse, cell_id: str, page: PageQuery) -> Evidence:
    """An occupation profile cell (``period/region/isco/skill``) and the jobs and offers behind it, ``size`` of
    each from number ``start``."""
    return figures.occupation_evidence(session, cell_id, Page(page.start, page.size))


@router.get("/factsheets/regions/{code}", response_model=Factsheet)
def region_factsheet_data(session: Warehouse, rules: Rules, code: str, period: str | None = None) -> Factsheet:
    """A region's factsheet: its largest gaps with duiding (what the evidence says, what the region could do)."""
    return region_factsheet(session, code, rules, period)


@router.get("/factsheets/providers/{name}", response_model=Factsheet)
def provider_factsheet_data(session: Warehouse, rules: Rules, name: str, period: str | None = None) -> Factsheet:
    """An opleider's factsheet: the gaps matching its subscription, with duiding."""
    return provider_factsheet(session, name, rules, period)
