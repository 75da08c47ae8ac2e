"""Reference dimensions bundled with the warehouse: regions and SBI sections, as compiled CSV tables.

Regions: every gemeente (GM....) belongs to one arbeidsmarktregio (AM..), one province (PV..), the country (NL)
and any configured groupings. The gemeenten, and how place names resolve to them, are ``core.dutch.places``'s
(the same rule the crawlers and the nlp stage use). Also SBI 2008 sections and divisions, ISCO-08 groups and
education levels.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.dutch.places import gemeente_code, gemeenten

from ..models import EducationLevel, EducationLevelMatch, IscoGroup, Region, RegionMembership, SbiDivision, Sector
from ..models.region import RegionLevel
from ..upsert import upsert
from .groupings import BUNDLED_GROUPINGS, BadGroupings, read_groupings

REFERENCE_DIR = Path(__file__).parent
COUNTRY = "NL"
__all__ = ["BUNDLED_GROUPINGS", "BadGroupings"]  # re-exported for callers of load_reference

ALL_SECTORS = "*"
"""Sector code of the 'all sectors' member, used for totals."""


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a bundled CSV table, e.g. ``read_table("provincies.csv")``."""
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference(session: Session, groupings: Path | None = BUNDLED_GROUPINGS) -> None:
    """Upsert all reference dimensions and the region groupings of a file; safe to run on every start."""
    regions = [{"code": COUNTRY, "name": "Nederland", "level": RegionLevel.COUNTRY}]
    regions += [
        {"code": r["code"], "name": r["name"], "level": RegionLevel.PROVINCE} for r in read_table("provincies.csv")
    ]
    regions += [
        {"code": r["code"], "name": r["name"], "level": RegionLevel.LABOUR_MARKET_REGION}
        for r in read_table("arbeidsmarktregios.csv")
    ]
    all_gemeenten = gemeenten()
    regions += [{"code": g.code, "name": g.name, "level": RegionLevel.MUNICIPALITY} for g in all_gemeenten]
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
    """The levels of the configured region groupings (beyond the built-in ``RegionLevel``)."""
    return sorted(set(session.scalars(select(Region.level).where(Region.level.not_in(list(RegionLevel))))))
