"""Tests of llo_radar/export.py: CSV cells that would start a formula, and typed filter values."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, String

from llo_radar.exceptions import LloRadarError
from llo_radar.export import filter_value, write_csv

COLUMNS = [Column("title", String()), Column("gap", Integer())]
ROWS = [('=HYPERLINK("http://kwaad.example")', -3), ("Kok", 4)]


@pytest.mark.parametrize(("protect", "first"), [(True, '\'=HYPERLINK("http://kwaad.example")'), (False, ROWS[0][0])])
def test_csv_cells_that_start_a_formula_are_text_unless_the_operator_wants_them_raw(protect, first):
    out = io.StringIO()
    assert write_csv(COLUMNS, ROWS, out, protect_formulas=protect) == 2
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["title", "gap"], [first, "-3"], ["Kok", "4"]]  # numbers stay numbers


@pytest.mark.parametrize(
    ("column", "text", "value"),
    [
        (Column("small_cell", Boolean()), "Nee", False),
        (Column("ratio", Float()), "2.5", 2.5),
        (Column("date_posted", Date()), "2026-11-20", dt.date(2026, 11, 20)),
        (Column("computed_at", DateTime()), "2026-11-30T08:00:00+00:00", dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)),
        (Column("region_code", String()), "AM18", "AM18"),
    ],
)
def test_filter_values_are_typed_like_their_column(column, text, value):
    assert filter_value(column, text) == value


@pytest.mark.parametrize("text", ["inf", "nan", "veel"])
def test_a_number_filter_takes_a_finite_number(text):
    with pytest.raises(LloRadarError, match=f"--where ratio='{text}': ratio takes a number"):
        filter_value(Column("ratio", Float()), text)
