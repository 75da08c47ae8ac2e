"""What each view of the dashboard shows, read from the stored indicators: one function per view, returning a
typed record that the HTML page renders and the JSON API returns as it is (so both always show the same figures).

Small cells are shown suppressed (named, figures withheld); shortages and surpluses are published cells only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.indicators.gaps import API_DOCS, GapLine, SmallCells, read_gaps, region_totals, stored_periods
from warehouse.indicators.profiles import Occupation, ProfileLine, read_profiles, stored_occupations
from warehouse.indicators.skill_gap import ALL
from warehouse.indicators.trace import (
    CellTrace,
    Page,
    TracedOffer,
    TracedVacancy,
    trace_cell,
    trace_occupation_cell,
)
from warehouse.models import EducationLevel, IscoGroup, MismatchResult, OccupationResult, Region, Sector, Skill
from warehouse.models.region import RegionLevel
from warehouse.reference import COUNTRY

from .exceptions import NotFound

SURE = 1.0
"""A shortage is sure when even the lower bound of its ratio's 95% interval is at least one job per offer (the
alert rule's default)."""
LIST_LENGTH = 15
"""Rows of the shortage and surplus lists."""
EVIDENCE_PAGE = 100
"""Jobs and offers an evidence page lists at a time (a national cell rests on thousands)."""

SkillMetric = Literal["gap", "ratio_low", "share_gap", "demand", "supply", "trend"]
RegionMetric = Literal["shortages", "jobs", "offers"]
METRIC_NAMES: dict[str, str] = {
    "gap": "Tekort: vraag − aanbod",
    "ratio_low": "Vacatures per opleiding, ondergrens 95%-interval",
    "share_gap": "Aandeel in vacatures − aandeel in opleidingen",
    "demand": "Vraag: vacatures",
    "supply": "Aanbod: opleidingen",
    "trend": "Trend van de vraag",
    "shortages": "Zekere tekorten",
    "jobs": "Vacatures (unieke banen)",
    "offers": "Opleidingen",
}
"""Each map metric's Dutch name (legend, menu)."""


class Filters(BaseModel):
    """What every view can be narrowed to; the same query parameters serve the pages and the API."""

    model_config = ConfigDict(extra="ignore", use_attribute_docstrings=True)  # links carry other pages' parameters

    period: str | None = Field(None, pattern=r"^\d{4}-(W\d{2}|Q[1-4]|\d{2})$")
    """Week 2026-W47, month 2026-11 or quarter 2026-Q4; default: the latest stored month."""
    region: str = COUNTRY
    """Region code: NL, a province (PV27), an arbeidsmarktregio (AM18) or a grouping."""
    sector: str = ALL
    """SBI 2008 section letter, ``*`` for all sectors."""
    level: str = ALL
    """Education level of the jobs (MBO 4, HBO, ...), ``*`` for all levels."""
    occupation: str | None = Field(None, pattern=r"^\d{4}$")
    """ISCO-08 unit group: show the occupation's skill profile instead of the skill gap."""
    skill_group: str | None = None
    """Only skills of this taxonomy group (zorg, data, bouw, ...)."""
    linked: bool | None = None
    """true: only concepts of the taxonomy or ESCO; false: only terms of their own the pipeline found."""

    @model_validator(mode="before")
    @classmethod
    def _blank_is_default(cls, values: object) -> object:
        """An HTML form sends its "all" choices as empty values: they mean the default."""
        if isinstance(values, dict):
            return {key: value for key, value in values.items() if value != ""}
        return values

    def query(self, **changes: object) -> dict[str, str]:
        """The filters (with ``changes``) as query parameters, leaving out defaults, for links."""
        values = self.model_dump() | changes
        defaults = Filters().model_dump()
        return {
            key: str(value).lower() if isinstance(value, bool) else str(value)
            for key, value in values.items()
            if value is not None and value != defaults.get(key)
        }


class MapFilters(Filters):
    """The filters and what colours the map of arbeidsmarktregio's."""

    metric: RegionMetric = "shortages"
    """Sure shortages (published cells with gap > 0 whose ratio interval lies at or above one), jobs or offers."""


class SkillFilters(Filters):
    """The filters and what colours a skill's map."""

    metric: SkillMetric = "gap"
    """gap, ratio_low (lower bound of vacancies per offer), share_gap, demand, supply or trend."""


