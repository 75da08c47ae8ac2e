"""Occupation profile: per period × region × occupation × skill, how many of the occupation's jobs ask for the
skill and how many of the offers for that occupation teach it, with both shares, their difference and 95%
intervals. The formulas are documented in ``docs/indicators.md``, the counting rules in ``activity.py``.

The occupation is the ISCO-08 unit group the pipeline recognised in the vacancy (and in the course page, for
the occupation a course prepares for). Cells cross region and occupation only (all sectors and levels): a
separate, smaller indicator instead of an occupation dimension on every skill gap cell, which would multiply
cells that are mostly too small to publish. Runs inside the database like ``skill_gap`` and shares its work
tables (``work.py``):

1. demand and jobs per period × gemeente × occupation, summed into the regions of the requested levels;
2. supply and offers per period × region × occupation from the offers available there (``work.AVAILABLE``);
3. one final insert of the cells with shares, intervals, the previous period's demand, trend and small-cell flag.

Rows exist in the country where the occupation's jobs ask for the skill or offers for it teach it: every
occupation's national profile is complete (small cells included, for analysts). In the other regions a row exists
only where it can be published (demand + supply ≥ 10): crossing some 400 occupations with every skill and region
would otherwise store tens of millions of cells, nearly all too small to say anything (bench/dashboard_pages.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from core import clock

from ..models import Job, JobSkill, OccupationResult, Offer, OfferSkill
from ..periods import Period
from ..reference import COUNTRY
from .activity import job_active
from .intervals import difference_interval, divide, share, wilson
from .skill_gap import DEFAULT_LEVELS, SMALL_CELL
from .work import (
    AREAS,
    AVAILABLE,
    COUNTED,
    NO_GEMEENTE,
    PERIOD_BOUNDS,
    PERIODS,
    IndicatorRun,
    RegionsChanged,
    fill,
    finish,
    in_every_region,
    in_scope,
    key,
    prepare,
    replace_cells,
    work_table,
)

NAME = "occupation_profile"
RECOMPUTE_LOCK = 0x110_0002
"""PostgreSQL advisory lock key held while occupation profile cells are rewritten."""

_demand = work_table(
    "llo_occupation_demand",
    key("period", 8),
    key("region_code"),
    key("isco_code", 4),
    key("skill_id", 120),
    Column("demand", Integer),
)
_jobs = work_table(
    "llo_occupation_jobs", key("period", 8), key("region_code"), key("isco_code", 4), Column("jobs", Integer)
)
_supply = work_table(
    "llo_occupation_supply",
    key("period", 8),
    key("region_code"),
    key("isco_code", 4),
    key("skill_id", 120),
    Column("supply", Integer),
)
_offers = work_table(
    "llo_occupation_offers", key("period", 8), key("region_code"), key("isco_code", 4), Column("offers", Integer)
)
for _table in (_demand, _jobs, _offers):  # the final statement looks rows up by these keys
    Index(f"{_table.name}_key", *list(_table.c)[:-1])


def recompute_occupation_profile(
    session: Session,
    periods: Iterable[Period],
    levels: Sequence[str] = DEFAULT_LEVELS,
    changed: RegionsChanged | None = None,
) -> IndicatorRun:
    """Compute and store the occupation profile of each period, replacing what was stored for it (formulas in the
    module and docs/indicators.md); in a period ``changed`` names, only the cells of the regions it lists. Runs in
    the caller's transaction: a failure leaves the stored results as they were."""
    periods = tuple(dict.fromkeys(periods))
    labels = tuple(p.label for p in periods)
    if not periods:
        return IndicatorRun(NAME, labels, tuple(levels), 0)
    prepare(session, periods, levels, RECOMPUTE_LOCK, changed or {})
    _fill_demand(session)
    _fill_supply(session)
    stored = replace_cells(session, OccupationResult, _results())
    finish(session)
    return IndicatorRun(NAME, labels, tuple(levels), stored)


def _in_regions(fine: Select, keys: tuple[str, ...], count: str) -> Select:
    """Sum per-gemeente counts into the regions each gemeente counts for, those counted in the period."""
    counted = fine.subquery()
    outer = [counted.c.period, AREAS.c.region_code, *(counted.c[name] for name in keys)]
    return (
        select(*outer, func.sum(counted.c[count]))
        .join(AREAS, AREAS.c.gemeente_code == counted.c.gemeente_code)
        .join(COUNTED, and_(COUNTED.c.period == counted.c.period, COUNTED.c.region_code == AREAS.c.region_code))
        .group_by(*outer)
    )


def _fill_demand(session: Session) -> None:
    """Jobs of each occupation asking for each skill (every period, the previous ones too) and jobs of each
    occupation (wanted periods), per region."""
    gemeente = func.coalesce(Job.gemeente_code, NO_GEMEENTE).label("gemeente_code")
    active = job_active(PERIOD_BOUNDS)
    asking = (
        select(PERIODS.c.period, gemeente, Job.isco_code, JobSkill.skill_id, func.count().label("demand"))
        .select_from(PERIODS)
        .join(Job, active)
        .join(JobSkill, JobSkill.job_id == Job.id)
        .where(Job.isco_code.is_not(None))
        .group_by(PERIODS.c.period, gemeente, Job.isco_code, JobSkill.skill_id)
    )
    fill(session, _demand, _in_regions(asking, ("isco_code", "skill_id"), "demand"))
    present = (
        select(PERIODS.c.period, gemeente, Job.isco_code, func.count().label("jobs"))
        .select_from(PERIODS)
        .join(Job, active)
        .where(PERIODS.c.wanted, Job.isco_code.is_not(None))
        .group_by(PERIODS.c.period, gemeente, Job.isco_code)
    )
    fill(session, _jobs, _in_regions(present, ("isco_code",), "jobs"))


