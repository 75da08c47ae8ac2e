"""Occupations: job titles with their ISCO-08 unit group and ESCO occupation, loaded from YAML.

The bundled default lives in ``nlp/data/occupations.yaml``; ``llo-radar taxonomy import-esco`` writes the
same format from an ESCO download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Errors, TaxonomyError

BUNDLED_OCCUPATIONS = Path(__file__).parent / "data" / "occupations.yaml"
_ISCO_CODE = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Occupation:
    """A job title family."""

    id: str
    """Stable id, ``llo:occ:<slug>`` for bundled occupations, ``esco-occ:<uuid>`` for imported ones."""
    label: str
    """Dutch preferred title."""
    isco: str | None = None
    """ISCO-08 unit group (4 digits)."""
    esco_uri: str | None = None
    """ESCO occupation URI, when the occupation exists in ESCO."""
    synonyms: tuple[str, ...] = ()
    """Other titles ads use."""

    @property
    def terms(self) -> tuple[str, ...]:
        """The label followed by the synonyms."""
        return (self.label, *self.synonyms)


def load_occupations(path: str | Path = BUNDLED_OCCUPATIONS) -> list[Occupation]:
    """Read and validate an occupations YAML file."""
    path = Path(path)
    if not path.is_file():
        raise TaxonomyError(Errors.E001.format(path=path))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    occupations = []
    for index, raw in enumerate(data.get("occupations", [])):
        isco = str(raw["isco"]) if raw.get("isco") else None
        if isco and not _ISCO_CODE.match(isco):
            reason = f"isco must be a 4-digit ISCO-08 code, not {isco!r}"
            raise TaxonomyError(Errors.E003.format(path=path, index=index, concept_id=raw.get("id"), reason=reason))
        occupations.append(
            Occupation(
                id=str(raw["id"]),
                label=str(raw["label"]),
                isco=isco,
                esco_uri=raw.get("esco") or None,
                synonyms=tuple(str(s) for s in raw.get("synonyms") or ()),
            )
        )
    return occupations


def dump_occupations(occupations: list[Occupation], path: Path) -> None:
    """Write occupations in the YAML format ``load_occupations`` reads."""
    rows = [
        {"id": o.id, "label": o.label, "isco": o.isco, "esco": o.esco_uri, "synonyms": list(o.synonyms)}
        for o in occupations
    ]
    path.write_text(yaml.dump({"version": 1, "occupations": rows}, Dumper=yaml.CSafeDumper, allow_unicode=True))
