"""Reading stored occupation profile cells with readable names, for the dashboard, its API and factsheets.

Published outputs leave out small cells or show them suppressed (named, without their figures), as for the skill
gap (``gaps.SmallCells``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import IscoGroup, OccupationResult, Region, Skill
from ..models.occupation import OccupationCellKey
from .gaps import API_DOCS, SmallCells, distinct_values

ProfileOrder = Literal["share_gap", "demand_share", "supply_share"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileLine:
    """A stored occupation profile cell with readable names. A suppressed line is a small cell shown without its
    figures: those are null."""

    __pydantic_config__ = API_DOCS

    cell_id: str
    """The cell's lasting key ``period/region/isco/skill`` (``v_occupation_profile.cell_id``)."""
    period: str
    region_code: str
    region: str
    isco_code: str
    """ISCO-08 unit group of the occupation."""
    occupation: str
    """The unit group's Dutch name."""
    skill_id: str
    skill: str
    skill_group: str
    skill_linked: bool
    small_cell: bool
    """Demand + supply < 10: left out of published outputs, or shown suppressed."""
    suppressed: bool = False
    """A small cell whose figures are withheld (null)."""
    comparable: bool
    """The previous period was observed from its start."""
    jobs: int
    """Active jobs of the occupation in the region, any skill."""
    offers: int
    """Active offers for the occupation available in the region."""
    demand: int | None
    """Jobs of the occupation asking for the skill."""
    demand_share: float | None
    demand_share_low: float | None
    demand_share_high: float | None
    supply: int | None
    """Offers for the occupation teaching the skill."""
    supply_share: float | None
    supply_share_low: float | None
    supply_share_high: float | None
    share_gap: float | None
    """demand_share - supply_share: how much more the occupation's jobs ask for the skill than its courses teach."""
    share_gap_low: float | None
    share_gap_high: float | None
    demand_previous: int | None
    trend: float | None
    """(demand - demand_previous) / demand_previous; null when not comparable or new."""

    def without_figures(self) -> ProfileLine:
        """The line suppressed: its figures (not the occupation's totals) withheld."""
        withheld: dict[str, Any] = dict.fromkeys(SUPPRESSED)
        return dataclasses.replace(self, suppressed=True, **withheld)


SUPPRESSED = (
    "demand", "demand_share", "demand_share_low", "demand_share_high", "supply", "supply_share", "supply_share_low",
    "supply_share_high", "share_gap", "share_gap_low", "share_gap_high", "demand_previous", "trend",
)  # fmt: skip


def read_profiles(
    session: Session,
    period: str | Sequence[str],
    *,
    region: str | None = None,
    isco: str | None = None,
    skill: str | None = None,
    skill_group: str | None = None,
    linked: bool | None = None,
    order: ProfileOrder = "share_gap",
    small: SmallCells = "leave_out",
    limit: int | None = 15,
) -> list[ProfileLine]:
    """Stored occupation profile cells of a period (or several), the largest ``order`` first (by period first when
    several are asked for); the filters narrow to a region, an occupation, a skill, a skill group, (un)linked
    skills."""
    r = OccupationResult
    periods = [period] if isinstance(period, str) else list(period)
    query = (
        select(
            r.period, r.region_code, Region.name.label("region"), r.isco_code,
            func.coalesce(IscoGroup.name, r.isco_code).label("occupation"), r.skill_id, Skill.label.label("skill"),
            Skill.group.label("skill_group"), Skill.linked.label("skill_linked"), r.small_cell, r.comparable, r.jobs,
            r.offers, *(getattr(r, name).label(name) for name in SUPPRESSED),
        )
        .join(Skill, Skill.id == r.skill_id)
        .join(Region, Region.code == r.region_code)
        .outerjoin(IscoGroup, IscoGroup.code == r.isco_code)
        .where(r.period.in_(periods))
    )  # fmt: skip
    for column, value in ((r.region_code, region), (r.isco_code, isco), (r.skill_id, skill)):
        if value is not None:
            query = query.where(column == value)
    if skill_group is not None:
        query = query.where(Skill.group == skill_group)
    if linked is not None:
        query = query.where(Skill.linked.is_(linked))
    if small == "leave_out":
        query = query.where(r.small_cell.is_(False))
    ordered = getattr(r, order)
    query = query.order_by(
        r.period, r.small_cell, ordered.desc().nulls_last(), r.demand.desc(), r.skill_id, r.isco_code
    )
    lines = [
        ProfileLine(cell_id=str(OccupationCellKey(row.period, row.region_code, row.isco_code, row.skill_id)),
                    **row._mapping)
        for row in session.execute(query.limit(limit))
    ]  # fmt: skip
    return [line.without_figures() if small == "suppress" and line.small_cell else line for line in lines]


@dataclass(frozen=True, slots=True)
class Occupation:
    """An occupation (ISCO-08 unit group) with stored profile cells."""

    __pydantic_config__ = API_DOCS

    isco_code: str
    name: str
    jobs: int
    """Active jobs of the occupation in the region in the period."""


def stored_occupations(session: Session, period: str, region: str) -> list[Occupation]:
    """The occupations with profile cells in a period and region, the most jobs first."""
    r = OccupationResult
    codes = distinct_values(session, r.isco_code, r.period == period, r.region_code == region)
    # Every cell of an occupation carries its jobs: one row each, found through the index.
    jobs = select(r.jobs).where(r.period == period, r.region_code == region, r.isco_code == IscoGroup.code).limit(1)
    named = select(IscoGroup.code, IscoGroup.name, jobs.scalar_subquery()).where(IscoGroup.code.in_(codes))
    found = [Occupation(code, name, count or 0) for code, name, count in session.execute(named)]
    return sorted(found, key=lambda occupation: (-occupation.jobs, occupation.isco_code))
