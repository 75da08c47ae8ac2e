"""Values fitted into their warehouse columns before they are written: the one place that validates and normalises
what crawled items bring, so that one hostile item never blocks a load, on SQLite (which stores anything) and
PostgreSQL (which refuses a NUL, a too long text or an out-of-range number, and with it the whole batch) alike.

Every repair is counted per reason and column (``cut:title``) in the load's statistics:

- text: control characters, escape sequences, NULs and lone surrogates removed (``control_characters``; line
  breaks stay in ``Text`` columns, other columns get one line); cut to the column's length with an ellipsis
  (``cut``); a value that is no text becomes its text (``not_text``);
- numbers: a value that is not a finite number (``not_a_number``), or that lies outside what the column holds or
  its ``info["range"]`` (``out_of_range``), is dropped (NULL);
- dates: a value that is no ISO 8601 date is dropped (``bad_date``);
- codes (``models.base.Code`` columns: contract type, offer mode, ...): a value that is no code of the column is
  dropped (``not_a_code``);
- a row missing a value its table requires is refused whole (``refused:<column>``); the rest of the batch loads.

The lengths, scales and ranges come from the models, so a column that grows in a migration is fitted to its new
size without code changes here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Date, DateTime, Float, Numeric, String, Table, Text

from core.outside_text import plain_text

from .codes import Code
from .models.base import Base

RANGE = "range"
"""Key of a column's ``info``: the (lowest, highest) value it may hold, e.g. hours per week (0, 168)."""


def fit_row(model: type[Base], row: dict[str, Any], repairs: Counter[str]) -> dict[str, Any] | None:
    """``row`` (column name → value) with every value fitted into its column of ``model``'s table; None when a
    value the table requires is missing. Repairs are counted in ``repairs``."""
    table = model.__table__
    assert isinstance(table, Table)  # a model of one table: no model here is mapped to a join or a query
    columns = table.columns
    fitted = {}
    for name, value in row.items():
        column = columns[name]
        value = fit_value(column, value, repairs) if value is not None else None
        if value is None and not column.nullable and column.default is None and not column.primary_key:
            repairs[f"refused:{name}"] += 1
            return None
        fitted[name] = value
    return fitted


def fit_value(column: Column, value: Any, repairs: Counter[str]) -> Any:
    """One value fitted into ``column``: cleaned, cut or dropped (None), each repair counted."""
    kind = column.type
    if isinstance(kind, Code):
        if value not in {code.value for code in kind.codes}:
            repairs[f"not_a_code:{column.name}"] += 1
            return None
        return value
    if isinstance(kind, String):
        return _fit_text(column, kind, value, repairs)
    if isinstance(kind, Float | Numeric):
        return _fit_number(column, kind, value, repairs)
    if isinstance(kind, Date) and not isinstance(kind, DateTime) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            repairs[f"bad_date:{column.name}"] += 1
            return None
    return value


def _fit_text(column: Column, kind: String, value: Any, repairs: Counter[str]) -> str:
    if not isinstance(value, str):
        repairs[f"not_text:{column.name}"] += 1
        value = str(value)
    text = plain_text(value)
    if text != value:
        repairs[f"control_characters:{column.name}"] += 1
    if not isinstance(kind, Text):
        text = plain_text(text, single_line=True)
    length = kind.length
    if length is not None and len(text) > length:
        repairs[f"cut:{column.name}"] += 1
        text = plain_text(text, limit=length)
    return text


def _fit_number(column: Column, kind: Float | Numeric, value: Any, repairs: Counter[str]) -> float | Decimal | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        repairs[f"not_a_number:{column.name}"] += 1
        return None
    low, high = column.info.get(RANGE, (-math.inf, math.inf))
    if not isinstance(kind, Float) and kind.precision is not None:  # Numeric(12, 2) holds less than 10**10
        scale = kind.scale or 0
        number = round(number, scale)
        limit = 10 ** (kind.precision - scale) - 10**-scale
        low, high = max(low, -limit), min(high, limit)
    if not low <= number <= high:
        repairs[f"out_of_range:{column.name}"] += 1
        return None
    return value if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else number
