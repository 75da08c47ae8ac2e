"""Exporting analyst views: CSV or JSON (streamed) or Parquet (typed columns, written in row groups)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Literal, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic_core import to_jsonable_python
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Numeric

from core.outside_text import csv_cell

from .exceptions import LloRadarError

ExportFormat = Literal["csv", "parquet", "json"]
ROW_GROUP = 50_000

_ARROW_TYPES: dict[type, pa.DataType] = {
    bool: pa.bool_(),
    int: pa.int64(),
    float: pa.float64(),
    decimal.Decimal: pa.float64(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
    str: pa.string(),
}


def arrow_type(column: Column) -> pa.DataType:
    """The Parquet column type of a view column (text when the database does not say)."""
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return pa.string()
    return _ARROW_TYPES.get(python_type, pa.string())


def filter_value(column: Column, text: str) -> object:
    """The value of ``--where COLUMN=TEXT`` typed like the column; ``LloRadarError`` saying what to write when
    the text is not of the column's type.

    >>> from sqlalchemy import Boolean, Integer
    >>> filter_value(Column("small_cell", Boolean()), "false"), filter_value(Column("demand", Integer()), "12")
    (False, 12)
    """
    kind, name = column.type, column.name
    parsers: list[tuple[type, str, Callable[[str], object]]] = [
        (Boolean, "true or false", _boolean),
        (Integer, "a whole number", int),
        (Numeric, "a number", _finite),
        (DateTime, "a moment, e.g. 2026-11-30T08:00:00+00:00", dt.datetime.fromisoformat),
        (Date, "a date, e.g. 2026-11-30", dt.date.fromisoformat),
    ]
    for type_, expected, parse in parsers:
        if isinstance(kind, type_):
            try:
                return parse(text)
            except ValueError:
                raise LloRadarError(f"--where {name}={text!r}: {name} takes {expected}") from None
    return text


_BOOLEANS = {"true": True, "1": True, "yes": True, "ja": True, "false": False, "0": False, "no": False, "nee": False}


def _boolean(text: str) -> bool:
    try:
        return _BOOLEANS[text.strip().lower()]
    except KeyError:
        raise ValueError(text) from None


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def write_csv(columns: Sequence[Column], rows: Iterable[Sequence], out: TextIO, *, protect_formulas: bool) -> int:
    """Write a header and the rows as CSV; returns the number of rows. ``protect_formulas``: text that a
    spreadsheet would run as a formula is written so that it shows as text (``core.outside_text.csv_cell``)."""
    writer = csv.writer(out)
    writer.writerow([column.name for column in columns])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row] if protect_formulas else row)
        count += 1
    return count


def write_json(columns: Sequence[Column], rows: Iterable[Sequence], out: TextIO) -> int:
    """Write the rows as a JSON array of objects keyed by column name, one row per line, streamed (dates in ISO
    8601, decimals as numbers); returns the number of rows."""
    names = [column.name for column in columns]
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=_json_value))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _json_value(value: object) -> object:
    """Decimals (prices) as numbers, dates and moments in ISO 8601."""
    return float(value) if isinstance(value, decimal.Decimal) else to_jsonable_python(value)


def write_parquet(columns: Sequence[Column], rows: Iterable[Sequence], path: Path) -> int:
    """Write the rows as a Parquet file with typed columns; returns the number of rows."""
    schema = pa.schema([(column.name, arrow_type(column)) for column in columns])
    converters = [_converter(field.type) for field in schema]
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    iterator = iter(rows)
    with pq.ParquetWriter(path, schema) as writer:
        while batch := list(islice(iterator, ROW_GROUP)):
            arrays = [
                pa.array([convert(row[index]) for row in batch], type=field.type)
                for index, (field, convert) in enumerate(zip(schema, converters, strict=True))
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            count += len(batch)
    return count


def _converter(arrow: pa.DataType):
    if arrow == pa.string():
        return lambda value: None if value is None else str(value)
    if arrow == pa.float64():
        return lambda value: None if value is None else float(value)
    return lambda value: value
