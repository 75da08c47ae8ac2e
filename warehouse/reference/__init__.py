"""Reference dimensions bundled with the warehouse: regions and SBI sections, as compiled CSV tables.

Regions: every gemeente (GM....) belongs to one arbeidsmarktregio (AM..), one province (PV..) and the
country (NL). Place names resolve to gemeenten through gemeente names and a woonplaats table.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from ..models import Region, RegionMembership, Sector
from ..models.region import ARBEIDSMARKTREGIO, GEMEENTE, PROVINCIE
from ..upsert import upsert

REFERENCE_DIR = Path(__file__).parent
COUNTRY = "NL"
COUNTRY_LEVEL = "land"
ALL_SECTORS = "*"
"""Sector code of the 'all sectors' member, used for totals."""


@dataclass(frozen=True, slots=True)
class Gemeente:
    """A gemeente with the areas it belongs to."""

    code: str
    name: str
    provincie: str
    arbeidsmarktregio: str


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a bundled CSV table, e.g. ``read_table("gemeenten.csv")``."""
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def gemeenten() -> list[Gemeente]:
    """All bundled gemeenten."""
    return [Gemeente(**row) for row in read_table("gemeenten.csv")]


def normalise_place(name: str) -> str:
    """Comparable form of a place name: no accents, case or punctuation; CBS suffixes like "(O.)" dropped.

    >>> normalise_place("Hengelo (O.)")
    'hengelo'
    >>> normalise_place("  's-Gravenhage ") == "'s-gravenhage"
    True
    """
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name.strip())
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", name).casefold()


@lru_cache(maxsize=1)
def place_index() -> dict[str, str]:
    """Normalised place name → gemeente code, from gemeente names and woonplaatsen."""
    index = {normalise_place(g.name): g.code for g in gemeenten()}
    index.update({normalise_place(row["woonplaats"]): row["gemeente"] for row in read_table("woonplaatsen.csv")})
    return index


def resolve_gemeente(place: str | None) -> str | None:
    """The gemeente code of a place name, or None when the name is unknown."""
    return place_index().get(normalise_place(place)) if place else None


def load_reference(session: Session) -> None:
    """Upsert all reference dimensions; safe to run on every start."""
    regions = [{"code": COUNTRY, "name": "Nederland", "level": COUNTRY_LEVEL}]
    regions += [{"code": r["code"], "name": r["name"], "level": PROVINCIE} for r in read_table("provincies.csv")]
    regions += [
        {"code": r["code"], "name": r["name"], "level": ARBEIDSMARKTREGIO} for r in read_table("arbeidsmarktregios.csv")
    ]
    all_gemeenten = gemeenten()
    regions += [{"code": g.code, "name": g.name, "level": GEMEENTE} for g in all_gemeenten]
    upsert(session, Region, regions, key=["code"], update=["name", "level"])
    memberships = [
        {"gemeente_code": g.code, "region_code": area}
        for g in all_gemeenten
        for area in (g.code, g.arbeidsmarktregio, g.provincie, COUNTRY)
    ]
    upsert(session, RegionMembership, memberships, key=["gemeente_code", "region_code"], update=[])
    sectors = [{"code": ALL_SECTORS, "name": "Alle sectoren"}, *read_table("sbi_sections.csv")]
    upsert(session, Sector, sectors, key=["code"], update=["name"])