def _fill_supply(session: Session) -> None:
    """Offers for each occupation available in each region, teaching each skill and in all (online offers counted
    once and added to every region)."""
    region = (AVAILABLE.c.period, AVAILABLE.c.region_code, Offer.isco_code)
    available = select(*region).join(Offer, Offer.id == AVAILABLE.c.offer_id).where(Offer.isco_code.is_not(None))
    teaching = available.add_columns(OfferSkill.skill_id, func.count().label("supply")).join(
        OfferSkill, OfferSkill.offer_id == AVAILABLE.c.offer_id
    )
    fill(
        session,
        _supply,
        in_every_region(teaching.group_by(*region, OfferSkill.skill_id), ("isco_code", "skill_id"), ("supply",)),
    )
    offers = available.add_columns(func.count().label("offers")).group_by(*region)
    fill(session, _offers, in_every_region(offers, ("isco_code",), ("offers",)))


def _results() -> Select:
    """Every cell, each column labelled with the stored column it fills."""
    zero = literal(0)
    demand_cell = (_demand.c.period, _demand.c.region_code, _demand.c.isco_code, _demand.c.skill_id)
    supply_cell = (_supply.c.period, _supply.c.region_code, _supply.c.isco_code, _supply.c.skill_id)
    both = union_all(
        select(*demand_cell, _demand.c.demand, zero.label("supply"))
        .join(PERIODS, and_(PERIODS.c.period == _demand.c.period, PERIODS.c.wanted)),
        select(*supply_cell, zero, _supply.c.supply),
    ).subquery("both")  # fmt: skip
    cell = (both.c.period, both.c.region_code, both.c.isco_code, both.c.skill_id)
    summed = (
        select(*cell, func.sum(both.c.demand).label("demand"), func.sum(both.c.supply).label("supply"))
        .group_by(*cell)
        .subquery("summed")
    )
    previous = _demand.alias("previous")

    def same_occupation(table) -> list:
        return [table.c.region_code == summed.c.region_code, table.c.isco_code == summed.c.isco_code]

    counts = (
        select(
            summed,
            func.coalesce(_jobs.c.jobs, 0).label("jobs"),
            func.coalesce(_offers.c.offers, 0).label("offers"),
            func.coalesce(previous.c.demand, 0).label("demand_previous"),
            PERIODS.c.comparable,
            PERIODS.c.kind.label("period_kind"),
        )
        .join(PERIODS, PERIODS.c.period == summed.c.period)
        .outerjoin(_jobs, and_(_jobs.c.period == summed.c.period, *same_occupation(_jobs)))
        .outerjoin(_offers, and_(_offers.c.period == summed.c.period, *same_occupation(_offers)))
        .outerjoin(
            previous,
            and_(
                previous.c.period == PERIODS.c.previous,
                *same_occupation(previous),
                previous.c.skill_id == summed.c.skill_id,
            ),
        )
        .subquery("counts")
    )
    c = counts.c
    demand_low, demand_high = wilson(c.demand, c.jobs)
    supply_low, supply_high = wilson(c.supply, c.offers)
    shares = select(
        counts,
        share(c.demand, c.jobs).label("demand_share"),
        demand_low.label("demand_share_low"),
        demand_high.label("demand_share_high"),
        share(c.supply, c.offers).label("supply_share"),
        supply_low.label("supply_share_low"),
        supply_high.label("supply_share_high"),
    ).subquery("shares")
    s = shares.c
    has_shares = and_(s.jobs > 0, s.offers > 0)
    gap_low, gap_high = difference_interval(
        (s.demand_share, s.demand_share_low, s.demand_share_high),
        (s.supply_share, s.supply_share_low, s.supply_share_high),
    )
    return select(
        s.period,
        s.period_kind,
        s.region_code,
        s.isco_code,
        s.skill_id,
        s.demand,
        s.jobs,
        s.demand_share,
        s.demand_share_low,
        s.demand_share_high,
        s.supply,
        s.offers,
        s.supply_share,
        s.supply_share_low,
        s.supply_share_high,
        case((has_shares, s.demand_share - s.supply_share), else_=null()).label("share_gap"),
        case((has_shares, gap_low), else_=null()).label("share_gap_low"),
        case((has_shares, gap_high), else_=null()).label("share_gap_high"),
        s.demand_previous,
        s.comparable,
        case(
            (and_(s.comparable, s.demand_previous > 0), divide(s.demand - s.demand_previous, s.demand_previous)),
            else_=null(),
        ).label("trend"),
        cast(s.demand + s.supply < SMALL_CELL, Boolean).label("small_cell"),
        literal(clock.now(), DateTime(timezone=True)).label("computed_at"),
    ).where(or_(s.region_code == COUNTRY, s.demand + s.supply >= SMALL_CELL), in_scope(shares))
