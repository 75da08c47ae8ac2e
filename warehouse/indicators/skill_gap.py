"""Skill gap: demand (unique jobs) and supply (training offers) per period × skill × region × sector × level.

The formulas are documented in ``docs/indicators.md``. The computation runs inside the database as a few
``INSERT … SELECT`` statements over temporary tables, the same SQL on SQLite, PostgreSQL and DuckDB:

1. fine counts per skill × gemeente × sector × education level, for the period and the one before it;
2. roll-ups to the regions of the requested levels (any set of gemeenten: provinces, arbeidsmarktregio's,
   configured groupings, the country), as sector rows, education-level rows and all-of-both rows;
3. supply per skill × region (offers given in person there, plus every online offer) and the totals;
4. one final insert that adds ratios, shares, 95% intervals, trend, open duration and the small-cell flag.

Cells are the rows with a sector and all levels (``*``), a level and all sectors, or all of both; crossing
sector with level would split cells below any useful size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from ..models import Job, JobSkill, MismatchResult, Offer, OfferLocation, OfferSkill, Region, RegionMembership
from ..models.region import ARBEIDSMARKTREGIO, PROVINCIE
from ..periods import Period
from ..reference import ALL_SECTORS, COUNTRY, COUNTRY_LEVEL

ALL = ALL_SECTORS
"""Code of the 'all' member of the sector and education-level dimensions."""
DEFAULT_LEVELS: tuple[str, ...] = (COUNTRY_LEVEL, PROVINCIE, ARBEIDSMARKTREGIO)
SMALL_CELL = 10
"""Cells resting on fewer vacancies and offers than this are flagged and left out of published outputs."""
Z95 = 1.959963984540054
"""Standard normal quantile of the 95% intervals."""
NO_GEMEENTE = ""
"""Stands for an unknown gemeente in the work tables: such jobs and offers count for the country only."""

_work = MetaData()


def _work_table(name: str, *columns: Column) -> Table:
    return Table(name, _work, *columns, prefixes=["TEMPORARY"])


def _key(name: str, length: int = 40) -> Column:
    return Column(name, String(length))


_areas = _work_table("llo_areas", _key("gemeente_code"), _key("region_code"))
_regions = _work_table("llo_regions", _key("region_code"))


def _demand_table(name: str, place: str) -> Table:
    """Demand counts per skill × place × sector × level, for the period (slot 0) and the one before (slot 1)."""
    return _work_table(
        name,
        Column("slot", Integer),
        _key("skill_id", 120),
        _key(place),
        _key("sector_code"),
        _key("education_level"),
        Column("demand", Integer),
        Column("closed", Integer),
        Column("open_days", Float),
    )


def _jobs_table(name: str, place: str) -> Table:
    """Active jobs per place × sector × level, any skill: the denominators of the demand shares."""
    return _work_table(name, _key(place), _key("sector_code"), _key("education_level"), Column("jobs", Integer))


_fine, _demand = _demand_table("llo_fine_demand", "gemeente_code"), _demand_table("llo_demand", "region_code")
_fine_jobs, _jobs = _jobs_table("llo_fine_jobs", "gemeente_code"), _jobs_table("llo_jobs", "region_code")
_supply = _work_table("llo_supply", _key("skill_id", 120), _key("region_code"), Column("supply", Integer))
_offers = _work_table("llo_offers", _key("region_code"), Column("offers", Integer))
_cells = _work_table(
    "llo_cells", _key("skill_id", 120), _key("region_code"), _key("sector_code"), _key("education_level")
)
CURRENT, PREVIOUS = 0, 1


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def job_active(period: Period) -> ColumnElement[bool]:
    """A job is active in a period when it was published by its end (its publication date, else the day it was
    first seen), is valid through its start or later (or has no closing date) and was not closed before it."""
    after_end = _day_start(period.end + dt.timedelta(days=1))
    return and_(
        or_(Job.date_posted <= period.end, and_(Job.date_posted.is_(None), Job.first_seen < after_end)),
        or_(Job.valid_through.is_(None), Job.valid_through >= period.start),
        or_(Job.closed_at.is_(None), Job.closed_at >= _day_start(period.start)),
    )


def job_closed_in(period: Period) -> ColumnElement[bool]:
    """The job's last member closed during the period."""
    return and_(
        Job.closed_at >= _day_start(period.start),
        Job.closed_at < _day_start(period.end + dt.timedelta(days=1)),
    )


