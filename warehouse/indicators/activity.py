"""The counting rules that the skill gap computation and its trace share (docs/indicators.md):

- when a job or an offer counts in a period (both from observation: from the day a crawl first saw it until a
  complete crawl no longer found it, so demand and supply rest on the same kind of evidence);
- which periods were observed from their start (only those give a previous period to compare with);
- which offers meet a job's education level (the table ``education_level_matches``).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Date, DateTime, and_, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core import clock
from crawlers.items import OfferMode

from ..models import EducationLevelMatch, Job, Offer, Vacancy
from ..periods import Period

OBSERVATION_GRACE = dt.timedelta(days=1)
"""A period counts as observed from its start when crawling of both kinds had begun by the end of its first day
(a daily or weekly crawl starts some hours into the day)."""


class Bounds(NamedTuple):
    """A period's first and last day, and the moments it starts and ends (exclusive), as SQL expressions."""

    starts: ColumnElement
    ends: ColumnElement
    start_at: ColumnElement
    end_at: ColumnElement


def period_moments(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """When a period starts, and when the next one starts (UTC midnight)."""
    start, end = (dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) for day in (period.start, period.next().start))
    return start, end


def bounds(period: Period) -> Bounds:
    """The bounds of one period as literals."""
    start_at, end_at = period_moments(period)
    return Bounds(
        literal(period.start, Date),
        literal(period.end, Date),
        literal(start_at, DateTime(timezone=True)),
        literal(end_at, DateTime(timezone=True)),
    )


def job_active(period: Bounds) -> ColumnElement[bool]:
    """A job counts in a period when a crawl saw it before the period ended, no complete crawl had found it gone
    before the period began, and its own closing date (if any) is not before the period."""
    return and_(
        Job.first_seen < period.end_at,
        or_(Job.closed_at.is_(None), Job.closed_at >= period.start_at),
        or_(Job.valid_through.is_(None), Job.valid_through >= period.starts),
    )


def job_closed_in(period: Bounds) -> ColumnElement[bool]:
    """The job's last member closed during the period."""
    return and_(Job.closed_at >= period.start_at, Job.closed_at < period.end_at)


def offer_active(period: Bounds) -> ColumnElement[bool]:
    """An offer counts in a period when a crawl saw it listed before the period ended and no complete crawl had
    found it withdrawn before the period began."""
    return and_(Offer.first_seen < period.end_at, or_(Offer.closed_at.is_(None), Offer.closed_at >= period.start_at))


ONLINE = Offer.mode == OfferMode.ONLINE
"""Fully online offers are available in every region."""


def offer_meets_level(level: str) -> ColumnElement[bool]:
    """The offer meets a job at education level ``level``: it states no level (open to all) or one that
    ``education_level_matches`` pairs with it."""
    matching = select(EducationLevelMatch.offer_level).where(EducationLevelMatch.job_level == level)
    return or_(Offer.level.is_(None), Offer.level.in_(matching))


def observed_from(session: Session) -> dt.datetime | None:
    """Since when both vacancies and offers are observed: the later of the first sightings of each kind (a kind
    without any item is left out); None for an empty warehouse."""
    firsts = [session.scalar(select(func.min(model.first_seen))) for model in (Vacancy, Offer)]
    moments = [clock.as_utc(moment) for moment in firsts if moment is not None]
    return max(moments) if moments else None


def is_observed(period: Period, since: dt.datetime | None) -> bool:
    """Whether crawling covered ``period`` from its start (see ``OBSERVATION_GRACE``)."""
    return since is not None and since < period_moments(period)[0] + OBSERVATION_GRACE


def last_observed_day(session: Session) -> dt.date | None:
    """The day of the latest sighting of a vacancy or offer, and never after today; None for an empty warehouse."""
    lasts = [session.scalar(select(func.max(model.last_seen))) for model in (Vacancy, Offer)]
    days = [clock.as_utc(moment).date() for moment in lasts if moment is not None]
    return min(max(days), clock.today()) if days else None


def first_observed_day(session: Session) -> dt.date | None:
    """The day of the first sighting of a vacancy or offer; None for an empty warehouse."""
    firsts = [session.scalar(select(func.min(model.first_seen))) for model in (Vacancy, Offer)]
    days = [clock.as_utc(moment).date() for moment in firsts if moment is not None]
    return min(days) if days else None
