"""Skill gap: demand (vacancies) and supply (training offers) per period × skill × sector × region.

Formulas, for a month ``p`` (first day ``start``, last day ``end``):

- A vacancy is *active* in ``p`` when ``date_posted <= end`` (or unknown), ``valid_through >= start``
  (or unknown) and it was not closed before ``start`` (closed: a complete crawl no longer found it).
  An offer is active when it was not closed before ``start``.
- ``demand(skill, sector, region)`` = number of active vacancies located in the region, in the sector, that
  ask for the skill. Sector ``*`` counts all vacancies, including those without a sector.
- ``supply(skill, region)`` = number of active offers teaching the skill that are available in the region:
  offers given in person in a gemeente of the region, plus every fully online offer (online offers are
  available everywhere). Skills are transferable, so supply does not depend on the sector: the same value
  stands on every sector row of a region.
- ``ratio`` = demand / supply (NULL when supply is 0), in the spirit of UWV's spanningsindicator.
- ``gap`` = demand - supply: positive is a shortage, negative a surplus.

Regions are the areas of ``region_level`` (arbeidsmarktregio by default) plus the country (NL).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, distinct, func, insert, or_, select
from sqlalchemy.orm import Session

from ..models import (
    MismatchResult,
    Offer,
    OfferLocation,
    OfferSkill,
    Region,
    RegionMembership,
    Sector,
    Skill,
    Vacancy,
    VacancySkill,
)
from ..models.region import ARBEIDSMARKTREGIO
from ..reference import ALL_SECTORS, COUNTRY


@dataclass(frozen=True, slots=True)
class SkillGapRow:
    """One cell of the skill gap indicator."""

    period: str
    skill_id: str
    sector_code: str
    region_code: str
    demand: int
    supply: int

    @property
    def ratio(self) -> float | None:
        """Demand per offer; None when there is no offer."""
        return self.demand / self.supply if self.supply else None

    @property
    def gap(self) -> int:
        """Demand minus supply."""
        return self.demand - self.supply


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a ``YYYY-MM`` period.

    >>> period_bounds("2026-11")
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    """
    year, month = (int(part) for part in period.split("-"))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def latest_period(session: Session) -> str | None:
    """The month of the most recent vacancy publication (or first sighting), as ``YYYY-MM``."""
    latest = session.scalar(select(func.max(Vacancy.date_posted)))
    if latest is None:
        seen = session.scalar(select(func.max(Vacancy.last_seen)))
        latest = seen.date() if seen else None
    return latest.strftime("%Y-%m") if latest else None


def compute_skill_gap(session: Session, period: str, region_level: str = ARBEIDSMARKTREGIO) -> list[SkillGapRow]:
    """Demand, supply, ratio and gap per skill × sector × region for a month (formulas in the module)."""
    start, end = period_bounds(period)
    levels = (region_level, "land")
    period_start = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    active = (
        or_(Vacancy.date_posted.is_(None), Vacancy.date_posted <= end),
        or_(Vacancy.valid_through.is_(None), Vacancy.valid_through >= start),
        or_(Vacancy.closed_at.is_(None), Vacancy.closed_at >= period_start),
    )
    offer_active = or_(Offer.closed_at.is_(None), Offer.closed_at >= period_start)
    demand_base = (
        select(VacancySkill.skill_id, RegionMembership.region_code, func.count(distinct(Vacancy.id)))
        .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id)
        .join(RegionMembership, RegionMembership.gemeente_code == Vacancy.gemeente_code)
        .join(Region, Region.code == RegionMembership.region_code)
        .where(Region.level.in_(levels), *active)
    )
    demand: Counter[tuple[str, str, str]] = Counter()
    by_sector = demand_base.add_columns(Vacancy.sector_code).where(Vacancy.sector_code.is_not(None))
    for skill, region, count, sector in session.execute(
        by_sector.group_by(VacancySkill.skill_id, RegionMembership.region_code, Vacancy.sector_code)
    ):
        demand[skill, sector, region] = count
    for skill, region, count in session.execute(
        demand_base.group_by(VacancySkill.skill_id, RegionMembership.region_code)
    ):
        demand[skill, ALL_SECTORS, region] = count

    not_online = or_(Offer.mode.is_(None), Offer.mode != "online")
    located = Counter(
        {
            (skill, region): count
            for skill, region, count in session.execute(
                select(OfferSkill.skill_id, RegionMembership.region_code, func.count(distinct(Offer.id)))
                .join(Offer, Offer.id == OfferSkill.offer_id)
                .join(OfferLocation, OfferLocation.offer_id == Offer.id)
                .join(RegionMembership, RegionMembership.gemeente_code == OfferLocation.gemeente_code)
                .join(Region, Region.code == RegionMembership.region_code)
                .where(Region.level.in_(levels), not_online, offer_active)
                .group_by(OfferSkill.skill_id, RegionMembership.region_code)
            )
        }
    )
    online = Counter(
        dict(
            session.execute(
                select(OfferSkill.skill_id, func.count(distinct(Offer.id)))
                .join(Offer, Offer.id == OfferSkill.offer_id)
                .where(Offer.mode == "online", offer_active)
                .group_by(OfferSkill.skill_id)
            )
            .tuples()
            .all()
        )
    )
    regions = set(session.scalars(select(Region.code).where(Region.level == region_level))) | {COUNTRY}

    def supply(skill: str, region: str) -> int:
        return located[skill, region] + online[skill]

    cells = set(demand)
    cells |= {(skill, ALL_SECTORS, region) for skill, region in located}
    cells |= {(skill, ALL_SECTORS, region) for skill in online for region in regions}
    return [
        SkillGapRow(period, skill, sector, region, demand[skill, sector, region], supply(skill, region))
        for skill, sector, region in sorted(cells)
    ]


