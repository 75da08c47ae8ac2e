"""Hours per week: from a structured hours field (``parse_hours``) and as a vacancy's text states them
(``find_hours``). One rule for the crawlers and the nlp stage."""

from __future__ import annotations

import re

MAX_HOURS = 60
"""More hours per week than this is no working week (a salary, a year, a phone number)."""

# The pattern starts with a character class and tests the word boundary behind its character ("(?<!\w\d)"),
# instead of starting with "\b": re scans a text for a character class in C, but tries a pattern that starts
# with "\b" at every position of the text, which took three times as long.
_HOURS_IN_TEXT = re.compile(
    r"(\d(?<!\w\d)\d?)\s*(?:(?:-|–|tot|à|a)\s*(\d{1,2})\s*uur\b|uur\s*(?:per|p/)\s*week)", re.IGNORECASE
)


def parse_hours(value: str | None) -> tuple[float | None, float | None]:
    """(min, max) hours per week from a field that states them, like ``32 - 36 uur per week``.

    >>> parse_hours("32 - 36 uur per week"), parse_hours("40 uur"), parse_hours("fulltime")
    ((32.0, 36.0), (40.0, 40.0), (None, None))
    """
    if not value:
        return None, None
    numbers = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:,\d)?", str(value))]
    numbers = [n for n in numbers if 0 < n <= MAX_HOURS]
    if not numbers:
        return None, None
    return min(numbers), max(numbers)


def find_hours(text: str) -> tuple[float | None, float | None]:
    """(min, max) hours per week where a free text states them ("32 - 36 uur", "24 uur per week").

    >>> find_hours("Je werkt 32 - 36 uur. Salaris 3200 euro."), find_hours("Een baan van 24 uur per week.")
    ((32.0, 36.0), (24.0, 24.0))
    >>> find_hours("Salaris 2800 - 3500 euro, 38 uur per week"), find_hours("Geen uren genoemd")
    ((38.0, 38.0), (None, None))
    """
    for match in _HOURS_IN_TEXT.finditer(text):
        numbers = [float(n) for n in match.groups() if n and 0 < float(n) <= MAX_HOURS]
        if numbers:
            return min(numbers), max(numbers)
    return None, None
