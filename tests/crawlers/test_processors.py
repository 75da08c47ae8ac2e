"""Tests of crawlers/processors.py: the doctests, plus tables of real-world values."""

from __future__ import annotations

import pytest

from crawlers.processors import parse_amount, parse_date, parse_salary


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-10-14", "2026-10-14"),
        ("2027-01-31T23:59:59+01:00", "2027-01-31"),
        ("Geplaatst op 28 oktober 2026", "2026-10-28"),
        ("Reageren kan tot en met 3 februari 2027.", "2027-02-03"),
        ("1 mei 2027", "2027-05-01"),
        ("14-10-2026", "2026-10-14"),
        ("31 februari 2027", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("€ 3.200 - € 4.550 bruto per maand", (3200.0, 4550.0, "month")),
        ("€ 16,50 - € 19,75 per uur", (16.5, 19.75, "hour")),
        ("€ 52.000 per jaar", (52000.0, 52000.0, "year")),
        ("marktconform", (None, None, None)),
    ],
)
def test_parse_salary(raw, expected):
    assert parse_salary(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("€ 1.950,00 (per groep)", 1950.0), ("1295", 1295.0), ("€ 2.150,-", 2150.0), ("gratis", None)],
)
def test_parse_amount(raw, expected):
    assert parse_amount(raw) == expected
