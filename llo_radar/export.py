"""Exporting analyst views: CSV or JSON (streamed) or Parquet (typed columns, written in row groups)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Literal, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic_core import to_jsonable_python
from sqlalchemy import Column

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


def write_csv(columns: Sequence[Column], rows: Iterable[Sequence], out: TextIO) -> int:
    """Write a header and the rows as CSV; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow([column.name for column in columns])
    count = 0
    for row in rows:
        writer.writerow(row)
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