def resolve_period(session: Session, filters: Filters) -> str:
    """The period the filters ask for, or the latest stored month (else the latest stored period of any kind);
    ``NotFound`` when nothing is aggregated."""
    periods = stored_periods(session)
    if filters.period is not None:
        if filters.period not in {p.label for p in periods}:
            raise NotFound(
                f"No figures for period {filters.period}: run 'llo-radar aggregate --period {filters.period}'"
            )
        return filters.period
    months = [p for p in periods if p.kind == "month"]
    if not periods:
        raise NotFound("The warehouse holds no indicator figures yet: run 'llo-radar aggregate' (or 'make demo')")
    return (months or periods)[-1].label


@dataclass(frozen=True, slots=True)
class Choice:
    """A value a filter can take, with its name."""

    __pydantic_config__ = API_DOCS

    value: str
    name: str
    group: str = ""
    """What kind of value: a region level, a period kind."""


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """The values each filter can take in this warehouse."""

    __pydantic_config__ = API_DOCS

    period: str
    """The period the options were read for (the default period when none was asked for)."""
    periods: list[Choice]
    regions: list[Choice]
    sectors: list[Choice]
    levels: list[Choice]
    occupations: list[Choice]
    """Occupations with profile cells in the period (in the country), most jobs first."""
    skill_groups: list[Choice]
    unlinked_skills: bool
    """Whether the warehouse holds unlinked skills (terms of their own) to filter on."""


_REGION_LEVELS = {RegionLevel.COUNTRY: 0, RegionLevel.PROVINCE: 1, RegionLevel.LABOUR_MARKET_REGION: 2}
_PERIOD_NAMES = {"month": "maand", "week": "week", "quarter": "kwartaal"}


def filter_options(session: Session, filters: Filters) -> FilterOptions:
    """The values of every filter: stored periods (newest first), regions with cells (country, provinces,
    arbeidsmarktregio's, groupings), sectors, levels, occupations and skill groups."""
    period = resolve_period(session, filters)
    periods = sorted(stored_periods(session), key=lambda p: (p.kind != "month", -p.start.toordinal()))
    regions = session.execute(
        select(Region.code, Region.name, Region.level)
        .where(Region.level != RegionLevel.MUNICIPALITY)
        .order_by(Region.code)
    ).all()
    regions = sorted(regions, key=lambda r: (_REGION_LEVELS.get(r.level, 3), r.name))
    skill_groups = session.scalars(select(Skill.group).distinct().order_by(Skill.group)).all()
    sectors = session.execute(select(Sector.code, Sector.name).where(Sector.code != ALL).order_by(Sector.code))
    levels = session.execute(select(EducationLevel.code, EducationLevel.name).order_by(EducationLevel.sort))
    occupations = stored_occupations(session, period, COUNTRY)
    return FilterOptions(
        period=period,
        periods=[Choice(p.label, p.label, _PERIOD_NAMES[p.kind]) for p in periods],
        regions=[Choice(code, name, level) for code, name, level in regions],
        sectors=[Choice(ALL, "alle sectoren")] + [Choice(code, f"{code} {name}") for code, name in sectors],
        levels=[Choice(ALL, "alle niveaus")] + [Choice(code, name) for code, name in levels],
        occupations=[Choice(o.isco_code, f"{o.name} ({o.isco_code})") for o in occupations],
        skill_groups=[Choice(group, group) for group in skill_groups],
        unlinked_skills=session.scalar(select(Skill.id).where(Skill.linked.is_(False)).limit(1)) is not None,
    )


@dataclass(frozen=True, slots=True)
class RegionValue:
    """One arbeidsmarktregio on the map."""

    __pydantic_config__ = API_DOCS

    code: str
    name: str
    value: float | None
    """The metric; null when the region's cell is suppressed, has no figures or no comparison."""
    status: Literal["value", "suppressed", "no_data", "no_comparison"]
    """Why there is no value: a small cell, no cell at all, or no comparable previous period (trend)."""
    cell_id: str | None = None
    """The region's cell, for the evidence behind the value (skill metrics)."""


