"""Reporting periods: ISO weeks (``2026-W47``), months (``2026-11``) and quarters (``2026-Q4``).

A period's label says its kind, so labels of different kinds never collide in one results table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .exceptions import WarehouseError

PeriodKind = Literal["week", "month", "quarter"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("week", "month", "quarter")

_PATTERNS: dict[PeriodKind, re.Pattern[str]] = {
    "week": re.compile(r"(\d{4})-W(\d{2})"),
    "month": re.compile(r"(\d{4})-(\d{2})"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
}


class BadPeriod(WarehouseError, ValueError):
    """A period label that is not a week, month or quarter."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A reporting period with its first and last day (both inclusive)."""

    start: dt.date
    end: dt.date
    kind: PeriodKind
    label: str

    def previous(self) -> Period:
        """The period of the same kind just before this one.

        >>> parse_period("2026-W01").previous().label
        '2025-W52'
        >>> parse_period("2026-Q1").previous().label
        '2025-Q4'
        """
        return period_of(self.start - dt.timedelta(days=1), self.kind)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        return period_of(self.end + dt.timedelta(days=1), self.kind)

    def __str__(self) -> str:
        return self.label


def period_of(day: dt.date, kind: PeriodKind) -> Period:
    """The period of ``kind`` that contains ``day``.

    >>> period_of(dt.date(2026, 11, 22), "week")
    Period(start=datetime.date(2026, 11, 16), end=datetime.date(2026, 11, 22), kind='week', label='2026-W47')
    >>> period_of(dt.date(2026, 11, 22), "quarter").label
    '2026-Q4'
    """
    if kind == "week":
        year, week, weekday = day.isocalendar()
        start = day - dt.timedelta(days=weekday - 1)
        return Period(start, start + dt.timedelta(days=6), kind, f"{year}-W{week:02d}")
    if kind == "month":
        start = day.replace(day=1)
        return Period(start, _month_after(start) - dt.timedelta(days=1), kind, f"{day:%Y-%m}")
    if kind == "quarter":
        quarter = (day.month - 1) // 3 + 1
        start = dt.date(day.year, 3 * quarter - 2, 1)
        end = _month_after(_month_after(_month_after(start))) - dt.timedelta(days=1)
        return Period(start, end, kind, f"{day.year}-Q{quarter}")
    raise BadPeriod(f"Unknown period kind {kind!r}; use one of {', '.join(PERIOD_KINDS)}")


def parse_period(label: str) -> Period:
    """The period a label names: ``2026-W47``, ``2026-11`` or ``2026-Q4``.

    >>> parse_period("2026-11").end
    datetime.date(2026, 11, 30)
    >>> parse_period("2026-13")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    warehouse.periods.BadPeriod: '2026-13' is not a period; write a week (2026-W47), month (2026-11) or ...
    """
    for kind, pattern in _PATTERNS.items():
        match = pattern.fullmatch(label.strip())
        if not match:
            continue
        year, number = int(match.group(1)), int(match.group(2))
        try:
            if kind == "week":
                day = dt.date.fromisocalendar(year, number, 1)
            elif kind == "month":
                day = dt.date(year, number, 1)
            else:
                day = dt.date(year, 3 * number - 2, 1)
        except ValueError:
            break
        return period_of(day, kind)
    raise BadPeriod(f"{label!r} is not a period; write a week (2026-W47), month (2026-11) or quarter (2026-Q4)")


def periods_between(first: dt.date, last: dt.date, kind: PeriodKind) -> list[Period]:
    """All periods of ``kind`` from the one containing ``first`` to the one containing ``last``.

    >>> [p.label for p in periods_between(dt.date(2026, 1, 31), dt.date(2026, 3, 1), "month")]
    ['2026-01', '2026-02', '2026-03']
    """
    periods = [period_of(first, kind)]
    while periods[-1].end < last:
        periods.append(periods[-1].next())
    return periods


def _month_after(first_of_month: dt.date) -> dt.date:
    if first_of_month.month == 12:
        return dt.date(first_of_month.year + 1, 1, 1)
    return dt.date(first_of_month.year, first_of_month.month + 1, 1)
