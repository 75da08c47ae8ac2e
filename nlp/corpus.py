"""The real-text corpus: real Dutch vacancy and course pages (read in place from ``../shared/realtexts``) and the
team's annotations of them (in ``nlp/data/real/``), under the rules of ``../shared/ANNOTATION.md``.

The project carries only its own annotations: each refers to a text by id and the SHA-256 of its bytes, so an
annotation of a text that changed is refused rather than silently misplaced. An annotation file lists what a
person found in the order it appears in the text; the spans are written as they stand in the text and are
placed by searching forward from the previous one, so files stay readable and need no hand-counted offsets::

    id: vx-003
    sha256: 5f0c…
    annotator: a
    mentions:                      # [span, type, requirement] or [span, type, requirement, ESCO URI]
      - [Franse taal, language, must]
      - [klantcontact, skill, other]
    education:                     # [span, level] or [span, level, course]: MBO 1-4, MBO, HBO, post-HBO, WO,
      - [hbo werk- en denkniveau, HBO]   # geen; null when unclear. "course": the level a course itself is at
    places:                        # [span, GMxxxx | national | remote | online | abroad]
      - [Amsterdam, GM0363]

A list entry may also be a mapping with the same keys (``span``, ``type``, ``req``, ``esco``, ``level``,
``place``, ``role``) and ``at``: the character offset of the span, for the rare span the forward search would misplace.

``python -m nlp.corpus check [FILE ...]`` validates annotation files; ``python -m nlp.corpus show FILE`` prints
the text with each annotated span marked, for review.

Settings: ``LLO_RADAR_REALTEXTS`` (the folder of the real texts; default ``../shared/realtexts`` beside the
project).
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

import yaml

from core.dutch.education import LEVELS, EducationLevelCode

from .errors import NlpError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REAL_DIR = Path(__file__).parent / "data" / "real"
"""The team's annotations (``annotations/<annotator>/<id>.yaml``) and the development/test split."""
ANNOTATIONS_DIR = REAL_DIR / "annotations"
SPLIT_FILE = REAL_DIR / "split.yaml"

ANNOTATED_LEVELS = {"geen": EducationLevelCode.NONE_REQUIRED, **{str(level): level for level in LEVELS}}
"""The levels annotations give, each with its code: the annotation guide (``../shared/ANNOTATION.md``) writes the
level "no education required" in Dutch, ``geen``."""

MentionType = Literal["skill", "knowledge", "tool", "certificate", "language", "transversal"]
Requirement = Literal["must", "nice", "other", "taught"]
EducationRole = Literal["requirement", "course"]
Split = Literal["dev", "test"]

MENTION_TYPES: tuple[MentionType, ...] = get_args(MentionType)
REQUIREMENTS: tuple[Requirement, ...] = get_args(Requirement)
EDUCATION_ROLES: tuple[EducationRole, ...] = get_args(EducationRole)
PLACE_SCOPES = ("national", "remote", "online", "abroad")
Choice = TypeVar("Choice", bound=str)


class CorpusError(NlpError):
    """A real text or an annotation that cannot be used as it is."""


def realtexts_dir() -> Path:
    """Where the real texts are read from (``LLO_RADAR_REALTEXTS``, default ``../shared/realtexts``)."""
    configured = os.environ.get("LLO_RADAR_REALTEXTS")
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared" / "realtexts"


@dataclass(frozen=True, slots=True)
class RealText:
    """One real page as prepared in the shared corpus: its first line is the title."""

    id: str
    kind: Literal["vacancy", "offer"]
    text: str
    sha256: str
    organisation: str
    sector: str
    licence: str
    source: str
    """Where it was taken from: repository, commit and path."""

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0].strip()


