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
   offer; at a level: the offers that meet it) and totals;
5. one final insert that adds ratios, shares, 95% intervals, trend, open duration and the small-cell flag.

Rows exist where demand is positive, and for all-sector, all-level rows where the region has offers in person
(the country: any offer); online offers alone, the same in every region, add no regional rows. Sector × level
rows are kept only where they can be published (not small).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Index,
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
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import CompoundSelect, Select

from core import clock

from ..models import (
    EducationLevel,
    EducationLevelMatch,
    Job,
    JobSkill,
    MismatchResult,
    Offer,
    OfferLocation,
    OfferSkill,
    Region,
    RegionMembership,
)
from ..models.region import ARBEIDSMARKTREGIO, PROVINCIE
from ..periods import Period
from ..reference import ALL_SECTORS, COUNTRY, COUNTRY_LEVEL
from .activity import (
    ONLINE,
    Bounds,
    is_observed,
    job_active,
    job_closed_in,
    observed_from,
    offer_active,
    period_moments,
)

ALL = ALL_SECTORS
"""Code of the 'all' member of the sector and education-level dimensions."""
DEFAULT_LEVELS: tuple[str, ...] = (COUNTRY_LEVEL, PROVINCIE, ARBEIDSMARKTREGIO)
SMALL_CELL = 10
"""Cells resting on fewer vacancies and offers than this are flagged and left out of published outputs."""
Z95 = 1.959963984540054
"""Standard normal quantile of the 95% intervals."""
RECOMPUTE_LOCK = 0x110_0001
"""PostgreSQL advisory lock key held while skill gap cells are rewritten (SQLite locks the whole file anyway)."""
NO_GEMEENTE = ""
"""Stands for an unknown gemeente in the work tables: such jobs and offers count for the country only."""
ROLL_UPS: tuple[tuple[str, ...], ...] = (("sector_code",), ("education_level",), (), ("sector_code", "education_level"))
"""The dimensions each kind of row keeps (the others are ``*``): sector, level, neither, both."""

_work = MetaData()


def _work_table(name: str, *columns: Column) -> Table:
    return Table(name, _work, *columns, prefixes=["TEMPORARY"])


def _key(name: str, length: int = 40, *, index: bool = False) -> Column:
    return Column(name, String(length), index=index)


_periods = _work_table(
    "llo_periods",
    _key("period", 8),
    _key("kind", 8),
    Column("starts", Date),
    Column("ends", Date),
    Column("start_at", DateTime(timezone=True)),
    Column("end_at", DateTime(timezone=True)),
    _key("previous", 8),
    Column("wanted", Boolean),
    Column("comparable", Boolean),
)
_areas = _work_table("llo_areas", _key("gemeente_code", index=True), _key("region_code"))
_regions = _work_table("llo_regions", _key("region_code"))


def _demand_table(name: str, place: str, *, previous: bool = True) -> Table:
    """Demand counts per period × skill × place × sector × level, with the previous period's demand."""
    return _work_table(
        name,
        _key("period", 8),
        _key("skill_id", 120),
        _key(place),
        _key("sector_code"),
        _key("education_level"),
        Column("demand", Integer),
        *([Column("demand_previous", Integer)] if previous else []),
        Column("closed", Integer),
        Column("open_days", Float),
    )


def _jobs_table(name: str, place: str) -> Table:
    """Active jobs per period × place × sector × level, any skill: the denominators of the demand shares."""
    return _work_table(
        name, _key("period", 8), _key(place), _key("sector_code"), _key("education_level"), Column("jobs", Integer)
    )


_counted = _demand_table("llo_counted", "gemeente_code", previous=False)  # every period, before the pairing
_fine, _demand = _demand_table("llo_fine_demand", "gemeente_code"), _demand_table("llo_demand", "region_code")
_fine_jobs, _jobs = _jobs_table("llo_fine_jobs", "gemeente_code"), _jobs_table("llo_jobs", "region_code")
_available = _work_table("llo_available", _key("period", 8), Column("offer_id", Integer), _key("region_code"))
_offer_levels = _work_table("llo_offer_levels", Column("offer_id", Integer, index=True), _key("education_level"))
_supply = _work_table(
    "llo_supply",
    _key("period", 8),
    _key("skill_id", 120),
    _key("region_code"),
    _key("education_level"),
    Column("supply", Integer),
    Column("in_person", Integer),
)
_offers = _work_table(
    "llo_offers", _key("period", 8), _key("region_code"), _key("education_level"), Column("offers", Integer)
)


