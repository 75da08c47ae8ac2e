"""Skill gap: demand (unique jobs) and supply (training offers) per period × skill × region × sector × level.

The formulas are documented in ``docs/indicators.md``, the counting rules in ``activity.py``. The computation
runs inside the database, for all the requested periods at once, as a few ``INSERT … SELECT`` statements over
temporary work tables; the same SQL runs on SQLite, PostgreSQL and DuckDB:

1. the periods, each with the one before it (for the trend) and whether that one was observed, as a table;
2. fine counts per period × skill × gemeente × sector × education level;
3. roll-ups to the regions of the requested levels (any set of gemeenten: provinces, arbeidsmarktregio's,
   configured groupings, the country), as sector rows, education-level rows, sector × level rows and
   all-of-both rows;
4. supply per period × skill × region × education level (offers given in person there, plus every online
   offer; at a level: the offers that meet it) and totals, counted per offer level and region (online offers once
   per period) and then added to the levels and regions they reach;
5. one final insert that adds ratios, shares, 95% intervals, trend, open duration and the small-cell flag.

Rows exist where demand is positive, and for all-sector, all-level rows where the region has offers in person
(the country: any offer); online offers alone, the same in every region, add no regional rows. Sector × level
rows are kept only where they can be published (not small).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    DateTime,
    Float,
    Index,
    Integer,
    Table,
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

from ..models import EducationLevel, EducationLevelMatch, Job, JobSkill, MismatchResult, Offer, OfferSkill
from ..models.region import RegionLevel
from ..periods import Period
from ..reference import ALL_SECTORS, COUNTRY
from .activity import ONLINE, job_active, job_closed_in
from .intervals import difference_interval, divide, share, wilson
from .work import (
    AREAS,
    AVAILABLE,
    NO_GEMEENTE,
    PERIOD_BOUNDS,
    PERIODS,
    SCOPE,
    IndicatorRun,
    RegionsChanged,
    fill,
    finish,
    in_every_region,
    key,
    prepare,
    replace_cells,
    work_table,
)

NAME = "skill_gap"
ALL = ALL_SECTORS
"""Code of the 'all' member of the sector and education-level dimensions."""
DEFAULT_LEVELS: tuple[str, ...] = (RegionLevel.COUNTRY, RegionLevel.PROVINCE, RegionLevel.LABOUR_MARKET_REGION)
SMALL_CELL = 10
"""Cells resting on fewer vacancies and offers than this are flagged and left out of published outputs."""
RECOMPUTE_LOCK = 0x110_0001
"""PostgreSQL advisory lock key held while skill gap cells are rewritten (SQLite locks the whole file anyway)."""
ROLL_UPS: tuple[tuple[str, ...], ...] = (("sector_code",), ("education_level",), (), ("sector_code", "education_level"))
"""The dimensions each kind of row keeps (the others are ``*``): sector, level, neither, both."""


def _demand_table(name: str, place: str, *, previous: bool = True) -> Table:
    """Demand counts per period × skill × place × sector × level, with the previous period's demand."""
    return work_table(
        name,
        key("period", 8),
        key("skill_id", 120),
        key(place),
        key("sector_code"),
        key("education_level"),
        Column("demand", Integer),
        *([Column("demand_previous", Integer)] if previous else []),
        Column("closed", Integer),
        Column("open_days", Float),
    )


def _jobs_table(name: str, place: str) -> Table:
    """Active jobs per period × place × sector × level, any skill: the denominators of the demand shares."""
    return work_table(
        name, key("period", 8), key(place), key("sector_code"), key("education_level"), Column("jobs", Integer)
    )


_counted = _demand_table("llo_counted", "gemeente_code", previous=False)  # every period, before the pairing
_fine, _demand = _demand_table("llo_fine_demand", "gemeente_code"), _demand_table("llo_demand", "region_code")
_fine_jobs, _jobs = _jobs_table("llo_fine_jobs", "gemeente_code"), _jobs_table("llo_jobs", "region_code")
_levels_met = work_table("llo_levels_met", key("offer_level", index=True), key("education_level"))
"""The job levels an offer of each level meets (``education_level_matches``; no level, ``NO_LEVEL``: every one),
and ``*`` for every offer level."""
NO_LEVEL = ""
"""Stands for an offer without a level in ``_levels_met``."""
_supply = work_table(
    "llo_supply",
    key("period", 8),
    key("skill_id", 120),
    key("region_code"),
    key("education_level"),
    Column("supply", Integer),
    Column("in_person", Integer),
)
_offers = work_table(
    "llo_offers", key("period", 8), key("region_code"), key("education_level"), Column("offers", Integer)
)


