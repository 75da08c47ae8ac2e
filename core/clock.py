"""The one clock: every decision that depends on "now" asks it (fetch times, first and last seen, the default
periods, which jobs and offers are active, alert and report times).

Production reads the system time. The demo and the tests pin it with the setting ``LLO_RADAR_NOW``: an ISO 8601
moment (``2026-12-07T09:30:00+01:00``; without an offset it is UTC) or a day (``2026-12-07``, read as 12:00 UTC
that day). The setting lives in the environment, so crawl processes started by a pinned process share its time.

Waiting (retry back-off, timeouts) is not a decision about the data and keeps to real time.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

NOW_VARIABLE = "LLO_RADAR_NOW"
"""The environment variable that pins the clock."""


class BadMoment(ValueError):
    """A pinned time that is not an ISO 8601 moment or day."""


@lru_cache(maxsize=8)
def parse_moment(value: str) -> dt.datetime:
    """An aware UTC moment from an ISO 8601 moment or day.

    >>> parse_moment("2026-12-31T23:30:00+01:00")
    datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.timezone.utc)
    >>> parse_moment("2028-02-29")
    datetime.datetime(2028, 2, 29, 12, 0, tzinfo=datetime.timezone.utc)
    >>> parse_moment("gisteren")
    Traceback (most recent call last):
    ...
    core.clock.BadMoment: LLO_RADAR_NOW='gisteren' is not a moment: write 2026-12-07T09:30:00+01:00 or 2026-12-07
    """
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(12), tzinfo=dt.UTC)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadMoment(
            f"{NOW_VARIABLE}={value!r} is not a moment: write 2026-12-07T09:30:00+01:00 or 2026-12-07"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def now() -> dt.datetime:
    """The current moment, aware and in UTC: the pinned one when ``LLO_RADAR_NOW`` is set."""
    pinned_at = os.environ.get(NOW_VARIABLE)
    return parse_moment(pinned_at) if pinned_at else dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """The current day (UTC, like the period boundaries)."""
    return now().date()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A moment as an aware UTC one; a naive moment is taken to be UTC (SQLite returns stored moments so).

    >>> as_utc(dt.datetime(2026, 12, 31, 23, 0))
    datetime.datetime(2026, 12, 31, 23, 0, tzinfo=datetime.timezone.utc)
    """
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def is_pinned() -> bool:
    """Whether ``LLO_RADAR_NOW`` pins the clock."""
    return bool(os.environ.get(NOW_VARIABLE))


@contextmanager
def pinned(moment: dt.datetime | dt.date) -> Iterator[dt.datetime]:
    """Pin the clock (for this process and the processes it starts) while the block runs; restores it after.

    >>> with pinned(dt.date(2026, 12, 31)) as moment:
    ...     today().isoformat()
    '2026-12-31'
    """
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12), tzinfo=dt.UTC)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    before = os.environ.get(NOW_VARIABLE)
    os.environ[NOW_VARIABLE] = moment.isoformat()
    try:
        yield parse_moment(os.environ[NOW_VARIABLE])
    finally:
        if before is None:
            os.environ.pop(NOW_VARIABLE, None)
        else:
            os.environ[NOW_VARIABLE] = before