def skill_map(session: Session, period: str, skill: str, filters: Filters, metric: SkillMetric) -> list[RegionValue]:
    """Every arbeidsmarktregio's value of a skill metric."""
    lines = {
        line.region_code: line
        for line in read_gaps(session, period, region_level=RegionLevel.LABOUR_MARKET_REGION, sector=filters.sector,
                              education_level=filters.level, skill=skill, direction=None, small="suppress", limit=None)
    }  # fmt: skip
    values = []
    for code, name in _arbeidsmarktregios(session):
        line = lines.get(code)
        if line is None:
            values.append(RegionValue(code, name, None, "no_data"))
        elif line.suppressed:
            values.append(RegionValue(code, name, None, "suppressed", line.cell_id))
        elif metric == "trend" and not line.comparable:
            values.append(RegionValue(code, name, None, "no_comparison", line.cell_id))
        else:
            value = getattr(line, metric)
            values.append(RegionValue(code, name, value, "value" if value is not None else "no_data", line.cell_id))
    return values


def region_map(session: Session, period: str, filters: Filters, metric: RegionMetric) -> list[RegionValue]:
    """Every arbeidsmarktregio's count of sure shortages (published cells of the filters' sector, level and skills
    with gap > 0 and ratio_low ≥ 1), or its active jobs or offers."""
    regions = _arbeidsmarktregios(session)
    totals = region_totals(session, period, [code for code, _ in regions])
    if metric == "shortages":
        r = MismatchResult
        query = (
            select(r.region_code, func.count())
            .join(Skill, Skill.id == r.skill_id)
            .where(r.period == period, r.region_code.in_(list(totals)), r.sector_code == filters.sector)
            .where(r.education_level == filters.level, r.small_cell.is_(False), r.gap > 0, r.ratio_low >= SURE)
            .group_by(r.region_code)
        )
        if filters.skill_group is not None:
            query = query.where(Skill.group == filters.skill_group)
        if filters.linked is not None:
            query = query.where(Skill.linked.is_(filters.linked))
        counts: dict[str, int] = {code: count for code, count in session.execute(query).all()}
        values = {code: counts.get(code, 0) for code in totals}
    else:
        values = {code: jobs if metric == "jobs" else offers for code, (jobs, offers) in totals.items()}
    return [
        RegionValue(code, name, values[code], "value") if code in values else RegionValue(code, name, None, "no_data")
        for code, name in regions
    ]


def _arbeidsmarktregios(session: Session) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in session.execute(
            select(Region.code, Region.name)
            .where(Region.level == RegionLevel.LABOUR_MARKET_REGION)
            .order_by(Region.code)
        )
    ]


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """A region with its totals in a period."""

    __pydantic_config__ = API_DOCS

    code: str
    name: str
    level: str
    jobs: int | None
    """Active jobs (unique) in the period; null when the region has no cells."""
    offers: int | None
    """Active offers available in the region (in person or online)."""


def region_info(session: Session, period: str, code: str) -> RegionInfo:
    """A region and its totals; ``NotFound`` for an unknown code."""
    region = session.get(Region, code)
    if region is None:
        raise NotFound(f"No region {code!r}: use a code such as NL, PV27, AM18 (see /api/filters)")
    jobs, offers = region_totals(session, period, [code]).get(code, (None, None))
    return RegionInfo(region.code, region.name, region.level, jobs, offers)


@dataclass(frozen=True, slots=True)
class Overview:
    """The front page: the map and the largest shortages and surpluses for the filters."""

    __pydantic_config__ = API_DOCS

    period: str
    filters: Filters
    region: RegionInfo
    metric: RegionMetric
    map: list[RegionValue]
    """Every arbeidsmarktregio's value of the metric."""
    shortages: list[GapLine]
    """The largest published shortages (demand − supply > 0) of the region, sector, level and skills."""
    surpluses: list[GapLine]
    """The largest published surpluses (demand − supply < 0)."""
    occupation: Occupation | None = None
    """The occupation filtered on; then the lists below replace the skill gap lists."""
    occupation_shortages: list[ProfileLine] = field(default_factory=list)
    """The occupation's skills its jobs ask for most more often than its courses teach them (largest share gap)."""
    occupation_surpluses: list[ProfileLine] = field(default_factory=list)
    """The occupation's skills its courses teach more often than its jobs ask for them."""


