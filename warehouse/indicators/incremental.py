"""Recompute only what changed: the periods and regions whose inputs changed since their cells were computed
(docs/indicators.md, "Incremental recompute").

Every stored period of an indicator has a record (``indicator_periods``): the last logged input change its cells
include and a digest of the rest they rest on (``basis``). An aggregate first logs the offers that changed
(``warehouse/changes.py``; the jobs rebuild logs the jobs), then, per indicator and period:

- no record, another basis (other region levels or memberships, other education level matches, the previous
  period now comparable or no longer), or ``full``: every cell of the period is recomputed;
- else the regions of the places logged since its record, with a change from before the period's end (a job or
  offer counts in every period after its first sighting; the trend compares with the period before, which ends
  earlier still): only those regions' cells are replaced; none: the period is left as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from core import clock

from ..changes import EVERY_PLACE, NO_PLACE, latest_change, log_offer_changes
from ..models import ComputedPeriod, EducationLevel, EducationLevelMatch, InputChange, Region, RegionMembership
from ..periods import Period, parse_period
from ..reference import COUNTRY
from . import INDICATORS
from .activity import is_observed, observed_from, period_moments
from .work import IndicatorRun


def computed_periods(session: Session) -> list[Period]:
    """The periods any indicator has stored cells of, oldest first."""
    labels = session.scalars(select(ComputedPeriod.period).distinct())
    return sorted(parse_period(label) for label in labels)


def refresh_indicators(
    session: Session, periods: Sequence[Period], levels: Sequence[str], *, full: bool = False
) -> list[IndicatorRun]:
    """Bring every indicator's cells of ``periods`` up to date for the region ``levels``: recompute the cells
    whose inputs changed since they were computed (``full``: all of them) and leave the others untouched. Runs in
    the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        # Wait for jobs rebuilds still writing to the log, and keep new ones out until this transaction ends, so
        # no change is logged under an id this aggregate counts as seen without seeing the change.
        session.execute(text(f"LOCK TABLE {InputChange.__tablename__} IN EXCLUSIVE MODE"))
    log_offer_changes(session)
    seen = latest_change(session)
    reference = _reference_digest(session, levels)
    since = observed_from(session)
    regions_of = _regions_of_places(session, levels)
    runs = []
    for name, indicator in INDICATORS.items():
        records = {
            record.period: record
            for record in session.scalars(select(ComputedPeriod).where(ComputedPeriod.indicator == name))
        }
        bases = {period: f"{reference}:{is_observed(period.previous(), since)}" for period in periods}
        changed = _changed_regions(session, periods, records, bases, regions_of) if not full else {}
        redo = [p for p in periods if full or p in changed or _basis(records, p) != bases[p]]
        runs.append(indicator.recompute(session, redo, levels, changed))
        now = clock.now()
        for period in periods:
            record = records.get(period.label) or session.merge(ComputedPeriod(indicator=name, period=period.label))
            if period in redo:
                record.basis, record.computed_at = bases[period], now
            record.changes_seen = seen
    session.flush()
    oldest = session.scalar(select(func.min(ComputedPeriod.changes_seen)))
    session.execute(delete(InputChange).where(InputChange.id <= (oldest or 0)))
    return runs


def _basis(records: dict[str, ComputedPeriod], period: Period) -> str | None:
    record = records.get(period.label)
    return record.basis if record else None


def _changed_regions(
    session: Session,
    periods: Sequence[Period],
    records: dict[str, ComputedPeriod],
    bases: dict[Period, str],
    regions_of: dict[str, frozenset[str]],
) -> dict[Period, Collection[str]]:
    """The regions to recompute in each period that keeps its basis and has logged changes that concern it."""
    current = [p for p in periods if _basis(records, p) == bases[p]]
    if not current:
        return {}
    oldest = min(records[p.label].changes_seen for p in current)
    log = session.execute(select(InputChange.id, InputChange.place, InputChange.since).where(InputChange.id > oldest))
    changes = [(change_id, place, clock.as_utc(moment)) for change_id, place, moment in log]
    changed: dict[Period, Collection[str]] = {}
    for period in current:
        seen, ends = records[period.label].changes_seen, period_moments(period)[1]
        regions = {
            region
            for change_id, place, moment in changes
            if change_id > seen and moment < ends
            for region in regions_of.get(place, ())
        }
        if regions:
            changed[period] = regions
    return changed


def _regions_of_places(session: Session, levels: Sequence[str]) -> dict[str, frozenset[str]]:
    """The regions of ``levels`` a logged place counts in (as ``work.AREAS`` counts them): a gemeente in its
    areas and the country, no gemeente in the country, an online offer in every region."""
    memberships = session.execute(
        select(RegionMembership.gemeente_code, RegionMembership.region_code)
        .join(Region, Region.code == RegionMembership.region_code)
        .where(Region.level.in_(levels))
    )
    regions: dict[str, set[str]] = {}
    for gemeente, region in memberships:
        regions.setdefault(gemeente, set()).add(region)
    every = frozenset(region for found in regions.values() for region in found)
    places = {gemeente: frozenset(found) for gemeente, found in regions.items()}
    return places | {NO_PLACE: frozenset({COUNTRY}) & every, EVERY_PLACE: every}


def _reference_digest(session: Session, levels: Sequence[str]) -> str:
    """A digest of the reference data the cells rest on: the region levels and their memberships, the education
    levels and which offer levels meet them."""
    rows = [
        sorted(levels),
        sorted(
            session.execute(
                select(Region.code, Region.level, RegionMembership.gemeente_code)
                .join(RegionMembership, RegionMembership.region_code == Region.code)
                .where(Region.level.in_(levels))
            ).tuples()
        ),
        sorted(session.scalars(select(EducationLevel.code))),
        sorted(session.execute(select(EducationLevelMatch.job_level, EducationLevelMatch.offer_level)).tuples()),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:40]
