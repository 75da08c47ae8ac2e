"""Tests of core/dutch/hours.py: hours per week from fields and from free text."""

from __future__ import annotations

import pytest

from core.dutch.hours import find_hours, parse_hours


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("32 - 36 uur per week", (32.0, 36.0)),
        ("24 uur per week (ma, wo, vr)", (24.0, 24.0)),
        ("in overleg", (None, None)),
    ],
)
def test_parse_hours(raw, expected):
    assert parse_hours(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je werkt 32 tot 40 uur in de week.", (32.0, 40.0)),
        ("Parttime, 16 uur per week.", (16.0, 16.0)),
        ("Salaris € 2.800 - 3.500 per maand. 38 uur p/week.", (38.0, 38.0)),
        ("Het salaris is 3200 euro.", (None, None)),
    ],
)
def test_find_hours_in_text(text, expected):
    assert find_hours(text) == expected