def store_skill_gap(session: Session, period: str, rows: list[SkillGapRow]) -> None:
    """Replace the stored results of ``period`` with ``rows`` (re-running a period recomputes it exactly)."""
    session.execute(delete(MismatchResult).where(MismatchResult.period == period))
    now = dt.datetime.now(dt.UTC)
    values = [
        {
            "period": row.period,
            "skill_id": row.skill_id,
            "sector_code": row.sector_code,
            "region_code": row.region_code,
            "demand": row.demand,
            "supply": row.supply,
            "ratio": row.ratio,
            "gap": row.gap,
            "computed_at": now,
        }
        for row in rows
    ]
    for start in range(0, len(values), 1000):
        session.execute(insert(MismatchResult), values[start : start + 1000])


@dataclass(frozen=True, slots=True)
class GapLine:
    """A stored skill gap cell with readable names, for reports."""

    skill_id: str
    skill: str
    sector_code: str
    sector: str
    region_code: str
    region: str
    demand: int
    supply: int
    ratio: float | None
    gap: int


def read_gaps(
    session: Session, period: str, *, national: bool = False, surplus: bool = False, limit: int = 15
) -> list[GapLine]:
    """The largest stored shortages (or surpluses) of a period.

    national: the country's all-sectors rows; otherwise regional rows per sector (shortages) or all-sectors
    rows (surpluses, where the sector of a course matters less).
    """
    if national:
        where = (MismatchResult.region_code == COUNTRY, MismatchResult.sector_code == ALL_SECTORS)
    else:
        by_sector = MismatchResult.sector_code == ALL_SECTORS if surplus else MismatchResult.sector_code != ALL_SECTORS
        where = (MismatchResult.region_code != COUNTRY, by_sector)
    order = (
        (MismatchResult.gap.asc(), MismatchResult.supply.desc())
        if surplus
        else (MismatchResult.gap.desc(), MismatchResult.demand.desc())
    )
    query = (
        select(
            MismatchResult.skill_id,
            Skill.label,
            MismatchResult.sector_code,
            Sector.name,
            MismatchResult.region_code,
            Region.name,
            MismatchResult.demand,
            MismatchResult.supply,
            MismatchResult.ratio,
            MismatchResult.gap,
        )
        .join(Skill, Skill.id == MismatchResult.skill_id)
        .join(Sector, Sector.code == MismatchResult.sector_code)
        .join(Region, Region.code == MismatchResult.region_code)
        .where(MismatchResult.period == period, *where)
        .where(MismatchResult.gap < 0 if surplus else MismatchResult.gap > 0)
        .order_by(*order, MismatchResult.skill_id, MismatchResult.region_code)
        .limit(limit)
    )
    return [GapLine(*row) for row in session.execute(query)]
