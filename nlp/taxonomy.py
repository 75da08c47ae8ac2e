"""The skills taxonomy: concepts with Dutch labels and synonyms, loaded from YAML.

The bundled default lives in ``nlp/data/taxonomy.yaml``. Each concept has a stable id, a type, a group,
digital/green flags, an optional ESCO URI and the synonyms Dutch job ads and course pages use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from spacy.util import registry

from .errors import Errors, TaxonomyError

BUNDLED_TAXONOMY = Path(__file__).parent / "data" / "taxonomy.yaml"
CONCEPT_TYPES = frozenset({"skill", "knowledge", "tool", "certificate", "language", "transversal"})
_CONCEPT_ID = re.compile(r"^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Concept:
    """One skill, knowledge area, certificate, language or transversal skill."""

    id: str
    """Stable id, ``llo:<slug>`` for bundled concepts."""
    label: str
    """Dutch preferred label."""
    type: str
    """One of ``CONCEPT_TYPES``."""
    group: str
    """Id of the concept's group."""
    digital: bool = False
    """Digital skill or tool."""
    green: bool = False
    """Skill of the energy transition or sustainability."""
    esco_uri: str | None = None
    """ESCO skill URI of the same concept, when there is one."""
    synonyms: tuple[str, ...] = ()
    """Other ways texts write the concept."""

    @property
    def terms(self) -> tuple[str, ...]:
        """The label followed by the synonyms: every term the matcher looks for."""
        return (self.label, *self.synonyms)


class Taxonomy:
    """A named set of concepts and their groups.

    A plain class on purpose: spaCy validates ``initialize()`` arguments with pydantic, which would turn a
    dataclass into a dict.
    """

    __slots__ = ("concepts", "groups", "name")

    def __init__(self, name: str, groups: dict[str, str], concepts: dict[str, Concept]) -> None:
        self.name = name
        self.groups = groups
        """Group id → Dutch label."""
        self.concepts = concepts
        """Concept id → concept, in file order."""


def load_taxonomy(path: str | Path = BUNDLED_TAXONOMY) -> Taxonomy:
    """Read and validate a taxonomy YAML file; raise ``TaxonomyError`` naming the bad entry."""
    path = Path(path)
    if not path.is_file():
        raise TaxonomyError(Errors.E001.format(path=path))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise TaxonomyError(Errors.E002.format(path=path, reason=exc)) from exc
    if not isinstance(data, dict):
        raise TaxonomyError(Errors.E002.format(path=path, reason="expected a mapping with groups and concepts"))
    groups = {group["id"]: group["label"] for group in data.get("groups", [])}
    concepts: dict[str, Concept] = {}
    for index, raw in enumerate(data.get("concepts", [])):
        concept = _parse_concept(raw, groups, path=path, index=index)
        if concept.id in concepts:
            raise TaxonomyError(Errors.E004.format(path=path, concept_id=concept.id))
        concepts[concept.id] = concept
    return Taxonomy(name=data.get("name", path.stem), groups=groups, concepts=concepts)


def _parse_concept(raw: dict, groups: dict[str, str], *, path: Path, index: int) -> Concept:
    concept_id = str(raw.get("id", ""))

    def fail(reason: str) -> TaxonomyError:
        return TaxonomyError(Errors.E003.format(path=path, index=index, concept_id=concept_id, reason=reason))

    if not _CONCEPT_ID.match(concept_id):
        raise fail("id must look like 'llo:some-slug'")
    if not raw.get("label"):
        raise fail("label is missing")
    if raw.get("type") not in CONCEPT_TYPES:
        raise fail(f"type must be one of {sorted(CONCEPT_TYPES)}, not {raw.get('type')!r}")
    if raw.get("group") not in groups:
        raise fail(f"group {raw.get('group')!r} is not declared under 'groups'")
    return Concept(
        id=concept_id,
        label=str(raw["label"]),
        type=raw["type"],
        group=raw["group"],
        digital=bool(raw.get("digital", False)),
        green=bool(raw.get("green", False)),
        esco_uri=raw.get("esco") or None,
        synonyms=tuple(str(s) for s in raw.get("synonyms") or ()),
    )


