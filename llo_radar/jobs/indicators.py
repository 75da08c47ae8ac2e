"""Deduplication into unique jobs and the indicators computed from them."""

from __future__ import annotations

from sqlalchemy import select

from warehouse.db import session_maker
from warehouse.dedupe import DedupeResult, deduplicate
from warehouse.indicators.gaps import all_periods, latest_periods
from warehouse.indicators.incremental import computed_periods, refresh_indicators
from warehouse.indicators.skill_gap import DEFAULT_LEVELS
from warehouse.indicators.work import IndicatorRun
from warehouse.locks import stage_lock
from warehouse.models import Job, Region
from warehouse.periods import PeriodKind, parse_period
from warehouse.reference import region_levels

from ..exceptions import LloRadarError, NoData
from ..settings import Settings
from .database import warehouse_engine


def dedupe(settings: Settings) -> DedupeResult:
    """Group the warehouse's vacancies into unique jobs and rebuild the jobs tables."""
    engine = warehouse_engine(settings)
    with stage_lock(engine, "dedupe"), session_maker(engine).begin() as session:
        return deduplicate(session)


def aggregate(
    settings: Settings,
    periods: list[str] | None = None,
    *,
    every: PeriodKind | None = None,
    levels: list[str] | None = None,
    full: bool = False,
) -> list[IndicatorRun]:
    """Bring every indicator (the skill gap, the occupation profile) of the given periods up to date (default: the
    latest week, month and quarter and every period stored before; ``every``: all periods of that kind in the data)
    for the built-in region levels, the configured groupings and ``levels``, in one transaction: only the periods
    and regions whose inputs changed since they were computed are recomputed, or all of them with ``full``."""
    asked = [parse_period(label) for label in periods or []]
    engine = warehouse_engine(settings)
    with stage_lock(engine, "aggregate"), session_maker(engine).begin() as session:
        known = set(session.scalars(select(Region.level).distinct()))
        if unknown := [level for level in levels or [] if level not in known]:
            raise LloRadarError(
                f"Unknown region level {', '.join(map(repr, unknown))}; the levels are: {', '.join(sorted(known))}"
            )
        if session.scalar(select(Job.id).limit(1)) is None:
            raise NoData("The warehouse holds no jobs yet; run 'llo-radar extract' and 'llo-radar dedupe' first")
        if asked:
            selected = asked
        elif every:
            selected = all_periods(session, every)
        else:
            selected = list(dict.fromkeys([*latest_periods(session), *computed_periods(session)]))
        wanted = [*DEFAULT_LEVELS, *region_levels(session), *(levels or [])]
        levels = list(dict.fromkeys(wanted))
        return refresh_indicators(session, selected, levels, full=full)
