"""Import an official ESCO CSV download (any release, any language) into LLO Radar's formats.

Reads from a directory whatever of these files it holds (``xx`` is the language code): ``skills_xx.csv``,
``skillGroups_xx.csv``, ``skillsHierarchy_xx.csv``, ``broaderRelationsSkillPillar.csv``,
``occupations_xx.csv``, ``ISCOGroups_xx.csv``, ``occupationSkillRelations[_xx].csv`` and the collections
(``digital``, ``green``, ``transversal``, ``language``, ``ict``). Skills listed only in collections are
imported too, so a download without ``skills_xx.csv`` still gives a usable taxonomy.

``write_import`` writes ``taxonomy.yaml`` (the pipeline's taxonomy format), ``occupations.yaml``,
``isco_groups.csv`` and ``occupation_skills.csv``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Errors, TaxonomyError
from .occupations import Occupation, dump_occupations
from .taxonomy import Concept, Taxonomy

DEFAULT_GROUP = "esco"
_COLLECTIONS = {
    "digital": "digitalSkillsCollection",
    "green": "greenSkillsCollection",
    "transversal": "transversalSkillsCollection",
    "language": "languageSkillsCollection",
    "ict": "ictSkillsCollection",
}


@dataclass
class EscoImport:
    """What an ESCO download holds, in LLO Radar's shapes."""

    language: str
    taxonomy: Taxonomy
    occupations: list[Occupation] = field(default_factory=list)
    isco_groups: dict[str, str] = field(default_factory=dict)
    """ISCO-08 code → label."""
    occupation_skills: list[tuple[str, str, str]] = field(default_factory=list)
    """(occupation URI, skill URI, essential/optional)."""
    files: list[str] = field(default_factory=list)
    """The files that were read."""


def import_esco(directory: str | Path, language: str | None = None) -> EscoImport:
    """Read an ESCO download; ``language`` defaults to the one in the file names."""
    directory = Path(directory)
    if not directory.is_dir():
        raise TaxonomyError(Errors.E009.format(path=directory, reason="not a directory"))
    language = language or _detect_language(directory)
    files: list[str] = []

    def rows(name: str) -> list[dict[str, str]]:
        for candidate in (f"{name}_{language}.csv", f"{name}.csv"):
            path = directory / candidate
            if path.exists():
                files.append(candidate)
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    return list(csv.DictReader(handle))
        return []

    group_rows = rows("skillGroups")
    groups = {_uuid(r["conceptUri"]): r["preferredLabel"] for r in group_rows}
    groups[DEFAULT_GROUP] = "ESCO"
    broader: dict[str, str] = {}
    for relation in rows("broaderRelationsSkillPillar"):
        if relation.get("broaderType") == "SkillGroup":
            broader.setdefault(relation["conceptUri"], _uuid(relation["broaderUri"]))
    members = {kind: rows(name) for kind, name in _COLLECTIONS.items()}
    in_collection = {kind: {r["conceptUri"] for r in collection} for kind, collection in members.items()}

    skill_rows: dict[str, dict[str, str]] = {}
    for row in [*rows("skills"), *(r for collection in members.values() for r in collection)]:
        skill_rows.setdefault(row["conceptUri"], row)
    concepts: dict[str, Concept] = {}
    for uri, row in skill_rows.items():
        concept_type = (
            "language" if uri in in_collection["language"]
            else "transversal" if uri in in_collection["transversal"]
            else "knowledge" if row.get("skillType") == "knowledge"
            else "skill"
        )  # fmt: skip
        group = broader.get(uri) or _first_group(row.get("broaderConceptUri", ""), groups)
        concept = Concept(
            id=f"esco:{_uuid(uri)}",
            label=row["preferredLabel"],
            type=concept_type,
            group=group if group in groups else DEFAULT_GROUP,
            digital=uri in in_collection["digital"] or uri in in_collection["ict"],
            green=uri in in_collection["green"],
            esco_uri=uri,
            synonyms=_labels(row, row["preferredLabel"]),
        )
        concepts[concept.id] = concept
    if not concepts and not group_rows and not (directory / f"occupations_{language}.csv").exists():
        raise TaxonomyError(Errors.E009.format(path=directory, reason=f"no ESCO CSV files for language {language!r}"))

    occupations = [
        Occupation(
            id=f"esco-occ:{_uuid(r['conceptUri'])}",
            label=r["preferredLabel"],
            isco=(r.get("iscoGroup") or "")[:4] or None,
            esco_uri=r["conceptUri"],
            synonyms=_labels(r, r["preferredLabel"]),
        )
        for r in rows("occupations")
    ]
    isco = {r["code"]: r["preferredLabel"] for r in rows("ISCOGroups") if r.get("code")}
    relations = [
        (r["occupationUri"], r["skillUri"], r.get("relationType", ""))
        for r in rows("occupationSkillRelations")
        if r.get("occupationUri") and r.get("skillUri")
    ]
    taxonomy = Taxonomy(f"esco-{language}", groups, concepts)
    return EscoImport(language, taxonomy, occupations, isco, relations, files)


def write_import(result: EscoImport, out_dir: str | Path) -> dict[str, Path]:
    """Write the import as files the pipeline and warehouse read; returns them by name."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in ("taxonomy.yaml", "occupations.yaml", "isco_groups.csv")}
    paths["occupation_skills.csv"] = out_dir / "occupation_skills.csv"
    taxonomy = {
        "version": 1,
        "name": result.taxonomy.name,
        "groups": [{"id": key, "label": label} for key, label in result.taxonomy.groups.items()],
        "concepts": [
            {
                "id": c.id, "label": c.label, "type": c.type, "group": c.group, "digital": c.digital,
                "green": c.green, "esco": c.esco_uri, "synonyms": list(c.synonyms),
            }
            for c in result.taxonomy.concepts.values()
        ],
    }  # fmt: skip
    paths["taxonomy.yaml"].write_text(yaml.dump(taxonomy, Dumper=yaml.CSafeDumper, allow_unicode=True))
    dump_occupations(result.occupations, paths["occupations.yaml"])
    with paths["isco_groups.csv"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "label"])
        writer.writerows(sorted(result.isco_groups.items()))
    with paths["occupation_skills.csv"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["occupation_uri", "skill_uri", "relation_type"])
        writer.writerows(result.occupation_skills)
    return paths


def _detect_language(directory: Path) -> str:
    found: defaultdict[str, int] = defaultdict(int)
    for path in directory.glob("*_*.csv"):
        if match := re.fullmatch(r"[A-Za-z]+_([a-z]{2}(?:-[a-z]{2})?)\.csv", path.name):
            found[match.group(1)] += 1
    if not found:
        raise TaxonomyError(Errors.E009.format(path=directory, reason="no file named like skills_nl.csv"))
    return max(found, key=found.__getitem__)


def _uuid(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1].lower()


def _first_group(uris: str, groups: dict[str, str]) -> str | None:
    for uri in re.split(r"\s*\|\s*|\s*,\s*", uris or ""):
        if uri and _uuid(uri) in groups:
            return _uuid(uri)
    return None


def _labels(row: dict[str, str], label: str) -> tuple[str, ...]:
    """Alternative and hidden labels, without the preferred label: newline-separated in ESCO's main files,
    " | "-separated in its collections."""
    labels = [
        part
        for column in ("altLabels", "hiddenLabels")
        for line in (row.get(column) or "").splitlines()
        for part in line.split(" | ")
    ]
    cleaned = dict.fromkeys(text.strip() for text in labels if text.strip() and text.strip() != label)
    return tuple(cleaned)