def offer_active(period: Period) -> ColumnElement[bool]:
    """An offer is active in a period when it was listed by its end and not closed before its start."""
    return and_(
        Offer.first_seen < _day_start(period.end + dt.timedelta(days=1)),
        or_(Offer.closed_at.is_(None), Offer.closed_at >= _day_start(period.start)),
    )


ONLINE = Offer.mode == "online"
"""Fully online offers are available in every region."""


@dataclass(frozen=True, slots=True)
class SkillGapRun:
    """What one recompute stored."""

    periods: tuple[str, ...]
    levels: tuple[str, ...]
    cells: int


def recompute_skill_gap(
    session: Session, periods: Iterable[Period], levels: Sequence[str] = DEFAULT_LEVELS
) -> SkillGapRun:
    """Compute and store the skill gap of each period, replacing what was stored for it (formulas in the module
    and docs/indicators.md). Runs in the caller's transaction: a failure leaves the stored results as they were."""
    periods = tuple(periods)
    connection = session.connection()
    _work.create_all(connection)  # temporary: each connection has its own; checkfirst reuses a leftover one
    _clear(session, *_work.sorted_tables)
    _fill_areas(session, levels)
    stored = sum(_compute_period(session, period) for period in periods)
    _work.drop_all(connection)
    return SkillGapRun(tuple(p.label for p in periods), tuple(levels), stored)


def _fill_areas(session: Session, levels: Sequence[str]) -> None:
    """Which regions each gemeente counts for: its areas at the requested levels, and the country for all."""
    memberships = (
        select(RegionMembership.gemeente_code, RegionMembership.region_code)
        .join(Region, Region.code == RegionMembership.region_code)
        .where(Region.level.in_([level for level in levels if level != COUNTRY_LEVEL]))
    )
    session.execute(insert(_areas).from_select(["gemeente_code", "region_code"], memberships))
    if COUNTRY_LEVEL in levels:
        gemeenten = select(RegionMembership.gemeente_code, literal(COUNTRY)).where(
            RegionMembership.region_code == COUNTRY
        )
        session.execute(insert(_areas).from_select(["gemeente_code", "region_code"], gemeenten))
        session.execute(insert(_areas).values(gemeente_code=NO_GEMEENTE, region_code=COUNTRY))
    session.execute(insert(_regions).from_select(["region_code"], select(_areas.c.region_code).distinct()))


def _clear(session: Session, *tables: Table) -> None:
    for table in tables:
        session.execute(delete(table))


def _compute_period(session: Session, period: Period) -> int:
    _clear(session, _fine, _fine_jobs, _demand, _jobs, _supply, _offers, _cells)
    gemeente = func.coalesce(Job.gemeente_code, NO_GEMEENTE)
    for slot, when in ((CURRENT, period), (PREVIOUS, period.previous())):
        closed = job_closed_in(when)
        fine = (
            select(
                literal(slot),
                JobSkill.skill_id,
                gemeente,
                Job.sector_code,
                Job.education_level,
                func.count(),
                func.sum(case((closed, 1), else_=0)),
                func.sum(case((closed, Job.open_days), else_=null())),
            )
            .join(Job, Job.id == JobSkill.job_id)
            .where(job_active(when))
            .group_by(JobSkill.skill_id, gemeente, Job.sector_code, Job.education_level)
        )
        session.execute(insert(_fine).from_select(list(_fine.c.keys()), fine))
    jobs = (
        select(gemeente, Job.sector_code, Job.education_level, func.count())
        .where(job_active(period))
        .group_by(gemeente, Job.sector_code, Job.education_level)
    )
    session.execute(insert(_fine_jobs).from_select(list(_fine_jobs.c.keys()), jobs))
    _roll_up(session, _fine, _demand, ("slot", "skill_id"), ("demand", "closed", "open_days"))
    _roll_up(session, _fine_jobs, _jobs, (), ("jobs",))
    _fill_supply(session, period)
    cells = union(
        select(_demand.c.skill_id, _demand.c.region_code, _demand.c.sector_code, _demand.c.education_level).where(
            _demand.c.slot == CURRENT
        ),
        select(_supply.c.skill_id, _supply.c.region_code, literal(ALL), literal(ALL)),
    )
    session.execute(insert(_cells).from_select(list(_cells.c.keys()), cells))
    session.execute(delete(MismatchResult).where(MismatchResult.period == period.label))
    result = session.execute(
        insert(MismatchResult).from_select(list(_RESULT_COLUMNS), _results(period, dt.datetime.now(dt.UTC)))
    )
    return result.rowcount


