"""Reading stored skill gap cells: which periods to compute and which are stored, and the cells with readable
names for reports, alerts, the dashboard and its API.

Published outputs leave out small cells (``small_cell``: fewer than 10 vacancies and offers together), or show
them suppressed: named, without their figures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ConfigDict
from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql import ColumnElement, Select

from ..models import MismatchResult, Region, Sector, Skill
from ..models.mismatch import CellKey
from ..periods import PERIOD_KINDS, Period, PeriodKind, parse_period, period_of, periods_between
from .activity import first_observed_day, last_observed_day
from .skill_gap import ALL

SmallCells = Literal["leave_out", "suppress", "keep"]
"""What a reader does with small cells: leave them out, show them without figures, or show them whole (analysts)."""
Direction = Literal["shortage", "surplus"]

API_DOCS = ConfigDict(use_attribute_docstrings=True)
"""Pydantic configuration of the records the API returns: each field's docstring is its description."""


def latest_periods(session: Session, kinds: tuple[PeriodKind, ...] = PERIOD_KINDS) -> list[Period]:
    """The week, month and quarter (or the given kinds) of the latest observation (never after today)."""
    last = last_observed_day(session)
    return [period_of(last, kind) for kind in kinds] if last else []


def all_periods(session: Session, kind: PeriodKind) -> list[Period]:
    """Every period of ``kind`` from the first observation to the latest."""
    first, last = first_observed_day(session), last_observed_day(session)
    return periods_between(first, max(first, last), kind) if first and last else []


def distinct_values(session: Session, column: ColumnElement | QueryableAttribute, *where: ColumnElement[bool]) -> list:
    """The distinct values of an indexed ``column`` (among the rows ``where`` selects), in order, by a loose index
    scan: each step seeks the next value in the index, so this reads one index entry per value instead of every row
    (SQLite and PostgreSQL do not skip through an index by themselves for DISTINCT). ``where`` should fix the
    index's columns before ``column``."""
    first = select(func.min(column).label("value")).where(*where).cte("found", recursive=True)
    following = select(select(func.min(column)).where(*where, column > first.c.value).scalar_subquery()).where(
        first.c.value.is_not(None)
    )
    found = first.union_all(following)
    return list(session.scalars(select(found.c.value).where(found.c.value.is_not(None))))


def stored_periods(session: Session, kind: PeriodKind | None = None) -> list[Period]:
    """The periods (of ``kind``, or all) that have stored skill gap cells, oldest first."""
    periods = sorted(parse_period(label) for label in distinct_values(session, MismatchResult.period))
    return [p for p in periods if kind is None or p.kind == kind]


@dataclass(frozen=True, slots=True, kw_only=True)
class GapLine:
    """A stored skill gap cell with readable names. A suppressed line is a small cell shown without its figures:
    those are null."""

    __pydantic_config__ = API_DOCS

    cell_id: str
    """The cell's lasting key ``period/region/sector/level/skill`` (``v_skill_gap.cell_id``)."""
    period: str
    """Week 2026-W47, month 2026-11 or quarter 2026-Q4."""
    skill_id: str
    """Taxonomy concept id."""
    skill: str
    """The skill's label."""
    skill_group: str
    """Taxonomy group (zorg, data, bouw, ...)."""
    skill_type: str
    """skill, knowledge, certificate, language or transversal."""
    skill_linked: bool
    """A concept of the taxonomy or ESCO; false: a term of its own the pipeline found."""
    region_code: str
    region: str
    sector_code: str
    """SBI 2008 section, ``*`` for all sectors."""
    sector: str
    education_level: str
    """Education level of the jobs (MBO 4, HBO, ...), ``*`` for all levels."""
    small_cell: bool
    """Demand + supply < 10: left out of published outputs, or shown suppressed."""
    suppressed: bool = False
    """A small cell whose figures are withheld (null)."""
    comparable: bool
    """The previous period was observed from its start: ``trend`` compares like with like."""
    jobs: int
    """Active jobs in the region, sector and level, any skill."""
    offers: int
    """Active offers available in the region (meeting the level), any skill."""
    demand: int | None
    """Unique active jobs asking for the skill."""
    supply: int | None
    """Active offers teaching the skill, available in the region."""
    ratio: float | None
    """demand / supply; null when supply is 0 (unbounded)."""
    ratio_low: float | None
    """Lower bound of the ratio's 95% interval (defined when supply is 0 too)."""
    ratio_high: float | None
    """Upper bound of the ratio's 95% interval; null: unbounded."""
    gap: int | None
    """demand - supply: positive is a shortage, negative a surplus."""
    demand_share: float | None
    """demand / jobs."""
    supply_share: float | None
    """supply / offers."""
    share_gap: float | None
    """demand_share - supply_share."""
    share_gap_low: float | None
    """Lower bound of the share gap's 95% interval."""
    share_gap_high: float | None
    """Upper bound of the share gap's 95% interval."""
    demand_previous: int | None
    """Demand in the previous period of the same kind."""
    trend: float | None
    """(demand - demand_previous) / demand_previous; null when not comparable or when there was no demand before."""
    open_days_mean: float | None
    """Mean days from first seen to closed of the jobs that closed in the period."""

    def without_figures(self) -> GapLine:
        """The line suppressed: its figures (not the totals of the region) withheld."""
        withheld: dict[str, Any] = dict.fromkeys(SUPPRESSED)
        return dataclasses.replace(self, suppressed=True, **withheld)