USER_GROUP = "user"
"""The group of the concepts users add in their synonyms file."""


def add_synonyms(taxonomy: Taxonomy, path: str | Path) -> Taxonomy:
    """The taxonomy with the user's additions from a YAML file: extra synonyms of a concept
    ``{concept id: [synonym, ...]}``, and concepts of the user's own
    ``{user:slug: {label: ..., type: ..., synonyms: [...], esco: ...}}`` (group ``user``).

    Lets users teach the matcher the words their market uses without touching code or the bundled file; terms
    accepted from the review queue (``llo-radar skills accept``) are written here.
    """
    path = Path(path)
    extra = _read_synonyms(path)
    concepts = dict(taxonomy.concepts)
    groups = dict(taxonomy.groups)
    for index, (concept_id, entry) in enumerate(extra.items()):
        if isinstance(entry, dict):
            if concept_id in concepts:
                raise TaxonomyError(Errors.E008.format(path=path, reason=f"concept {concept_id!r} exists already"))
            groups.setdefault(USER_GROUP, "Eigen begrippen")
            concepts[concept_id] = _parse_concept(
                {"id": concept_id, "group": USER_GROUP, **entry}, groups, path=path, index=index
            )
            continue
        if concept_id not in concepts:
            raise TaxonomyError(Errors.E008.format(path=path, reason=f"unknown concept id {concept_id!r}"))
        concept = concepts[concept_id]
        added = tuple(str(s) for s in entry or () if str(s) not in concept.terms)
        concepts[concept_id] = replace(concept, synonyms=concept.synonyms + added)
    return Taxonomy(taxonomy.name, groups, concepts)


def _read_synonyms(path: Path) -> dict:
    if not path.is_file():
        raise TaxonomyError(Errors.E008.format(path=path, reason="file not found"))
    try:
        extra = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(Errors.E008.format(path=path, reason=exc)) from exc
    if not isinstance(extra, dict):
        raise TaxonomyError(Errors.E008.format(path=path, reason="expected a mapping of concept id to synonyms"))
    return extra


def accept_term(
    path: str | Path, spellings: list[str], *, concept_id: str | None = None, label: str = "", concept_type: str = ""
) -> str:
    """Write a reviewed term into the user's synonyms file (created when missing): its ``spellings`` as synonyms
    of ``concept_id``, or, without one, as a new concept of the user's (``user:<slug of label>``) with ``label``
    and ``concept_type``. Returns the concept id. The next extraction links the term.
    """
    path = Path(path)
    extra = _read_synonyms(path) if path.exists() else {}
    if concept_id is not None:
        known = [str(s) for s in extra.get(concept_id) or []]
        extra[concept_id] = known + [s for s in spellings if s not in known]
    else:
        if concept_type not in CONCEPT_TYPES:
            raise TaxonomyError(Errors.E008.format(path=path, reason=f"type must be one of {sorted(CONCEPT_TYPES)}"))
        concept_id = f"{USER_GROUP}:{_slug(label)}"
        if concept_id in extra:
            raise TaxonomyError(Errors.E008.format(path=path, reason=f"concept {concept_id!r} exists already"))
        extra[concept_id] = {"label": label, "type": concept_type, "synonyms": [s for s in spellings if s != label]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return concept_id


def _slug(label: str) -> str:
    """
    >>> _slug("Dakkapellen plaatsen")
    'dakkapellen-plaatsen'
    """
    folded = unicodedata.normalize("NFKD", label.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "term"


@registry.misc("llo.taxonomy.v1")
def taxonomy_from_file(path: str | None = None) -> Taxonomy:
    """Config hook: the taxonomy at ``path``, or the bundled default when ``path`` is null."""
    return load_taxonomy(path or BUNDLED_TAXONOMY)


@registry.misc("llo.taxonomy.v2")
def taxonomy_with_synonyms(path: str | None = None, synonyms: str | None = None) -> Taxonomy:
    """Config hook: like v1, plus the user's extra synonyms file when ``synonyms`` is set."""
    taxonomy = taxonomy_from_file(path)
    return add_synonyms(taxonomy, synonyms) if synonyms else taxonomy
