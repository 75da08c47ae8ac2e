"""Saving a component's data records (concepts, occupations) with the pipeline, as JSON lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import srsly
from spacy.util import ensure_path

Record = TypeVar("Record")


def save_dataclasses(directory: str | Path, name: str, records: Iterable[Any]) -> None:
    """Write dataclass records to ``directory/name`` (folder created)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    srsly.write_jsonl(directory / name, (asdict(record) for record in records))


def load_dataclasses(directory: str | Path, name: str, record_type: type[Record]) -> Iterator[Record]:
    """Read records written by ``save_dataclasses``; JSON lists become the tuples the records hold."""
    for row in srsly.read_jsonl(ensure_path(directory) / name):
        yield record_type(**{key: tuple(value) if isinstance(value, list) else value for key, value in row.items()})
