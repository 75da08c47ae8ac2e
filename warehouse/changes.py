"""The log of changed indicator inputs (``indicator_input_changes``), so an aggregate recomputes only the periods
and regions whose inputs changed (docs/indicators.md, "Incremental recompute").

Two things feed the indicators, and each is compared where a change can be seen whole:

- jobs (and their skills) are derived data that only the jobs rebuild writes (``llo-radar dedupe``): it compares
  the rebuilt jobs with the stored ones and logs the changed ones (``log_job_changes``), so loads, closings and
  regroupings of vacancies all arrive through it;
- offers are written by loads, closings and reopenings: the aggregate compares them with the offers as it last
  counted them (``indicator_offers``) before it computes (``log_offer_changes``).

A change is logged as a place (the gemeente the job or offer counts in, ``NO_PLACE`` for none: the country only,
``EVERY_PLACE`` for an online offer) and a moment from which periods may differ (``changed_since``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from core import clock

from .models import CountedOffer, InputChange, Offer, OfferLocation, OfferSkill

NO_PLACE = ""
"""Place of a job or offer without a known gemeente: it counts for the country only."""
EVERY_PLACE = "*"
"""Place of an online offer: it counts in every region."""


@dataclass(frozen=True, slots=True)
class CountedState:
    """What the indicators read of one job or offer: where it counts, when it was seen and closed, its own
    closing date (jobs), and the rest of what it is counted by (``facts``: sector, level, occupation, skills...)."""

    places: frozenset[str]
    first_seen: dt.datetime
    closed_at: dt.datetime | None
    valid_through: dt.date | None
    facts: str


def changed_since(old: CountedState | None, new: CountedState | None) -> dt.datetime | None:
    """From when the periods counting this job or offer may differ between its old and new state (None: in none).

    A job or offer counts in a period that ends after its first sighting and begins before it closed. So a new or
    removed one, or one whose place, facts or first sighting changed, can change every period ending after its
    first sighting; one that only closed, reopened or got another closing date, only the periods ending after the
    earlier of the old and new moments (the closing period counts its closed jobs)."""
    if old is None or new is None:
        either = old or new
        return either.first_seen if either is not None else None
    if (old.places, old.facts, old.first_seen) != (new.places, new.facts, new.first_seen):
        return min(old.first_seen, new.first_seen)
    moments = [
        *(moment for moment in (old.closed_at, new.closed_at) if old.closed_at != new.closed_at and moment),
        *(
            dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            for day in (old.valid_through, new.valid_through)
            if old.valid_through != new.valid_through and day
        ),
    ]
    return min(moments) if moments else None


def log_changes(session: Session, states: Iterable[tuple[CountedState | None, CountedState | None]]) -> int:
    """Log every place of each changed (old, new) pair with the day its periods may change from; returns the
    number of log rows. One row per place and day: a week's load logs a few thousand rows, not one per item."""
    earliest: dict[str, dt.datetime] = {}
    for old, new in states:
        since = changed_since(old, new)
        if since is None:
            continue
        day = dt.datetime.combine(clock.as_utc(since).date(), dt.time(), tzinfo=dt.UTC)  # periods start at midnight
        for state in (old, new):
            for place in state.places if state else ():
                earliest[place] = min(earliest.get(place, day), day)
    rows = [{"place": place, "since": since} for place, since in earliest.items()]
    if rows:
        session.execute(insert(InputChange), rows)
    return len(rows)


def latest_change(session: Session) -> int:
    """Id of the last logged change (0: none)."""
    return session.scalar(select(func.max(InputChange.id))) or 0


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _offer_states(session: Session) -> Iterator[tuple[int, CountedState]]:
    """Every offer's counted state, from the offers, their places and their skills."""
    places: dict[int, list[str]] = {}
    for offer_id, gemeente in session.execute(select(OfferLocation.offer_id, OfferLocation.gemeente_code)):
        places.setdefault(offer_id, []).append(gemeente)
    skills: dict[int, list[str]] = {}
    for offer_id, skill in session.execute(select(OfferSkill.offer_id, OfferSkill.skill_id)):
        skills.setdefault(offer_id, []).append(skill)
    offers = select(Offer.id, Offer.mode, Offer.level, Offer.isco_code, Offer.first_seen, Offer.closed_at)
    for offer_id, mode, level, isco, first_seen, closed_at in session.execute(offers):
        where = {EVERY_PLACE} if mode == "online" else set(places.get(offer_id, ())) or {NO_PLACE}
        facts = _digest(mode, level, isco, sorted(skills.get(offer_id, ())))
        yield offer_id, CountedState(frozenset(where), clock.as_utc(first_seen), _utc(closed_at), None, facts)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return clock.as_utc(moment) if moment is not None else None


def log_offer_changes(session: Session) -> int:
    """Compare the offers with ``indicator_offers`` (the offers as the last aggregate counted them), log the
    changed ones and store their new state; returns the number of offers that changed."""
    counted = {
        row.offer_id: CountedState(
            frozenset(row.places.split(",")), clock.as_utc(row.first_seen), _utc(row.closed_at), None, row.facts
        )
        for row in session.scalars(select(CountedOffer))
    }
    pairs: list[tuple[CountedState | None, CountedState | None]] = []
    rows = []
    for offer_id, state in _offer_states(session):
        old = counted.pop(offer_id, None)
        if old == state:
            continue
        pairs.append((old, state))
        rows.append(
            {
                "offer_id": offer_id,
                "places": ",".join(sorted(state.places)),
                "first_seen": state.first_seen,
                "closed_at": state.closed_at,
                "facts": state.facts,
            }
        )
    pairs.extend((old, None) for old in counted.values())
    log_changes(session, pairs)
    stale = [*counted, *(row["offer_id"] for row in rows)]
    for start in range(0, len(stale), 500):
        session.execute(delete(CountedOffer).where(CountedOffer.offer_id.in_(stale[start : start + 500])))
    if rows:
        session.execute(insert(CountedOffer), rows)
    return len(pairs)