# Lookup keys of the small work tables the final statement joins to (SQLite joins by index, not by hash).
for _table, _columns in (
    (_supply, ("period", "region_code", "skill_id", "education_level")),
    (_jobs, ("period", "region_code", "sector_code", "education_level")),
    (_offers, ("period", "region_code", "education_level")),
):
    Index(f"{_table.name}_key", *(_table.c[column] for column in _columns))


_PERIOD_BOUNDS = Bounds(_periods.c.starts, _periods.c.ends, _periods.c.start_at, _periods.c.end_at)


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
    periods = tuple(dict.fromkeys(periods))
    labels = tuple(p.label for p in periods)
    if not periods:
        return SkillGapRun(labels, tuple(levels), 0)
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # one recompute at a time: cells are unique by construction only
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RECOMPUTE_LOCK})
    _work.create_all(connection)  # temporary: each connection has its own; checkfirst reuses a leftover one
    _clear(session, *_work.sorted_tables)
    _fill_periods(session, periods)
    _fill_areas(session, levels)
    _fill_demand(session)
    _fill_supply(session)
    session.execute(delete(MismatchResult).where(MismatchResult.period.in_(labels)))
    results = _results()
    session.execute(insert(MismatchResult).from_select([column.name for column in results.selected_columns], results))
    stored = session.scalar(select(func.count()).where(MismatchResult.period.in_(labels)))
    _work.drop_all(connection)
    return SkillGapRun(labels, tuple(levels), stored)


def _fill_periods(session: Session, periods: Sequence[Period]) -> None:
    """The wanted periods and the ones before them, with whether the one before was observed from its start."""
    since = observed_from(session)
    wanted = {p.previous(): False for p in periods} | {p: True for p in periods}
    rows = []
    for period, is_wanted in wanted.items():
        start_at, end_at = period_moments(period)
        rows.append(
            {
                "period": period.label,
                "kind": period.kind,
                "starts": period.start,
                "ends": period.end,
                "start_at": start_at,
                "end_at": end_at,
                "previous": period.previous().label,
                "wanted": is_wanted,
                "comparable": is_observed(period.previous(), since),
            }
        )
    session.execute(insert(_periods), rows)
    _analyse(session, _periods)


def _fill_areas(session: Session, levels: Sequence[str]) -> None:
    """Which regions each gemeente counts for: its areas at the requested levels, and the country for all."""
    memberships = (
        select(RegionMembership.gemeente_code, RegionMembership.region_code)
        .join(Region, Region.code == RegionMembership.region_code)
        .where(Region.level.in_([level for level in levels if level != COUNTRY_LEVEL]))
    )
    _fill(session, _areas, memberships)
    if COUNTRY_LEVEL in levels:
        gemeenten = select(RegionMembership.gemeente_code, literal(COUNTRY)).where(
            RegionMembership.region_code == COUNTRY
        )
        _fill(session, _areas, union_all(gemeenten, select(literal(NO_GEMEENTE), literal(COUNTRY))))
    _fill(session, _regions, select(_areas.c.region_code).distinct())


def _fill(session: Session, table: Table, query: Select | CompoundSelect, columns: list[str] | None = None) -> None:
    """Insert a query's rows into a work table; on PostgreSQL also gather its statistics, since autovacuum never
    analyses temporary tables and the planner would otherwise take them for empty."""
    session.execute(insert(table).from_select(columns or list(table.c.keys()), query))
    _analyse(session, table)


def _analyse(session: Session, table: Table) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {table.name}"))


def _clear(session: Session, *tables: Table) -> None:
    for table in tables:
        session.execute(delete(table))


