"""Reference dimensions bundled with the warehouse: regions and SBI sections, as compiled CSV tables.

Regions: every gemeente (GM....) belongs to one arbeidsmarktregio (AM..), one province (PV..), the country (NL)
and any configured groupings. Place names resolve to gemeenten through gemeente names and a woonplaats table.
Also SBI 2008 sections and divisions, ISCO-08 groups and education levels.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import EducationLevel, EducationLevelMatch, IscoGroup, Region, RegionMembership, SbiDivision, Sector
from ..models.region import ARBEIDSMARKTREGIO, GEMEENTE, PROVINCIE
from ..upsert import upsert
from .groupings import BUNDLED_GROUPINGS, RESERVED_LEVELS, BadGroupings, read_groupings

REFERENCE_DIR = Path(__file__).parent
COUNTRY = "NL"
COUNTRY_LEVEL = "land"
__all__ = ["BUNDLED_GROUPINGS", "BadGroupings"]  # re-exported for callers of load_reference

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


@lru_cache(maxsize=1)
def gemeenten() -> tuple[Gemeente, ...]:
    """All bundled gemeenten (read once: place resolution asks for them per name)."""
    return tuple(Gemeente(**row) for row in read_table("gemeenten.csv"))


def normalise_place(name: str, *, keep_suffix: bool = False) -> str:
    """Comparable form of a place name: no accents, case or punctuation; CBS suffixes like "(O.)" dropped
    unless ``keep_suffix`` (they tell apart places of the same name, such as Hengelo and Hengelo (Gld)).

    >>> normalise_place("Hengelo (O.)"), normalise_place("Hengelo (Gld)", keep_suffix=True)
    ('hengelo', 'hengelo gld')
    >>> normalise_place("  's-Gravenhage ") == "'s-gravenhage"
    True
    """
    name = name.strip()
    if keep_suffix:
        name = re.sub(r"\s*\(([^)]*)\)\s*$", r" \1", name).replace(".", "")
    else:
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", name).casefold()


@lru_cache(maxsize=1)
def place_index() -> dict[str, frozenset[str]]:
    """Normalised place name → the gemeenten that have a place of that name, from gemeente names and woonplaatsen;
    each name is indexed with its CBS suffix ("hengelo gld") and without it ("hengelo")."""
    index: dict[str, set[str]] = {}
    names = [(g.name, g.code) for g in gemeenten()]
    names += [(row["woonplaats"], row["gemeente"]) for row in read_table("woonplaatsen.csv")]
    for name, code in names:
        for key in {normalise_place(name, keep_suffix=True), normalise_place(name)}:
            index.setdefault(key, set()).add(code)
    return {key: frozenset(codes) for key, codes in index.items()}


@lru_cache(maxsize=1)
def _gemeente_names() -> dict[str, str]:
    """Normalised gemeente name → code, for names only one gemeente has (not Bergen: L. and NH.)."""
    codes: dict[str, list[str]] = {}
    for g in gemeenten():
        codes.setdefault(normalise_place(g.name), []).append(g.code)
    return {name: found[0] for name, found in codes.items() if len(found) == 1}


def resolve_gemeente(place: str | None) -> str | None:
    """The gemeente code of a place name, or None when the name is unknown or ambiguous. A name several gemeenten
    have a place of resolves to the gemeente of that name (Hengelo, not Hengelo in Bronckhorst), else to none.

    >>> resolve_gemeente("Hengelo"), resolve_gemeente("Hengelo (Gld)"), resolve_gemeente("Den Bosch")
    ('GM0164', 'GM1876', 'GM0796')
    """
    if not place:
        return None
    index = place_index()
    for key in (normalise_place(place, keep_suffix=True), normalise_place(place)):
        codes = index.get(key, frozenset())
        if len(codes) == 1:
            return next(iter(codes))
        if codes:
            return _gemeente_names().get(key)
    return None


def gemeente_code(name_or_code: str) -> str | None:
    """The code of a gemeente given by its code or its name (not the name of another place in it)."""
    codes = {g.code for g in gemeenten()}
    return name_or_code if name_or_code in codes else _gemeente_names().get(normalise_place(name_or_code))


def load_reference(session: Session, groupings: Path | None = BUNDLED_GROUPINGS) -> None:
    """Upsert all reference dimensions and the region groupings of a file; safe to run on every start."""
    regions = [{"code": COUNTRY, "name": "Nederland", "level": COUNTRY_LEVEL}]
    regions += [{"code": r["code"], "name": r["name"], "level": PROVINCIE} for r in read_table("provincies.csv")]
    regions += [
        {"code": r["code"], "name": r["name"], "level": ARBEIDSMARKTREGIO} for r in read_table("arbeidsmarktregios.csv")
    ]
    all_gemeenten = gemeenten()
    regions += [{"code": g.code, "name": g.name, "level": GEMEENTE} for g in all_gemeenten]
    memberships = [
        {"gemeente_code": g.code, "region_code": area}
        for g in all_gemeenten
        for area in (g.code, g.arbeidsmarktregio, g.provincie, COUNTRY)
    ]
    if groupings is not None:
        for grouping, codes in read_groupings(groupings, gemeente_code, {r["code"] for r in regions}):
            regions.append({"code": grouping.code, "name": grouping.name, "level": grouping.level})
            memberships += [{"gemeente_code": code, "region_code": grouping.code} for code in codes]
    upsert(session, Region, regions, key=["code"], update=["name", "level"])
    upsert(session, RegionMembership, memberships, key=["gemeente_code", "region_code"], update=[])
    sectors = [{"code": ALL_SECTORS, "name": "Alle sectoren"}, *read_table("sbi_sections.csv")]
    upsert(session, Sector, sectors, key=["code"], update=["name"])
    divisions = [
        {"code": r["code"], "name": r["name"], "section_code": r["section"]} for r in read_table("sbi_divisions.csv")
    ]
    upsert(session, SbiDivision, divisions, key=["code"], update=["name", "section_code"])
    isco = [
        {"code": r["code"], "level": int(r["level"]), "name": r["name"], "parent_code": r["parent"] or None}
        for r in read_table("isco_groups.csv")
    ]
    upsert(session, IscoGroup, isco, key=["code"], update=["level", "name", "parent_code"])
    levels = [
        {"code": r["code"], "name": r["name"], "nlqf": int(r["nlqf"]) if r["nlqf"] else None, "sort": int(r["sort"])}
        for r in read_table("education_levels.csv")
    ]
    upsert(session, EducationLevel, levels, key=["code"], update=["name", "nlqf", "sort"])
    matches = {(row["job_level"], row["offer_level"]) for row in read_table("education_level_matches.csv")}
    stored = set(session.execute(select(EducationLevelMatch.job_level, EducationLevelMatch.offer_level)).tuples())
    for job_level, offer_level in stored - matches:  # the bundled table is the whole rule
        session.execute(delete(EducationLevelMatch).filter_by(job_level=job_level, offer_level=offer_level))
    session.add_all(EducationLevelMatch(job_level=j, offer_level=o) for j, o in sorted(matches - stored))


def region_levels(session: Session) -> list[str]:
    """The levels of the configured region groupings (beyond gemeente, arbeidsmarktregio, provincie, land)."""
    return sorted(set(session.scalars(select(Region.level).where(Region.level.not_in(RESERVED_LEVELS)))))