# Lookup keys of the small work tables the final statement joins to (SQLite joins by index, not by hash).
for _table, _columns in (
    (_supply, ("period", "region_code", "skill_id", "education_level")),
    (_jobs, ("period", "region_code", "sector_code", "education_level")),
    (_offers, ("period", "region_code", "education_level")),
):
    Index(f"{_table.name}_key", *(_table.c[column] for column in _columns))


def recompute_skill_gap(
    session: Session,
    periods: Iterable[Period],
    levels: Sequence[str] = DEFAULT_LEVELS,
    changed: RegionsChanged | None = None,
) -> IndicatorRun:
    """Compute and store the skill gap of each period, replacing what was stored for it (formulas in the module
    and docs/indicators.md); in a period ``changed`` names, only the cells of the regions it lists. Runs in the
    caller's transaction: a failure leaves the stored results as they were."""
    periods = tuple(dict.fromkeys(periods))
    labels = tuple(p.label for p in periods)
    if not periods:
        return IndicatorRun(NAME, labels, tuple(levels), 0)
    prepare(session, periods, levels, RECOMPUTE_LOCK, changed or {})
    _fill_demand(session)
    _fill_supply(session)
    stored = replace_cells(session, MismatchResult, _results())
    finish(session)
    return IndicatorRun(NAME, labels, tuple(levels), stored)


def _fill_demand(session: Session) -> None:
    """Demand and job counts per period × gemeente (the previous period's demand alongside), then rolled up to
    the regions."""
    gemeente = func.coalesce(Job.gemeente_code, NO_GEMEENTE)
    active = job_active(PERIOD_BOUNDS)
    closed = job_closed_in(PERIOD_BOUNDS)
    keys = (JobSkill.skill_id, gemeente, Job.sector_code, Job.education_level)
    counted = (
        select(
            PERIODS.c.period,
            *keys,
            func.count(),
            func.sum(case((closed, 1), else_=0)),
            func.sum(case((closed, Job.open_days), else_=null())),
        )
        .select_from(PERIODS)
        .join(Job, active)
        .join(JobSkill, JobSkill.job_id == Job.id)
        .group_by(PERIODS.c.period, *keys)
    )
    fill(session, _counted, counted)
    now, before, zero = _counted.alias("now"), _counted.alias("before"), literal(0)
    cell = ("skill_id", "gemeente_code", "sector_code", "education_level")
    both = union_all(
        select(now.c.period, *(now.c[key] for key in cell), now.c.demand, zero, now.c.closed, now.c.open_days)
        .join(PERIODS, and_(PERIODS.c.period == now.c.period, PERIODS.c.wanted)),
        select(PERIODS.c.period, *(before.c[key] for key in cell), zero, before.c.demand, zero, null())
        .join(PERIODS, and_(PERIODS.c.previous == before.c.period, PERIODS.c.wanted)),
    ).subquery("both")  # fmt: skip
    fine = select(*(both.c[i] for i in range(5)), *(func.sum(both.c[i]) for i in range(5, 9))).group_by(
        *(both.c[i] for i in range(5))
    )
    fill(session, _fine, fine)
    jobs = (
        select(PERIODS.c.period, gemeente, Job.sector_code, Job.education_level, func.count())
        .select_from(PERIODS)
        .join(Job, active)
        .where(PERIODS.c.wanted)
        .group_by(PERIODS.c.period, gemeente, Job.sector_code, Job.education_level)
    )
    fill(session, _fine_jobs, jobs)
    _roll_up(session, _fine, _demand, ("period", "skill_id"), ("demand", "demand_previous", "closed", "open_days"))
    _roll_up(session, _fine_jobs, _jobs, ("period",), ("jobs",))


def _roll_up(session: Session, fine: Table, target: Table, keys: tuple[str, ...], counts: tuple[str, ...]) -> None:
    """Sum fine gemeente rows into the regions recomputed in their period, once for each kind of row in
    ``ROLL_UPS``. Each is first summed per gemeente, so fewer rows fan out to the gemeente's regions; a job without
    a sector or level is left out of the rows that keep that dimension."""
    parts = []
    for kept in ROLL_UPS:
        grouped = [*keys, "gemeente_code", *kept]
        summed = (
            select(*(fine.c[key] for key in grouped), *(func.sum(fine.c[count]).label(count) for count in counts))
            .where(*(fine.c[dimension].is_not(None) for dimension in kept))
            .group_by(*(fine.c[key] for key in grouped))
            .subquery()
        )
        members = [summed.c[d] if d in kept else literal(ALL) for d in ("sector_code", "education_level")]
        outer = [*(summed.c[key] for key in keys), AREAS.c.region_code]
        parts.append(
            select(*outer, *members, *(func.sum(summed.c[count]) for count in counts))
            .join(AREAS, AREAS.c.gemeente_code == summed.c.gemeente_code)
            .join(SCOPE, and_(SCOPE.c.period == summed.c.period, SCOPE.c.region_code == AREAS.c.region_code))
            .group_by(*outer, *(summed.c[d] for d in kept))
        )
    columns = [*keys, "region_code", "sector_code", "education_level", *counts]
    fill(session, target, union_all(*parts), columns)