def _fill_demand(session: Session) -> None:
    """Demand and job counts per period × gemeente (the previous period's demand alongside), then rolled up to
    the regions."""
    gemeente = func.coalesce(Job.gemeente_code, NO_GEMEENTE)
    active = job_active(_PERIOD_BOUNDS)
    closed = job_closed_in(_PERIOD_BOUNDS)
    keys = (JobSkill.skill_id, gemeente, Job.sector_code, Job.education_level)
    counted = (
        select(
            _periods.c.period,
            *keys,
            func.count(),
            func.sum(case((closed, 1), else_=0)),
            func.sum(case((closed, Job.open_days), else_=null())),
        )
        .select_from(_periods)
        .join(Job, active)
        .join(JobSkill, JobSkill.job_id == Job.id)
        .group_by(_periods.c.period, *keys)
    )
    _fill(session, _counted, counted)
    now, before, zero = _counted.alias("now"), _counted.alias("before"), literal(0)
    cell = ("skill_id", "gemeente_code", "sector_code", "education_level")
    both = union_all(
        select(now.c.period, *(now.c[key] for key in cell), now.c.demand, zero, now.c.closed, now.c.open_days)
        .join(_periods, and_(_periods.c.period == now.c.period, _periods.c.wanted)),
        select(_periods.c.period, *(before.c[key] for key in cell), zero, before.c.demand, zero, null())
        .join(_periods, and_(_periods.c.previous == before.c.period, _periods.c.wanted)),
    ).subquery("both")  # fmt: skip
    fine = select(*(both.c[i] for i in range(5)), *(func.sum(both.c[i]) for i in range(5, 9))).group_by(
        *(both.c[i] for i in range(5))
    )
    _fill(session, _fine, fine)
    jobs = (
        select(_periods.c.period, gemeente, Job.sector_code, Job.education_level, func.count())
        .select_from(_periods)
        .join(Job, active)
        .where(_periods.c.wanted)
        .group_by(_periods.c.period, gemeente, Job.sector_code, Job.education_level)
    )
    _fill(session, _fine_jobs, jobs)
    _roll_up(session, _fine, _demand, ("period", "skill_id"), ("demand", "demand_previous", "closed", "open_days"))
    _roll_up(session, _fine_jobs, _jobs, ("period",), ("jobs",))


def _roll_up(session: Session, fine: Table, target: Table, keys: tuple[str, ...], counts: tuple[str, ...]) -> None:
    """Sum fine gemeente rows into regions, once for each kind of row in ``ROLL_UPS``. Each is first summed per
    gemeente, so fewer rows fan out to the gemeente's regions; a job without a sector or level is left out of the
    rows that keep that dimension."""
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
        outer = [*(summed.c[key] for key in keys), _areas.c.region_code]
        parts.append(
            select(*outer, *members, *(func.sum(summed.c[count]) for count in counts))
            .join(_areas, _areas.c.gemeente_code == summed.c.gemeente_code)
            .group_by(*outer, *(summed.c[d] for d in kept))
        )
    columns = [*keys, "region_code", "sector_code", "education_level", *counts]
    _fill(session, target, union_all(*parts), columns)


def _fill_supply(session: Session) -> None:
    """Offers per period, skill, region and education level: in person in the region's gemeenten (unknown place:
    the country only), plus every online offer in every region; at a level, the offers that meet it (all
    levels: every offer). An offer given in several gemeenten of a region counts once."""
    place = func.coalesce(OfferLocation.gemeente_code, NO_GEMEENTE)
    active = offer_active(_PERIOD_BOUNDS)
    in_person = (
        select(_periods.c.period, Offer.id, _areas.c.region_code)
        .select_from(_periods)
        .join(Offer, active)
        .outerjoin(OfferLocation, OfferLocation.offer_id == Offer.id)
        .join(_areas, _areas.c.gemeente_code == place)
        .where(_periods.c.wanted, or_(Offer.mode.is_(None), ~ONLINE))
    )
    _fill(session, _available, in_person.distinct())
    online = (
        select(_periods.c.period, Offer.id, _regions.c.region_code)
        .select_from(_periods)
        .join(Offer, active)
        .join(_regions, literal(True))
        .where(_periods.c.wanted, ONLINE)
    )
    _fill(session, _available, online)
    _fill_offer_levels(session)
    levels = (_available.c.period, _available.c.region_code, _offer_levels.c.education_level)
    supply = (
        select(
            _available.c.period,
            OfferSkill.skill_id,
            _available.c.region_code,
            _offer_levels.c.education_level,
            func.count(),
            func.sum(case((Offer.mode.is_(None) | ~ONLINE, 1), else_=0)),
        )
        .join(_offer_levels, _offer_levels.c.offer_id == _available.c.offer_id)
        .join(OfferSkill, OfferSkill.offer_id == _available.c.offer_id)
        .join(Offer, Offer.id == _available.c.offer_id)
        .group_by(*levels, OfferSkill.skill_id)
    )
    _fill(session, _supply, supply)
    totals = (
        select(*levels, func.count())
        .join(_offer_levels, _offer_levels.c.offer_id == _available.c.offer_id)
        .group_by(*levels)
    )
    _fill(session, _offers, totals)