@cache
def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / "manifest.csv"
    if not path.exists():
        raise CorpusError(
            f"The real texts are not at {folder} (no manifest.csv); set LLO_RADAR_REALTEXTS to the realtexts folder"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def real_text(text_id: str, folder: Path | None = None) -> RealText:
    """A real text by id, its bytes checked against the manifest's hash."""
    folder = folder or realtexts_dir()
    row = _manifest(folder).get(text_id)
    if row is None:
        raise CorpusError(f"No real text {text_id!r} in {folder / 'manifest.csv'}")
    raw = (folder / row["file"]).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != row["sha256"]:
        raise CorpusError(f"Real text {text_id} changed: its bytes hash to {digest}, the manifest says {row['sha256']}")
    return RealText(
        id=text_id,
        kind="offer" if row["kind"] == "course" else "vacancy",
        text=raw.decode("utf-8"),
        sha256=digest,
        organisation=row["organisation"],
        sector=row["sector"],
        licence=row["licence"],
        source=f"{row['repo']}@{row['commit'][:12]}:{row['path']}",
    )


def real_texts(folder: Path | None = None) -> list[RealText]:
    """Every real text of the manifest, in id order."""
    folder = folder or realtexts_dir()
    return [real_text(text_id, folder) for text_id in sorted(_manifest(folder))]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a text: character offsets into the file as given (end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldMention:
    span: Span
    type: MentionType
    requirement: Requirement
    esco_uri: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEducation:
    span: Span
    level: EducationLevelCode | None
    """A level's code, or None where the text states a requirement that maps to no level."""
    role: EducationRole = "requirement"
    """A stated requirement (of a job, or a course's entry requirement), or the level a course itself is at."""


@dataclass(frozen=True, slots=True)
class GoldPlace:
    span: Span
    place: str
    """A gemeente code (``GM0363``) or a scope: ``national``, ``remote``, ``online``, ``abroad``."""


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's reading of one real text."""

    text: RealText
    annotator: str
    mentions: tuple[GoldMention, ...] = ()
    education: tuple[GoldEducation, ...] = ()
    places: tuple[GoldPlace, ...] = ()
    notes: str = ""
    path: Path | None = field(default=None, compare=False)


def _entry(raw: Any, keys: tuple[str, ...], where: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        unknown = set(raw) - {*keys, "at"}
        if unknown:
            raise CorpusError(f"{where}: unknown keys {', '.join(sorted(unknown))}; use {', '.join(keys)}, at")
        return dict(raw)
    if isinstance(raw, list) and 2 <= len(raw) <= len(keys):
        return dict(zip(keys, raw, strict=False))
    raise CorpusError(f"{where}: write [{', '.join(keys)}] or a mapping with those keys, not {raw!r}")


class _Placer:
    """Finds each span after the previous one of the same list."""

    def __init__(self, text: str, where: str) -> None:
        self.text, self.where, self.position = text, where, 0

    def place(self, entry: dict[str, Any], index: int) -> Span:
        span = entry.get("span")
        if not isinstance(span, str) or not span.strip():
            raise CorpusError(f"{self.where}, entry {index + 1}: the span must be text, not {span!r}")
        span = str(span)
        at = entry.get("at")
        if at is not None:
            if self.text[at : at + len(span)] != span:
                raise CorpusError(f"{self.where}, entry {index + 1}: {span!r} is not at offset {at}")
            start = at
        else:
            start = self.text.find(span, self.position)
            if start < 0:
                before = self.text.find(span)
                hint = (
                    f"it occurs only before the previous entry (offset {before}): keep the list in text order"
                    if before >= 0
                    else "it does not occur in the text: copy it exactly"
                )
                raise CorpusError(f"{self.where}, entry {index + 1}: span {span!r} not found; {hint}")
        self.position = start + 1
        return Span(start, start + len(span), span)


def one_of(value: Any, allowed: tuple[Choice, ...], what: str, where: str) -> Choice:
    """``value``, which must be one of ``allowed``: else a ``CorpusError`` naming ``what`` and ``where``."""
    if value not in allowed:
        raise CorpusError(f"{where}: {what} {value!r} is not one of {', '.join(allowed)}")
    return value


def parse_annotation(data: dict[str, Any], path: Path | None = None, folder: Path | None = None) -> Annotation:
    """An annotation from its YAML mapping, with every span placed in its text and every value checked."""
    name = str(path) if path else "annotation"
    if not isinstance(data, dict) or "id" not in data:
        raise CorpusError(f"{name}: an annotation is a mapping with at least id and sha256")
    text = real_text(str(data["id"]), folder)
    if data.get("sha256") != text.sha256:
        raise CorpusError(f"{name}: written for another version of {text.id} (sha256 {data.get('sha256')!r})")
    mentions = []
    placer = _Placer(text.text, f"{name}: mentions")
    for index, raw in enumerate(data.get("mentions") or []):
        entry = _entry(raw, ("span", "type", "req", "esco"), f"{name}: mention {index + 1}")
        where = f"{name}: mention {index + 1} ({entry.get('span')!r})"
        esco = entry.get("esco")
        if esco is not None and not str(esco).startswith("http://data.europa.eu/esco/skill/"):
            raise CorpusError(f"{where}: {esco!r} is not an ESCO skill URI")
        mentions.append(
            GoldMention(
                span=placer.place(entry, index),
                type=one_of(entry.get("type"), MENTION_TYPES, "type", where),
                requirement=one_of(entry.get("req"), REQUIREMENTS, "requirement", where),
                esco_uri=esco,
            )
        )
    education = []
    placer = _Placer(text.text, f"{name}: education")
    for index, raw in enumerate(data.get("education") or []):
        entry = _entry(raw, ("span", "level", "role"), f"{name}: education {index + 1}")
        where = f"{name}: education {index + 1}"
        level = entry.get("level")
        if level is not None:
            level = ANNOTATED_LEVELS[one_of(level, tuple(ANNOTATED_LEVELS), "level", where)]
        role = one_of(entry.get("role") or "requirement", EDUCATION_ROLES, "role", where)
        education.append(GoldEducation(placer.place(entry, index), level, role))
    places = []
    placer = _Placer(text.text, f"{name}: places")
    for index, raw in enumerate(data.get("places") or []):
        entry = _entry(raw, ("span", "place"), f"{name}: place {index + 1}")
        place = str(entry.get("place"))
        if not (place in PLACE_SCOPES or (place.startswith("GM") and place[2:].isdigit() and len(place) == 6)):
            raise CorpusError(f"{name}: place {index + 1}: {place!r} is no gemeente code (GM0363) or scope")
        places.append(GoldPlace(placer.place(entry, index), place))
    return Annotation(
        text=text,
        annotator=str(data.get("annotator") or (path.parent.name if path else "")),
        mentions=tuple(mentions),
        education=tuple(education),
        places=tuple(places),
        notes=str(data.get("notes") or ""),
        path=path,
    )


def load_annotation(path: Path, folder: Path | None = None) -> Annotation:
    """One annotation file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML ({exc})") from exc
    return parse_annotation(data, path, folder)


def load_annotations(annotator: str = "a", folder: Path | None = None) -> list[Annotation]:
    """Every annotation of one annotator (``a``: the primary annotation; ``b``: the independent second one)."""
    return [load_annotation(path, folder) for path in sorted((ANNOTATIONS_DIR / annotator).glob("*.yaml"))]


def load_split() -> dict[str, Split]:
    """The development/test split: text id -> ``dev`` or ``test`` (texts split by organisation)."""
    data = yaml.safe_load(SPLIT_FILE.read_text(encoding="utf-8"))
    return {text_id: part for part in ("dev", "test") for text_id in data[part]}


def render(annotation: Annotation) -> str:
    """The text with every annotated span marked ``⟦span⟧{type/req}``, ``⟦span⟧{edu:HBO}``, ``⟦span⟧{place:GM…}``."""
    marks: list[tuple[int, int, str]] = []
    marks += [(m.span.start, m.span.end, f"{m.type}/{m.requirement}") for m in annotation.mentions]
    marks += [(e.span.start, e.span.end, f"edu:{e.level}") for e in annotation.education]
    marks += [(p.span.start, p.span.end, f"place:{p.place}") for p in annotation.places]
    text, out, position = annotation.text.text, [], 0
    for start, end, label in sorted(marks):
        if start < position:  # overlapping marks: show the later one inline after the first
            out.append(f"⟨also {text[start:end]!r} {{{label}}}⟩")
            continue
        out += [text[position:start], f"⟦{text[start:end]}⟧{{{label}}}"]
        position = end
    out.append(text[position:])
    return "".join(out)


def _paths(arguments: Iterable[str]) -> Iterator[Path]:
    given = list(arguments)
    if not given:
        yield from sorted(ANNOTATIONS_DIR.glob("*/*.yaml"))
    for argument in given:
        path = Path(argument)
        yield from sorted(path.glob("*.yaml")) if path.is_dir() else [path]


def main(argv: list[str] | None = None) -> int:
    """``check [FILE|DIR ...]``: validate annotation files; ``show FILE``: print one text with its marks."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("check", "show"):
        print("usage: python -m nlp.corpus check [FILE|DIR ...] | show FILE", file=sys.stderr)
        return 2
    failed = 0
    for path in _paths(args[1:]):
        try:
            annotation = load_annotation(path)
        except (CorpusError, OSError) as exc:
            print(f"FAIL {exc}")
            failed += 1
            continue
        if args[0] == "show":
            print(render(annotation))
        else:
            print(
                f"ok   {path}: {len(annotation.mentions)} mentions, {len(annotation.education)} education, "
                f"{len(annotation.places)} places"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