def _roll_up(session: Session, fine: Table, target: Table, keys: tuple[str, ...], counts: tuple[str, ...]) -> None:
    """Sum fine gemeente rows into regions, as (sector, all levels), (all sectors, level) and (all, all) rows."""
    region = _areas.c.region_code
    key_columns = [fine.c[key] for key in keys]
    sums = [func.sum(fine.c[count]) for count in counts]
    joined = fine.join(_areas, _areas.c.gemeente_code == fine.c.gemeente_code)
    sector, level = fine.c.sector_code, fine.c.education_level
    parts = [
        select(*key_columns, region, sector, literal(ALL), *sums)
        .select_from(joined)
        .where(sector.is_not(None))
        .group_by(*key_columns, region, sector),
        select(*key_columns, region, literal(ALL), level, *sums)
        .select_from(joined)
        .where(level.is_not(None))
        .group_by(*key_columns, region, level),
        select(*key_columns, region, literal(ALL), literal(ALL), *sums)
        .select_from(joined)
        .group_by(*key_columns, region),
    ]
    columns = [*keys, "region_code", "sector_code", "education_level", *counts]
    session.execute(insert(target).from_select(columns, union_all(*parts)))


def _fill_supply(session: Session, period: Period) -> None:
    """Offers per skill and region: in person in the region's gemeenten (unknown place: the country only),
    plus every online offer in every region. An offer given in several gemeenten of a region counts once."""
    place = func.coalesce(OfferLocation.gemeente_code, NO_GEMEENTE)
    in_person = (
        select(Offer.id.label("offer_id"), _areas.c.region_code)
        .select_from(Offer)
        .outerjoin(OfferLocation, OfferLocation.offer_id == Offer.id)
        .join(_areas, _areas.c.gemeente_code == place)
        .where(offer_active(period), or_(Offer.mode.is_(None), ~ONLINE))
    )
    online = (
        select(Offer.id.label("offer_id"), _regions.c.region_code)
        .select_from(Offer)
        .join(_regions, literal(True))
        .where(offer_active(period), ONLINE)
    )
    available = union(in_person, online).subquery("available")
    supply = (
        select(OfferSkill.skill_id, available.c.region_code, func.count())
        .join(available, available.c.offer_id == OfferSkill.offer_id)
        .group_by(OfferSkill.skill_id, available.c.region_code)
    )
    session.execute(insert(_supply).from_select(list(_supply.c.keys()), supply))
    totals = select(available.c.region_code, func.count()).group_by(available.c.region_code)
    session.execute(insert(_offers).from_select(list(_offers.c.keys()), totals))


_RESULT_COLUMNS = (
    "period",
    "period_kind",
    "skill_id",
    "region_code",
    "sector_code",
    "education_level",
    "demand",
    "supply",
    "jobs",
    "offers",
    "ratio",
    "ratio_low",
    "ratio_high",
    "gap",
    "demand_share",
    "supply_share",
    "share_gap",
    "share_gap_low",
    "share_gap_high",
    "demand_previous",
    "trend",
    "closed",
    "open_days_mean",
    "small_cell",
    "computed_at",
)


def _real(value: ColumnElement) -> ColumnElement[float]:
    return cast(value, Float)


def _share(part: ColumnElement, whole: ColumnElement) -> ColumnElement[float]:
    return case((whole > 0, _real(part) / whole), else_=null())


def wilson(successes: ColumnElement, trials: ColumnElement) -> tuple[ColumnElement[float], ColumnElement[float]]:
    """Bounds of the 95% Wilson score interval of a proportion ``successes / trials`` (NULL for no trials)."""
    z2 = Z95 * Z95
    x, n = _real(successes), _real(trials)
    centre = (x + z2 / 2) / (n + z2)
    half = Z95 / (n + z2) * func.sqrt(x * (n - x) / n + z2 / 4)
    valid = trials > 0
    return case((valid, centre - half), else_=null()), case((valid, centre + half), else_=null())