def _fill_supply(session: Session) -> None:
    """Offers per period, skill, region and education level: the offers available in the region (``AVAILABLE``:
    in person in its gemeenten, unknown place the country only, plus every online offer); at a level, the offers
    that meet it (all levels: every offer). Offers are counted per level of their own, then those counts are added
    to the job levels that level meets, and the online offers' counts to every region: counting each offer once
    per region and level it reaches would multiply the rows joined by ten levels and some fifty regions."""
    _fill_levels_met(session)
    own_level = func.coalesce(Offer.level, NO_LEVEL).label("offer_level")
    where = (AVAILABLE.c.period, AVAILABLE.c.region_code, own_level)
    teaching = (
        select(
            *where,
            OfferSkill.skill_id,
            func.count().label("supply"),
            func.sum(case((Offer.mode.is_(None) | ~ONLINE, 1), else_=0)).label("in_person"),
        )
        .join(Offer, Offer.id == AVAILABLE.c.offer_id)
        .join(OfferSkill, OfferSkill.offer_id == AVAILABLE.c.offer_id)
        .group_by(*where, OfferSkill.skill_id)
    )
    supply = in_every_region(
        _at_levels_met(teaching, ("skill_id",), ("supply", "in_person")),
        ("education_level", "skill_id"),
        ("supply", "in_person"),
    )
    fill(session, _supply, supply, ["period", "region_code", "education_level", "skill_id", "supply", "in_person"])
    offered = (
        select(*where, func.count().label("offers")).join(Offer, Offer.id == AVAILABLE.c.offer_id).group_by(*where)
    )
    fill(session, _offers, in_every_region(_at_levels_met(offered, (), ("offers",)), ("education_level",), ("offers",)))


def _at_levels_met(counted: Select, keys: tuple[str, ...], counts: tuple[str, ...]) -> Select:
    """Counts per period × region × offer level × ``keys`` summed into the job levels each offer level meets."""
    rows = counted.subquery("by_offer_level")
    grouped = [rows.c.period, rows.c.region_code, _levels_met.c.education_level, *(rows.c[name] for name in keys)]
    return (
        select(*grouped, *(func.sum(rows.c[name]).label(name) for name in counts))
        .join(_levels_met, _levels_met.c.offer_level == rows.c.offer_level)
        .group_by(*grouped)
    )


def _fill_levels_met(session: Session) -> None:
    """The job levels each offer level meets (``education_level_matches``; no level: every one), and ``*`` for
    every level an offer has."""
    with_level = select(EducationLevelMatch.offer_level, EducationLevelMatch.job_level)
    open_to_all = select(literal(NO_LEVEL), EducationLevel.code)
    every = select(func.coalesce(Offer.level, NO_LEVEL), literal(ALL)).distinct()
    fill(session, _levels_met, union_all(with_level, open_to_all, every))


