"""Saving a component's data with the pipeline and loading it back: spaCy's serialisation protocol (``to_disk``,
``from_disk``, ``to_bytes``, ``from_bytes``, each with ``exclude``), written once for every component with data.

A component names its data files and gives each one's contents as bytes (``_data_files``); ``nlp.to_disk`` writes
each file as it is into the component's folder, ``nlp.to_bytes`` packs them into one msgpack map, and
``spacy.load`` or ``nlp.from_bytes`` hands the component the same bytes back (``_load_data``), so a loaded
pipeline needs none of the files it was first built from. As in spaCy's own components (``spacy.util.to_disk``),
``exclude`` names a file by its stem: ``exclude=["concepts"]`` leaves ``concepts.json`` out.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import srsly
from spacy import util
from spacy.util import SimpleFrozenList

Record = TypeVar("Record")


class SavedData(ABC):
    """Mixin for a component class whose data (taxonomy, rules, trained models, lemma table) is saved with the
    pipeline."""

    @abstractmethod
    def _data_files(self) -> dict[str, Callable[[], bytes]]:
        """File name → a function giving the file's contents now."""

    @abstractmethod
    def _load_data(self, contents: dict[str, bytes]) -> None:
        """Take back the contents of the files not excluded (at least one), by file name."""

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The component's data as one bytestring."""
        return util.to_bytes(self._data_files(), exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> SavedData:
        """Load the data ``to_bytes`` gave."""
        contents: dict[str, bytes] = {}
        util.from_bytes(bytes_data, {name: partial(contents.__setitem__, name) for name in self._data_files()}, exclude)
        if contents:
            self._load_data(contents)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write the data files into the folder ``path`` (created)."""
        files = self._data_files()
        util.ensure_path(path).mkdir(parents=True, exist_ok=True)
        util.to_disk(path, {name: partial(_write, contents=get) for name, get in files.items()}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> SavedData:
        """Load the data files ``to_disk`` wrote into ``path``."""
        contents: dict[str, bytes] = {}
        readers: dict[str, Callable[[Path], None]] = {
            name: partial(_read, into=contents, name=name) for name in self._data_files()
        }
        util.from_disk(path, readers, exclude)
        if contents:
            self._load_data(contents)
        return self


def _write(file: Path, *, contents: Callable[[], bytes]) -> None:
    file.write_bytes(contents())


def _read(file: Path, *, into: dict[str, bytes], name: str) -> None:
    into[name] = file.read_bytes()


def records_to_json(records: Iterable[Any]) -> bytes:
    """Dataclass records (concepts, occupations) as a JSON list."""
    return srsly.json_dumps([asdict(record) for record in records]).encode()


def records_from_json(data: bytes, record_type: type[Record]) -> list[Record]:
    """The records ``records_to_json`` wrote; JSON lists become the tuples the records hold."""
    return [
        record_type(**{key: tuple(value) if isinstance(value, list) else value for key, value in row.items()})
        for row in srsly.json_loads(data)
    ]