def overview(session: Session, filters: Filters, metric: RegionMetric = "shortages") -> Overview:
    """The map (coloured by ``metric``) and the largest gaps for the filters (with an occupation: that occupation's
    profile gaps)."""
    period = resolve_period(session, filters)
    region, values = region_info(session, period, filters.region), region_map(session, period, filters, metric)
    if filters.occupation is None:
        shortages, surpluses = (
            read_gaps(session, period, region=filters.region, sector=filters.sector, education_level=filters.level,
                      direction=direction, limit=LIST_LENGTH, skill_group=filters.skill_group, linked=filters.linked)
            for direction in ("shortage", "surplus")
        )  # fmt: skip
        return Overview(period, filters, region, metric, values, shortages, surpluses)
    profile = read_profiles(session, period, region=filters.region, isco=filters.occupation, limit=None,
                            skill_group=filters.skill_group, linked=filters.linked)  # fmt: skip
    measured = [(line.share_gap, line) for line in profile if line.share_gap is not None]
    most_taught = sorted(((gap, line) for gap, line in measured if gap < 0), key=lambda pair: pair[0])
    return Overview(
        period, filters, region, metric, values, shortages=[], surpluses=[],
        occupation=occupation_info(session, period, filters.region, filters.occupation),
        occupation_shortages=[line for gap, line in measured if gap > 0][:LIST_LENGTH],
        occupation_surpluses=[line for _, line in most_taught][:LIST_LENGTH],
    )  # fmt: skip


def occupation_info(session: Session, period: str, region: str, isco: str) -> Occupation:
    """An occupation (ISCO-08 unit group) with its jobs in the region; ``NotFound`` for an unknown code."""
    name = session.scalar(select(IscoGroup.name).where(IscoGroup.code == isco, IscoGroup.level == 4))
    if name is None:
        raise NotFound(f"No ISCO-08 unit group {isco!r}: use a four-digit code such as 2221 (see /api/filters)")
    jobs = next((o.jobs for o in stored_occupations(session, period, region) if o.isco_code == isco), 0)
    return Occupation(isco, name, jobs)


@dataclass(frozen=True, slots=True)
class RegionView:
    """A region's page: its totals, largest shortages and surpluses, and the occupations whose courses miss most
    of what their jobs ask."""

    __pydantic_config__ = API_DOCS

    period: str
    filters: Filters
    region: RegionInfo
    shortages: list[GapLine]
    surpluses: list[GapLine]
    occupation_gaps: list[ProfileLine]
    """Published occupation profile cells of the region with the largest share gaps."""


def region_view(session: Session, code: str, filters: Filters) -> RegionView:
    """A region's page for the filters (its own code replaces the region filter)."""
    filters = filters.model_copy(update={"region": code})
    result = overview(session, filters.model_copy(update={"occupation": None}))
    gaps = read_profiles(session, result.period, region=code, skill_group=filters.skill_group,
                         linked=filters.linked, limit=LIST_LENGTH)  # fmt: skip
    return RegionView(result.period, filters, result.region, result.shortages, result.surpluses, gaps)


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """A skill of the taxonomy (or a term of its own)."""

    __pydantic_config__ = API_DOCS

    id: str
    label: str
    type: str
    group: str
    esco_uri: str | None
    linked: bool


@dataclass(frozen=True, slots=True)
class SkillView:
    """A skill's page: demand and supply over time in a region, sector and level, its map, and its cells per
    region, sector, level and occupation."""

    __pydantic_config__ = API_DOCS

    period: str
    filters: Filters
    skill: SkillInfo
    region: RegionInfo
    metric: SkillMetric
    series: list[GapLine]
    """The skill's cell in every stored period of the same kind as ``period``, oldest first (small cells
    suppressed)."""
    map: list[RegionValue]
    by_region: list[GapLine]
    """Its cells in every arbeidsmarktregio (sector and level of the filters)."""
    by_sector: list[GapLine]
    """Its cells in each sector (region of the filters, all levels)."""
    by_level: list[GapLine]
    """Its cells at each education level (region of the filters, all sectors)."""
    by_occupation: list[ProfileLine]
    """Its occupation profile cells in the region: which occupations ask for it, and how often their courses
    teach it."""