UNLINKED_MARK = " (term)"
"""After the name of a skill that is an unlinked term, not a taxonomy concept."""


def skill_name(label: str, *, linked: bool) -> str:
    """A skill's name for people, marked when it is an unlinked term rather than a taxonomy concept.

    >>> skill_name("wondzorg", linked=True), skill_name("dak kapel plaatsen", linked=False)
    ('wondzorg', 'dak kapel plaatsen (term)')
    """
    return label if linked else label + UNLINKED_MARK


SUPPRESSED = (
    "demand", "supply", "ratio", "ratio_low", "ratio_high", "gap", "demand_share", "supply_share", "share_gap",
    "share_gap_low", "share_gap_high", "demand_previous", "trend", "open_days_mean",
)  # fmt: skip
"""The figures a suppressed line withholds."""


def _gap_columns() -> Select:
    r = MismatchResult
    figures = [getattr(r, name).label(name) for name in SUPPRESSED]
    return (
        select(
            r.period,
            r.skill_id,
            Skill.label.label("skill"),
            Skill.group.label("skill_group"),
            Skill.type.label("skill_type"),
            Skill.linked.label("skill_linked"),
            r.region_code,
            Region.name.label("region"),
            r.sector_code,
            Sector.name.label("sector"),
            r.education_level,
            r.small_cell,
            r.comparable,
            r.jobs,
            r.offers,
            *figures,
        )
        .join(Skill, Skill.id == r.skill_id)
        .join(Sector, Sector.code == r.sector_code)
        .join(Region, Region.code == r.region_code)
    )


def read_gaps(
    session: Session,
    period: str | Sequence[str],
    *,
    region: str | Sequence[str] | None = None,
    region_level: str | None = None,
    sector: str | None = ALL,
    education_level: str | None = ALL,
    skill: str | None = None,
    skill_group: str | None = None,
    linked: bool | None = None,
    direction: Direction | None = "shortage",
    small: SmallCells = "leave_out",
    limit: int | None = 15,
) -> list[GapLine]:
    """Stored cells of a period (or several), the largest shortages (or surpluses) first.

    region / region_level: one region (or several), or every region of a level; sector and education_level: one
    member, ``*`` for all together, or None for every single one; skill, skill_group, linked: only those skills;
    direction: only shortages (gap > 0) or surpluses (gap < 0), None for every cell, ordered by period and then
    gap; small: what to do with small cells."""
    r = MismatchResult
    periods = [period] if isinstance(period, str) else list(period)
    query = _gap_columns().where(r.period.in_(periods))
    if region is not None:
        query = query.where(r.region_code.in_([region] if isinstance(region, str) else region))
    if region_level is not None:  # codes first, so the (period, region_code) index serves the lookup
        query = query.where(r.region_code.in_(select(Region.code).where(Region.level == region_level)))
    for column, member in ((r.sector_code, sector), (r.education_level, education_level)):
        query = query.where(column != ALL) if member is None else query.where(column == member)
    if skill is not None:
        query = query.where(r.skill_id == skill)
    if skill_group is not None:
        query = query.where(Skill.group == skill_group)
    if linked is not None:
        query = query.where(Skill.linked.is_(linked))
    if small == "leave_out":
        query = query.where(r.small_cell.is_(False))
    if direction == "shortage":
        query = query.where(r.gap > 0).order_by(r.gap.desc(), r.demand.desc())
    elif direction == "surplus":
        query = query.where(r.gap < 0).order_by(r.gap.asc(), r.supply.desc())
    else:
        query = query.order_by(r.period, r.small_cell, r.gap.desc())
    query = query.order_by(r.skill_id, r.region_code, r.sector_code, r.education_level).limit(limit)
    lines = [
        GapLine(cell_id=str(CellKey(row.period, row.region_code, row.sector_code, row.education_level, row.skill_id)),
                **row._mapping)
        for row in session.execute(query)
    ]  # fmt: skip
    return [line.without_figures() if small == "suppress" and line.small_cell else line for line in lines]


def count_cells(session: Session, period: str) -> tuple[int, int]:
    """Stored cells of a period, and how many of them are small (left out of published outputs)."""
    total, small = session.execute(
        select(func.count(), func.coalesce(func.sum(cast(MismatchResult.small_cell, Integer)), 0)).where(
            MismatchResult.period == period
        )
    ).one()
    return total, small


def region_totals(session: Session, period: str, regions: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Active jobs and offers of each region in a period (all sectors and levels), from its stored cells."""
    r = MismatchResult
    rows = session.execute(
        select(r.region_code, func.max(r.jobs), func.max(r.offers))
        .where(r.period == period, r.region_code.in_(regions), r.sector_code == ALL, r.education_level == ALL)
        .group_by(r.region_code)
    )
    return {code: (jobs, offers) for code, jobs, offers in rows}