def _fill_offer_levels(session: Session) -> None:
    """The job levels each offer meets (``education_level_matches``; an offer without a level meets every one),
    and ``*`` for every offer."""
    offered = select(_available.c.offer_id).distinct().subquery()
    with_level = (
        select(Offer.id, EducationLevelMatch.job_level)
        .join(offered, offered.c.offer_id == Offer.id)
        .join(EducationLevelMatch, EducationLevelMatch.offer_level == Offer.level)
    )
    open_to_all = (
        select(Offer.id, EducationLevel.code)
        .join(offered, offered.c.offer_id == Offer.id)
        .join(EducationLevel, literal(True))
        .where(Offer.level.is_(None))
    )
    every = select(offered.c.offer_id, literal(ALL))
    _fill(session, _offer_levels, union_all(with_level, open_to_all, every))


def _real(value: ColumnElement) -> ColumnElement[float]:
    return cast(value, Float)


def _divide(numerator: ColumnElement, denominator: ColumnElement) -> ColumnElement[float]:
    # Both sides as floats: SQLAlchemy casts an integer divisor to NUMERIC on PostgreSQL, whose arithmetic is
    # several times slower than double precision.
    return _real(numerator) / _real(denominator)


def _share(part: ColumnElement, whole: ColumnElement) -> ColumnElement[float]:
    return case((whole > 0, _divide(part, whole)), else_=null())


def wilson(successes: ColumnElement, trials: ColumnElement) -> tuple[ColumnElement[float], ColumnElement[float]]:
    """Bounds of the 95% Wilson score interval of a proportion ``successes / trials`` (NULL for no trials)."""
    z2 = Z95 * Z95
    x, n = _real(successes), _real(trials)
    centre = (x + z2 / 2) / (n + z2)
    half = Z95 / (n + z2) * func.sqrt(x * (n - x) / n + z2 / 4)
    valid = trials > 0
    return case((valid, centre - half), else_=null()), case((valid, centre + half), else_=null())


def _results() -> Select:
    """Every cell, each column labelled with the stored column it fills: the demand rows with their supply, and the
    supply rows no demand row of all sectors and levels covers."""
    demand, all_rows = _demand, _demand.alias("all_rows")

    def same_region(other, cell) -> ColumnElement[bool]:
        return and_(other.c.period == cell.c.period, other.c.region_code == cell.c.region_code)

    def with_totals(query: Select, cell, sector: ColumnElement, level: ColumnElement) -> Select:
        return (
            query.join(_periods, _periods.c.period == cell.c.period)
            .outerjoin(
                _jobs, and_(same_region(_jobs, cell), _jobs.c.sector_code == sector, _jobs.c.education_level == level)
            )
            .outerjoin(_offers, and_(same_region(_offers, cell), _offers.c.education_level == level))
        )

    totals = (
        func.coalesce(_jobs.c.jobs, 0).label("jobs"),
        func.coalesce(_offers.c.offers, 0).label("offers"),
        _periods.c.comparable.label("comparable"),
        _periods.c.kind.label("period_kind"),
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
    ).where(_periods.c.wanted)
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
        case((b.supply > 0, _divide(b.demand, b.supply)), else_=null()).label("ratio"),
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
            (and_(b.comparable, b.demand_previous > 0), _divide(b.demand - b.demand_previous, b.demand_previous)),
            else_=null(),
        ).label("trend"),
        b.closed,
        case((b.closed > 0, _divide(b.open_days, b.closed)), else_=null()).label("open_days_mean"),
        cast(b.demand + b.supply < SMALL_CELL, Boolean).label("small_cell"),
        literal(clock.now(), DateTime(timezone=True)).label("computed_at"),
    ).where(or_(~crossed, b.demand + b.supply >= SMALL_CELL))