def skill_view(session: Session, skill_id: str, filters: Filters, metric: SkillMetric = "gap") -> SkillView:
    """A skill's page for the filters; ``NotFound`` for an unknown skill."""
    skill = session.get(Skill, skill_id)
    if skill is None:
        raise NotFound(f"No skill {skill_id!r}: use a skill id such as llo:wondzorg (column skill_id of v_skill_gap)")
    period = resolve_period(session, filters)
    kind = next(p.kind for p in stored_periods(session) if p.label == period)
    same_kind = [p.label for p in stored_periods(session, kind)]
    skill_gaps = partial(read_gaps, session, skill=skill_id, direction=None, small="suppress", limit=None)
    return SkillView(
        period=period,
        filters=filters,
        skill=SkillInfo(skill.id, skill.label, skill.type, skill.group, skill.esco_uri, skill.linked),
        region=region_info(session, period, filters.region),
        metric=metric,
        series=skill_gaps(same_kind, region=filters.region, sector=filters.sector, education_level=filters.level),
        map=skill_map(session, period, skill_id, filters, metric),
        by_region=skill_gaps(period, region_level=RegionLevel.LABOUR_MARKET_REGION, sector=filters.sector,
                             education_level=filters.level),
        by_sector=skill_gaps(period, region=filters.region, sector=None),
        by_level=skill_gaps(period, region=filters.region, education_level=None),
        by_occupation=read_profiles(session, period, region=filters.region, skill=skill_id, order="demand_share",
                                    small="suppress", limit=None),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class OccupationView:
    """An occupation's page: its skill profile in a region."""

    __pydantic_config__ = API_DOCS

    period: str
    filters: Filters
    occupation: Occupation
    region: RegionInfo
    profile: list[ProfileLine]
    """Its skills, the most asked first (small cells suppressed)."""


def occupation_view(session: Session, isco: str, filters: Filters) -> OccupationView:
    """An occupation's skill profile for the filters."""
    period = resolve_period(session, filters)
    profile = read_profiles(session, period, region=filters.region, isco=isco, skill_group=filters.skill_group,
                            linked=filters.linked, order="demand_share", small="suppress", limit=None)  # fmt: skip
    return OccupationView(
        period, filters, occupation_info(session, period, filters.region, isco),
        region_info(session, period, filters.region), profile,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class TracedJob:
    """A job behind a figure, with every vacancy that publishes it."""

    __pydantic_config__ = API_DOCS

    job_id: int
    vacancies: list[TracedVacancy]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The jobs (with all their vacancies) and offers behind a cell's demand and supply, all or one page of each.
    For a small cell they are withheld, as its figures are."""

    __pydantic_config__ = API_DOCS

    cell: GapLine | ProfileLine
    jobs: list[TracedJob]
    offers: list[TracedOffer]
    start: int = 0
    """Number of the first job and offer listed (0: from the first)."""
    complete: bool = True
    """Whether every job and offer is listed; else ``demand`` and ``supply`` of the cell say how many there are."""


def evidence(session: Session, cell_id: str, small: SmallCells = "suppress", page: Page | None = None) -> Evidence:
    """The evidence of a skill gap cell (``period/region/sector/level/skill``), all or one ``page``; ``small="keep"``
    shows a small cell's figures and evidence too (analysts)."""
    trace = trace_cell(session, cell_id, page, page)
    cell = trace.cell
    assert isinstance(cell, MismatchResult)  # a skill gap cell id traces to a skill gap cell
    [line] = read_gaps(
        session,
        cell.period,
        region=cell.region_code,
        sector=cell.sector_code,
        education_level=cell.education_level,
        skill=cell.skill_id,
        direction=None,
        small=small,
    )
    return _evidence(line, trace, page)


def occupation_evidence(session: Session, cell_id: str, page: Page | None = None) -> Evidence:
    """The evidence of an occupation profile cell (``period/region/isco/skill``), all or one ``page``."""
    trace = trace_occupation_cell(session, cell_id, page, page)
    cell = trace.cell
    assert isinstance(cell, OccupationResult)  # an occupation cell id traces to an occupation profile cell
    [line] = read_profiles(session, cell.period, region=cell.region_code, isco=cell.isco_code, skill=cell.skill_id,
                           small="suppress")  # fmt: skip
    return _evidence(line, trace, page)


def _evidence(line: GapLine | ProfileLine, trace: CellTrace, page: Page | None) -> Evidence:
    if line.suppressed:
        return Evidence(line, [], [])
    jobs: dict[int, list[TracedVacancy]] = {}
    for vacancy in trace.vacancies:
        jobs.setdefault(vacancy.job_id, []).append(vacancy)
    start = page.start if page else 0
    complete = start == 0 and len(jobs) == line.demand and len(trace.offers) == line.supply
    return Evidence(line, [TracedJob(job, vacancies) for job, vacancies in jobs.items()], trace.offers, start, complete)
