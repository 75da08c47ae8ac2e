"""What the demo sites show on a given day: their content is dated in days relative to the demo's today (the
clock's), so ``llo-radar demo`` tells the same story on any date.

Vacancies (``posted``, ``closes``; optional ``filled`` and ``reposted``): an ad is online from the day it was posted
until the day after it closes, or until it was filled; a reposted ad comes back on that day, open as long as the
first time. Courses (optional ``listed``, default long ago, and ``withdrawn``) are online between those days and
show their start dates (``starts``) still to come. The demo crawls its sites on ``CRAWL_DAYS``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

CRAWL_DAYS: tuple[int, ...] = (-63, -49, -35, -21, -14, -7, 0)
"""Days before the demo's today on which it crawls its sites. The first lies before the start of the previous
month whatever today is (a month starts at most 61 days before the end of the next), so the month before the
current one is observed from its start and trends compare like with like; the last weeks are crawled weekly."""
ALWAYS_LISTED = -365
"""The ``listed`` day of a course that does not say: listed long before the demo's history begins."""


def _window(start: int, closes: int, end: int | None) -> tuple[int, int, int]:
    """(first day online, closing day, first day offline)."""
    return start, closes, min(closes + 1, end) if end is not None else closes + 1


def vacancy_windows(entry: dict[str, Any]) -> list[tuple[int, int, int]]:
    """The postings of a vacancy as (first day online, closing day, first day offline), in days from today.

    >>> vacancy_windows({"posted": -40, "closes": 10, "filled": -20, "reposted": -5})
    [(-40, 10, -20), (-5, 45, 46)]
    """
    windows = [_window(entry["posted"], entry["closes"], entry.get("filled"))]
    if (reposted := entry.get("reposted")) is not None:
        windows.append(_window(reposted, reposted + entry["closes"] - entry["posted"], None))
    return windows


def vacancies_on(entries: list[dict[str, Any]], today: dt.date, day: int) -> list[dict[str, Any]]:
    """The vacancies online ``day`` days from ``today``, with the dates their page shows (``date_posted``,
    ``valid_through``)."""
    online = []
    for entry in entries:
        for start, closes, end in vacancy_windows(entry):
            if start <= day < end:
                dates = {"date_posted": _date(today, start), "valid_through": _date(today, closes)}
                online.append({**entry, **dates})
    return online


def courses_on(entries: list[dict[str, Any]], today: dt.date, day: int) -> list[dict[str, Any]]:
    """The courses listed ``day`` days from ``today``, with their start dates still to come (``start_dates``)."""
    listed = []
    for entry in entries:
        withdrawn = entry.get("withdrawn")
        if entry.get("listed", ALWAYS_LISTED) <= day and (withdrawn is None or day < withdrawn):
            starts = [_date(today, start) for start in entry["starts"] if start > day]
            listed.append({**entry, "start_dates": starts})
    return listed


def _date(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)
