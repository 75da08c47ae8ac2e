"""Temporary work tables the indicator recomputes share, filled once per recompute inside the database:

- the periods asked for, each with the one before it (for the trend) and whether that one was observed;
- which regions of the requested levels each gemeente counts for (the country for all, and for jobs and offers
  without a known gemeente);
- which offers are available in which region in each period (in person in one of its gemeenten, or online);
- which cells to replace: every region of a period recomputed whole, else only the regions whose inputs changed
  (``SCOPE``), and the regions to count in each period for that (``COUNTED``: those, and in the period before
  each, the same regions, for the trend).

Each indicator adds its own work tables to ``WORK`` with ``work_table``; ``prepare`` creates them all (temporary:
each connection has its own) and fills the shared ones, ``finish`` drops them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, CompoundSelect, FromClause, Select

from ..models import Offer, OfferLocation, Region, RegionMembership
from ..models.base import Base
from ..models.region import RegionLevel
from ..periods import Period
from ..reference import COUNTRY
from .activity import ONLINE, Bounds, is_observed, observed_from, offer_active, period_moments

NO_GEMEENTE = ""
"""Stands for an unknown gemeente in the work tables: such jobs and offers count for the country only."""

WORK = MetaData()


@dataclass(frozen=True, slots=True)
class IndicatorRun:
    """What one recompute of an indicator stored."""

    indicator: str
    periods: tuple[str, ...]
    levels: tuple[str, ...]
    cells: int


def work_table(name: str, *columns: Column) -> Table:
    """A temporary work table of the recompute."""
    return Table(name, WORK, *columns, prefixes=["TEMPORARY"])


def key(name: str, length: int = 40, *, index: bool = False) -> Column:
    """A text key column of a work table."""
    return Column(name, String(length), index=index)


PERIODS = work_table(
    "llo_periods",
    key("period", 8),
    key("kind", 8),
    Column("starts", Date),
    Column("ends", Date),
    Column("start_at", DateTime(timezone=True)),
    Column("end_at", DateTime(timezone=True)),
    key("previous", 8),
    Column("wanted", Boolean),
    Column("comparable", Boolean),
    Column("whole", Boolean),
)
"""The wanted periods and the ones before them; ``comparable``: the one before was observed from its start;
``whole``: a wanted period recomputed in every region (its stored cells all replaced)."""
AREAS = work_table("llo_areas", key("gemeente_code", index=True), key("region_code"))
"""Each gemeente (and ``NO_GEMEENTE``) with every region of the requested levels it counts for."""
REGIONS = work_table("llo_regions", key("region_code"))
"""The regions of the requested levels."""
AVAILABLE = work_table("llo_available", key("period", 8), Column("offer_id", Integer), key("region_code"))
"""Active offers of each wanted period and the regions they are available in; an online offer once per period,
under ``EVERY_REGION``."""
EVERY_REGION = "*"
"""The region of an online offer in ``AVAILABLE``: it is available in every region alike, so it is counted once per
period and its counts are added to each region afterwards (``in_every_region``) instead of being counted again in
each of some fifty regions."""
SCOPE = work_table("llo_scope", key("period", 8), key("region_code"))
"""The cells to replace: each wanted period with the regions recomputed in it."""
COUNTED = work_table("llo_counted_regions", key("period", 8), key("region_code"))
"""The regions counted in each period: those of ``SCOPE``, and the same ones in the period before, for the trend."""
for _table in (SCOPE, COUNTED):
    Index(f"{_table.name}_key", _table.c.period, _table.c.region_code)
PERIOD_BOUNDS = Bounds(PERIODS.c.starts, PERIODS.c.ends, PERIODS.c.start_at, PERIODS.c.end_at)
"""The bounds of the period of a ``PERIODS`` row, for joins."""


RegionsChanged = Mapping[Period, Collection[str]]
"""For some periods, the regions whose cells are to be recomputed; a period not in it is recomputed whole."""


def prepare(
    session: Session, periods: Sequence[Period], levels: Sequence[str], lock: int, changed: RegionsChanged
) -> None:
    """Create the work tables (empty) and fill the shared ones; on PostgreSQL first take the advisory lock
    ``lock`` for the transaction, so one recompute of an indicator runs at a time (its cells are unique by
    construction only)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})
    WORK.create_all(connection)  # temporary: each connection has its own; checkfirst reuses a leftover one
    for table in WORK.sorted_tables:
        session.execute(delete(table))
    _fill_periods(session, periods, changed)
    _fill_areas(session, levels)
    _fill_scope(session, periods, changed)
    _fill_available(session)


def finish(session: Session) -> None:
    """Drop the work tables."""
    WORK.drop_all(session.connection())


def fill(session: Session, table: Table, query: Select | CompoundSelect, columns: list[str] | None = None) -> None:
    """Insert a query's rows into a work table; on PostgreSQL also gather its statistics, since autovacuum never
    analyses temporary tables and the planner would otherwise take them for empty."""
    session.execute(insert(table).from_select(columns or list(table.c.keys()), query))
    _analyse(session, table)


def _analyse(session: Session, table: Table) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {table.name}"))


def in_scope(table: FromClause, scope: Table = SCOPE) -> ColumnElement[bool]:
    """The row's period and region are in ``scope`` (``SCOPE``: cells to replace; ``COUNTED``: regions counted)."""
    return exists().where(scope.c.period == table.c.period, scope.c.region_code == table.c.region_code)