def _results() -> Select:
    """Every cell, each column labelled with the stored column it fills: the demand rows with their supply, and the
    supply rows no demand row of all sectors and levels covers."""
    demand, all_rows = _demand, _demand.alias("all_rows")

    def same_region(other, cell) -> ColumnElement[bool]:
        return and_(other.c.period == cell.c.period, other.c.region_code == cell.c.region_code)

    def with_totals(query: Select, cell, sector: ColumnElement, level: ColumnElement) -> Select:
        return (
            query.join(PERIODS, PERIODS.c.period == cell.c.period)
            .outerjoin(
                _jobs, and_(same_region(_jobs, cell), _jobs.c.sector_code == sector, _jobs.c.education_level == level)
            )
            .outerjoin(_offers, and_(same_region(_offers, cell), _offers.c.education_level == level))
        )

    totals = (
        func.coalesce(_jobs.c.jobs, 0).label("jobs"),
        func.coalesce(_offers.c.offers, 0).label("offers"),
        PERIODS.c.comparable.label("comparable"),
        PERIODS.c.kind.label("period_kind"),
    )
    with_demand = with_totals(
        select(
            demand.c.period,
            demand.c.skill_id,
            demand.c.region_code,
            demand.c.sector_code,
            demand.c.education_level,
            demand.c.demand,
            func.coalesce(_supply.c.supply, 0).label("supply"),
            *totals,
            demand.c.demand_previous,
            demand.c.closed,
            demand.c.open_days,
        )
        .select_from(demand)
        .outerjoin(
            _supply,
            and_(
                same_region(_supply, demand),
                _supply.c.skill_id == demand.c.skill_id,
                _supply.c.education_level == demand.c.education_level,
            ),
        )
        .where(demand.c.demand > 0),
        demand,
        demand.c.sector_code,
        demand.c.education_level,
    )
    supply_only = with_totals(
        select(
            _supply.c.period,
            _supply.c.skill_id,
            _supply.c.region_code,
            literal(ALL).label("sector_code"),
            _supply.c.education_level,
            literal(0).label("demand"),
            _supply.c.supply,
            *totals,
            func.coalesce(all_rows.c.demand_previous, 0).label("demand_previous"),
            literal(0).label("closed"),
            null().label("open_days"),
        )
        .select_from(_supply)
        .outerjoin(
            all_rows,
            and_(
                same_region(all_rows, _supply),
                all_rows.c.skill_id == _supply.c.skill_id,
                all_rows.c.sector_code == ALL,
                all_rows.c.education_level == ALL,
            ),
        )
        .where(
            _supply.c.education_level == ALL,
            func.coalesce(all_rows.c.demand, 0) == 0,
            or_(_supply.c.in_person > 0, _supply.c.region_code == COUNTRY),
        ),
        _supply,
        literal(ALL),
        literal(ALL),
    ).where(PERIODS.c.wanted)
    counts = union_all(with_demand, supply_only).subquery("counts")
    d, s, jobs, offers = counts.c.demand, counts.c.supply, counts.c.jobs, counts.c.offers
    # The ratio's interval: given d + s, d is binomial with p = demand rate / (demand + supply rate), so a
    # Wilson interval for p maps to one for the ratio p / (1 - p) (the usual interval for a ratio of counts). With
    # no supply the interval still has a lower bound (31 jobs, no offer: at least 8 jobs per offer); its upper
    # bound is open.
    ratio_p_low, ratio_p_high = wilson(d, d + s)
    demand_low, demand_high = wilson(d, jobs)
    supply_low, supply_high = wilson(s, offers)
    bounds = select(
        counts,
        ratio_p_low.label("ratio_p_low"),
        ratio_p_high.label("ratio_p_high"),
        share(d, jobs).label("demand_share"),
        share(s, offers).label("supply_share"),
        demand_low.label("demand_low"),
        demand_high.label("demand_high"),
        supply_low.label("supply_low"),
        supply_high.label("supply_high"),
    ).subquery("bounds")
    b = bounds.c
    has_shares = and_(b.jobs > 0, b.offers > 0)
    share_gap = b.demand_share - b.supply_share
    share_gap_low, share_gap_high = difference_interval(
        (b.demand_share, b.demand_low, b.demand_high), (b.supply_share, b.supply_low, b.supply_high)
    )
    crossed = and_(b.sector_code != ALL, b.education_level != ALL)
    return select(
        b.period,
        b.period_kind,
        b.skill_id,
        b.region_code,
        b.sector_code,
        b.education_level,
        b.demand,
        b.supply,
        b.jobs,
        b.offers,
        case((b.supply > 0, divide(b.demand, b.supply)), else_=null()).label("ratio"),
        case((b.demand > 0, b.ratio_p_low / (1 - b.ratio_p_low)), else_=0.0).label("ratio_low"),  # not -0.0
        case((b.supply > 0, b.ratio_p_high / (1 - b.ratio_p_high)), else_=null()).label("ratio_high"),
        (b.demand - b.supply).label("gap"),
        b.demand_share,
        b.supply_share,
        case((has_shares, share_gap), else_=null()).label("share_gap"),
        case((has_shares, share_gap_low), else_=null()).label("share_gap_low"),
        case((has_shares, share_gap_high), else_=null()).label("share_gap_high"),
        b.demand_previous,
        b.comparable,
        case(
            (and_(b.comparable, b.demand_previous > 0), divide(b.demand - b.demand_previous, b.demand_previous)),
            else_=null(),
        ).label("trend"),
        b.closed,
        case((b.closed > 0, divide(b.open_days, b.closed)), else_=null()).label("open_days_mean"),
        cast(b.demand + b.supply < SMALL_CELL, Boolean).label("small_cell"),
        literal(clock.now(), DateTime(timezone=True)).label("computed_at"),
    ).where(or_(~crossed, b.demand + b.supply >= SMALL_CELL))