def _results(period: Period, computed_at: dt.datetime) -> Select:
    cells, current, before = _cells, _demand.alias("current"), _demand.alias("before")

    def same_cell(other) -> ColumnElement[bool]:
        return and_(
            other.c.skill_id == cells.c.skill_id,
            other.c.region_code == cells.c.region_code,
            other.c.sector_code == cells.c.sector_code,
            other.c.education_level == cells.c.education_level,
        )

    counts = (
        select(
            cells.c.skill_id,
            cells.c.region_code,
            cells.c.sector_code,
            cells.c.education_level,
            func.coalesce(current.c.demand, 0).label("demand"),
            func.coalesce(_supply.c.supply, 0).label("supply"),
            func.coalesce(_jobs.c.jobs, 0).label("jobs"),
            func.coalesce(_offers.c.offers, 0).label("offers"),
            func.coalesce(before.c.demand, 0).label("demand_previous"),
            func.coalesce(current.c.closed, 0).label("closed"),
            current.c.open_days,
        )
        .select_from(cells)
        .outerjoin(current, and_(current.c.slot == CURRENT, same_cell(current)))
        .outerjoin(before, and_(before.c.slot == PREVIOUS, same_cell(before)))
        .outerjoin(_supply, and_(_supply.c.skill_id == cells.c.skill_id, _supply.c.region_code == cells.c.region_code))
        .outerjoin(
            _jobs,
            and_(
                _jobs.c.region_code == cells.c.region_code,
                _jobs.c.sector_code == cells.c.sector_code,
                _jobs.c.education_level == cells.c.education_level,
            ),
        )
        .outerjoin(_offers, _offers.c.region_code == cells.c.region_code)
        .subquery("counts")
    )
    d, s, jobs, offers = counts.c.demand, counts.c.supply, counts.c.jobs, counts.c.offers
    # The ratio's interval: given d + s, d is binomial with p = demand rate / (demand + supply rate), so a
    # Wilson interval for p maps to one for the ratio p / (1 - p) (the usual interval for a ratio of counts).
    ratio_p_low, ratio_p_high = wilson(d, d + s)
    demand_low, demand_high = wilson(d, jobs)
    supply_low, supply_high = wilson(s, offers)
    bounds = select(
        counts,
        ratio_p_low.label("ratio_p_low"),
        ratio_p_high.label("ratio_p_high"),
        _share(d, jobs).label("demand_share"),
        _share(s, offers).label("supply_share"),
        demand_low.label("demand_low"),
        demand_high.label("demand_high"),
        supply_low.label("supply_low"),
        supply_high.label("supply_high"),
    ).subquery("bounds")
    b = bounds.c
    has_shares = and_(b.jobs > 0, b.offers > 0)
    share_gap = b.demand_share - b.supply_share
    # Newcombe's hybrid score interval for a difference of two independent proportions.
    share_gap_low = share_gap - func.sqrt(
        (b.demand_share - b.demand_low) * (b.demand_share - b.demand_low)
        + (b.supply_high - b.supply_share) * (b.supply_high - b.supply_share)
    )
    share_gap_high = share_gap + func.sqrt(
        (b.demand_high - b.demand_share) * (b.demand_high - b.demand_share)
        + (b.supply_share - b.supply_low) * (b.supply_share - b.supply_low)
    )
    return select(
        literal(period.label),
        literal(period.kind),
        b.skill_id,
        b.region_code,
        b.sector_code,
        b.education_level,
        b.demand,
        b.supply,
        b.jobs,
        b.offers,
        case((b.supply > 0, _real(b.demand) / b.supply), else_=null()),
        case((b.supply > 0, b.ratio_p_low / (1 - b.ratio_p_low)), else_=null()),
        case((b.supply > 0, b.ratio_p_high / (1 - b.ratio_p_high)), else_=null()),
        b.demand - b.supply,
        b.demand_share,
        b.supply_share,
        case((has_shares, share_gap), else_=null()),
        case((has_shares, share_gap_low), else_=null()),
        case((has_shares, share_gap_high), else_=null()),
        b.demand_previous,
        case((b.demand_previous > 0, _real(b.demand - b.demand_previous) / b.demand_previous), else_=null()),
        b.closed,
        case((b.closed > 0, b.open_days / b.closed), else_=null()),
        cast(b.demand + b.supply < SMALL_CELL, Boolean),
        literal(computed_at),
    )
