"""Reading stored skill gap cells: which periods to compute, and the largest gaps for reports and alerts.

Published outputs leave out small cells (``small_cell``: fewer than 10 vacancies and offers together).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from ..models import MismatchResult, Region, Sector, Skill
from ..models.mismatch import CellKey
from ..periods import PERIOD_KINDS, Period, PeriodKind, period_of, periods_between
from .activity import first_observed_day, last_observed_day
from .skill_gap import ALL


def latest_periods(session: Session, kinds: tuple[PeriodKind, ...] = PERIOD_KINDS) -> list[Period]:
    """The week, month and quarter (or the given kinds) of the latest observation (never after today)."""
    last = last_observed_day(session)
    return [period_of(last, kind) for kind in kinds] if last else []


def all_periods(session: Session, kind: PeriodKind) -> list[Period]:
    """Every period of ``kind`` from the first observation to the latest."""
    first, last = first_observed_day(session), last_observed_day(session)
    return periods_between(first, max(first, last), kind) if first and last else []


@dataclass(frozen=True, slots=True)
class GapLine:
    """A stored skill gap cell with readable names, for reports and alerts."""

    cell_id: str
    """The cell's lasting key (``v_skill_gap.cell_id``)."""
    period: str
    skill_id: str
    skill: str
    region_code: str
    region: str
    sector_code: str
    sector: str
    education_level: str
    demand: int
    supply: int
    ratio: float | None
    ratio_low: float | None
    ratio_high: float | None
    gap: int
    share_gap: float | None
    demand_previous: int
    comparable: bool
    """The previous period was observed from its start: ``trend`` compares like with like."""
    trend: float | None
    small_cell: bool
    skill_linked: bool = True
    """The skill is a taxonomy concept; false for an unlinked term."""


UNLINKED_MARK = " (term)"
"""After the name of a skill that is an unlinked term, not a taxonomy concept."""


def skill_name(label: str, *, linked: bool) -> str:
    """A skill's name for people, marked when it is an unlinked term rather than a taxonomy concept.

    >>> skill_name("wondzorg", linked=True), skill_name("dak kapel plaatsen", linked=False)
    ('wondzorg', 'dak kapel plaatsen (term)')
    """
    return label if linked else label + UNLINKED_MARK


def read_gaps(
    session: Session,
    period: str,
    *,
    region: str | None = None,
    region_level: str | None = None,
    sector: str | None = ALL,
    education_level: str | None = ALL,
    surplus: bool = False,
    limit: int = 15,
    published: bool = True,
) -> list[GapLine]:
    """The largest shortages (or surpluses) stored for a period.

    region / region_level: one region, or every region of a level; sector and education_level: one member,
    ``*`` for all together, or None for every single one. published: leave out small cells.
    """
    r = MismatchResult
    query = (
        select(
            r.period,
            r.skill_id,
            Skill.label,
            r.region_code,
            Region.name,
            r.sector_code,
            Sector.name,
            r.education_level,
            r.demand,
            r.supply,
            r.ratio,
            r.ratio_low,
            r.ratio_high,
            r.gap,
            r.share_gap,
            r.demand_previous,
            r.comparable,
            r.trend,
            r.small_cell,
            Skill.linked,
        )
        .join(Skill, Skill.id == r.skill_id)
        .join(Sector, Sector.code == r.sector_code)
        .join(Region, Region.code == r.region_code)
        .where(r.period == period)
        .where(r.gap < 0 if surplus else r.gap > 0)
    )
    if region is not None:
        query = query.where(r.region_code == region)
    if region_level is not None:
        query = query.where(Region.level == region_level)
    for column, member in ((r.sector_code, sector), (r.education_level, education_level)):
        query = query.where(column != ALL) if member is None else query.where(column == member)
    if published:
        query = query.where(r.small_cell.is_(False))
    order = (r.gap.asc(), r.supply.desc()) if surplus else (r.gap.desc(), r.demand.desc())
    query = query.order_by(*order, r.skill_id, r.region_code, r.sector_code).limit(limit)
    return [GapLine(str(CellKey(row[0], row[3], row[5], row[7], row[1])), *row) for row in session.execute(query)]


def count_cells(session: Session, period: str) -> tuple[int, int]:
    """Stored cells of a period, and how many of them are small (left out of published outputs)."""
    total, small = session.execute(
        select(func.count(), func.coalesce(func.sum(cast(MismatchResult.small_cell, Integer)), 0)).where(
            MismatchResult.period == period
        )
    ).one()
    return total, small