def replace_cells(session: Session, results: type[Base], query: Select) -> int:
    """Delete the stored cells in scope (of a period recomputed whole: all of them, whatever their level) and
    insert the query's; returns the number of cells the recomputed periods hold now."""
    whole = select(PERIODS.c.period).where(PERIODS.c.wanted, PERIODS.c.whole)
    recomputed = select(PERIODS.c.period).where(PERIODS.c.wanted)
    table = results.__table__
    # The recomputed periods first, so the period index narrows the rows checked against the scope (an increment
    # must not read every stored cell).
    in_recomputed = table.c.period.in_(recomputed)
    session.execute(delete(results).where(in_recomputed, or_(table.c.period.in_(whole), in_scope(table))))
    session.execute(insert(results).from_select([column.name for column in query.selected_columns], query))
    return session.scalar(select(func.count()).where(in_recomputed)) or 0


def _fill_scope(session: Session, periods: Sequence[Period], changed: RegionsChanged) -> None:
    """The regions recomputed in each wanted period (all of them in a period recomputed whole) and the regions
    counted in each period."""
    whole = select(PERIODS.c.period, REGIONS.c.region_code).join(REGIONS, literal(True)).where(PERIODS.c.whole)
    fill(session, SCOPE, whole)
    rows = [{"period": p.label, "region_code": region} for p in periods if p in changed for region in changed[p]]
    if rows:
        session.execute(insert(SCOPE), rows)
    _analyse(session, SCOPE)
    before = select(PERIODS.c.previous, SCOPE.c.region_code).join(PERIODS, PERIODS.c.period == SCOPE.c.period)
    fill(session, COUNTED, union(select(SCOPE), before))


def _fill_periods(session: Session, periods: Sequence[Period], changed: RegionsChanged) -> None:
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
                "whole": is_wanted and period not in changed,
            }
        )
    session.execute(insert(PERIODS), rows)
    _analyse(session, PERIODS)


def _fill_areas(session: Session, levels: Sequence[str]) -> None:
    """Which regions each gemeente counts for: its areas at the requested levels, and the country for all."""
    memberships = (
        select(RegionMembership.gemeente_code, RegionMembership.region_code)
        .join(Region, Region.code == RegionMembership.region_code)
        .where(Region.level.in_([level for level in levels if level != RegionLevel.COUNTRY]))
    )
    fill(session, AREAS, memberships)
    if RegionLevel.COUNTRY in levels:
        gemeenten = select(RegionMembership.gemeente_code, literal(COUNTRY)).where(
            RegionMembership.region_code == COUNTRY
        )
        fill(session, AREAS, union_all(gemeenten, select(literal(NO_GEMEENTE), literal(COUNTRY))))
    fill(session, REGIONS, select(AREAS.c.region_code).distinct())


def _fill_available(session: Session) -> None:
    """Which offers are available where in each wanted period, in the regions recomputed there: in person in the
    region's gemeenten (unknown place: the country only), and every online offer in every region (listed once, under
    ``EVERY_REGION``). An offer given in several gemeenten of a region counts once."""
    place = func.coalesce(OfferLocation.gemeente_code, NO_GEMEENTE)
    active = offer_active(PERIOD_BOUNDS)
    in_person = (
        select(PERIODS.c.period, Offer.id, AREAS.c.region_code)
        .select_from(PERIODS)
        .join(Offer, active)
        .outerjoin(OfferLocation, OfferLocation.offer_id == Offer.id)
        .join(AREAS, AREAS.c.gemeente_code == place)
        .join(SCOPE, and_(SCOPE.c.period == PERIODS.c.period, SCOPE.c.region_code == AREAS.c.region_code))
        .where(PERIODS.c.wanted, or_(Offer.mode.is_(None), ~ONLINE))
    )
    fill(session, AVAILABLE, in_person.distinct())
    online = (
        select(PERIODS.c.period, Offer.id, literal(EVERY_REGION))
        .select_from(PERIODS)
        .join(Offer, active)
        .where(PERIODS.c.wanted, ONLINE)
    )
    fill(session, AVAILABLE, online)


def in_every_region(counted: Select, keys: Sequence[str], counts: Sequence[str]) -> Select:
    """Counts per period × region × ``keys`` from ``counted`` (counts of ``AVAILABLE`` rows per period, region and
    ``keys``, all labelled), with the ``EVERY_REGION`` rows (online offers) added to every region recomputed in
    their period. Online and in-person offers are distinct offers, so their counts add up."""
    rows = counted.cte("counted")  # read twice: a CTE is counted once (SQLite and PostgreSQL materialise it)
    own = select(rows.c.period, rows.c.region_code, *(rows.c[name] for name in (*keys, *counts))).where(
        rows.c.region_code != EVERY_REGION
    )
    spread = (
        select(rows.c.period, SCOPE.c.region_code, *(rows.c[name] for name in (*keys, *counts)))
        .join(SCOPE, SCOPE.c.period == rows.c.period)
        .where(rows.c.region_code == EVERY_REGION)
    )
    both = union_all(own, spread).subquery("both")
    grouped = [both.c.period, both.c.region_code, *(both.c[name] for name in keys)]
    return select(*grouped, *(func.sum(both.c[name]).label(name) for name in counts)).group_by(*grouped)
