"""``llo_evidence``: skill mentions in a section that counts as demand which still do not show that the vacancy
asks for the skill, each with its reason. Two rules, their phrases data (``nlp/data/evidence.yaml``, through the
``llo.evidence_rules.v1`` config hook), documented in docs/extraction.md:

- ``partner``: the mention names whom the job works with, not what it asks: right after a collaboration cue ("je
  stemt de nazorg af met de thuiszorg", "in overleg met de wijkverpleging"), at most two determiners between.
- ``subject_taught``: in a teacher's vacancy (an occupation whose ISCO-08 group starts with one of
  ``teaching_isco``), the subject named in the headline or right after a teaching cue ("Docent Elektrotechniek",
  "je geeft les in wiskunde") is what the job teaches, not a skill it asks for. What the requirements ask of the
  teacher ("kennis van elektrotechniek") still counts.

Courses are left alone. Writes ``doc._.llo_not_demand``: ``{(start_char, end_char): reason}`` of the mentions
concerned.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
import re
from collections.abc import Callable
from pathlib import Path

import srsly
import yaml
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..errors import Errors, RulesError
from ._batching import BatchedPipe
from ._doc_values import HEADLINE_END, KIND, DocValue
from ._serialisation import SavedData
from .occupation import OCCUPATION_ISCO
from .sections import doc_text

BUNDLED_EVIDENCE_RULES = Path(__file__).parent.parent / "data" / "evidence.yaml"
_RULES_FILE = "evidence_rules.json"
_LOOK_BACK = 200
"""Characters before a mention searched for the start of its clause."""
_CLAUSE_END = re.compile(r"[.;:!?()\n]")
_WORDS = re.compile(r",|[^\s,]+")
_SEPARATORS = frozenset({",", "en", "of", "en/of", "&", "/"})
MAX_ITEM_WORDS = 2
"""Longest list item between a cue and the mention it governs ("af met de transferverpleegkundige, de thuiszorg")."""

NOT_DEMAND = DocValue("llo_not_demand", {})
"""``{(start_char, end_char): reason}`` of the skill mentions that are no evidence of demand."""


class EvidenceRules:
    """Cue phrases; a plain class so spaCy's pydantic validation of ``initialize()`` keeps it intact."""

    __slots__ = ("determiners", "partner_cues", "teaching_cues", "teaching_isco")

    def __init__(
        self, partner_cues: list[str], determiners: list[str], teaching_cues: list[str], teaching_isco: list[str]
    ) -> None:
        self.partner_cues = tuple(tuple(cue.lower().split()) for cue in partner_cues)
        self.determiners = frozenset(word.lower() for word in determiners)
        self.teaching_cues = tuple(tuple(cue.lower().split()) for cue in teaching_cues)
        self.teaching_isco = tuple(str(prefix) for prefix in teaching_isco)

    def to_dict(self) -> dict:
        return {
            "partner_cues": [" ".join(cue) for cue in self.partner_cues],
            "determiners": sorted(self.determiners),
            "teaching_cues": [" ".join(cue) for cue in self.teaching_cues],
            "teaching_isco": list(self.teaching_isco),
        }


def _clause_before(text: str, start: int) -> list[str]:
    """The lower-case words (and commas) of the clause before ``start``: back to the last sentence or clause end."""
    window = text[max(0, start - _LOOK_BACK) : start]
    clause = _CLAUSE_END.split(window)[-1]
    return _WORDS.findall(clause.lower())


def _governed_by(words: list[str], cues: tuple[tuple[str, ...], ...], determiners: frozenset[str]) -> bool:
    """Whether the clause ends in a cue, or in a cue followed by a list whose next item is the mention ("af met de
    transferverpleegkundige, de thuiszorg en"): items of at most ``MAX_ITEM_WORDS`` words besides determiners,
    separated by commas, "en" or "of"."""
    for cue in cues:
        for position in range(len(words) - len(cue), -1, -1):
            if tuple(words[position : position + len(cue)]) == cue:
                return _list_before_item(words[position + len(cue) :], determiners)
    return False


def _list_before_item(words: list[str], determiners: frozenset[str]) -> bool:
    """Whether ``words`` are list items each ending in a separator (or nothing), so that what follows is an item."""
    content = [word for word in words if word not in determiners]
    if not content:
        return True
    if content[-1] not in _SEPARATORS:
        return False
    item = 0
    for word in content:
        if word in _SEPARATORS:
            item = 0
        else:
            item += 1
            if item > MAX_ITEM_WORDS:
                return False
    return True


def load_evidence_rules(path: str | Path = BUNDLED_EVIDENCE_RULES) -> EvidenceRules:
    """Read evidence rules from YAML."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("partner_cues", "determiners", "teaching_cues", "teaching_isco"):
        if not data.get(key):
            raise RulesError(Errors.E007.format(path=path, key=key))
    return EvidenceRules(data["partner_cues"], data["determiners"], data["teaching_cues"], data["teaching_isco"])


@registry.misc("llo.evidence_rules.v1")
def evidence_rules_from_file(path: str | None = None) -> EvidenceRules:
    """Config hook: the evidence rules at ``path``, or the bundled default when ``path`` is null."""
    return load_evidence_rules(path or BUNDLED_EVIDENCE_RULES)


@Language.factory("llo_evidence", assigns=["doc._.llo_not_demand"], default_config={"skills_key": "skills"})
def make_evidence(nlp: Language, name: str, skills_key: str) -> "EvidenceTagger":
    """Build the component.

    skills_key: ``doc.spans`` key of the skill mentions (the skill matcher's).
    """
    return EvidenceTagger(name, skills_key=skills_key)


class EvidenceTagger(BatchedPipe, SavedData):
    """Marks the skill mentions of a vacancy that are no evidence of demand."""

    def __init__(self, name: str, *, skills_key: str) -> None:
        self.name = name
        self.skills_key = skills_key
        self.rules: EvidenceRules | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, rules: EvidenceRules) -> None:
        """Take the rules."""
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(Errors.E006.format(name=self.name))
        if KIND.get(doc) != "vacancy" or self.skills_key not in doc.spans:
            return doc
        text = doc_text(doc)
        teacher = (OCCUPATION_ISCO.get(doc) or "").startswith(self.rules.teaching_isco)
        headline_end = HEADLINE_END.get(doc)
        found = {}
        for span in doc.spans[self.skills_key]:
            start, end = span.start_char, span.end_char
            clause = _clause_before(text, start)
            if _governed_by(clause, self.rules.partner_cues, self.rules.determiners):
                found[start, end] = "partner"
            elif teacher and (
                start < headline_end or _governed_by(clause, self.rules.teaching_cues, self.rules.determiners)
            ):
                found[start, end] = "subject_taught"
        if found:
            NOT_DEMAND.set(doc, found)
        return doc

    def _data_files(self) -> dict[str, Callable[[], bytes]]:
        return {_RULES_FILE: lambda: srsly.json_dumps(self._loaded_rules().to_dict()).encode()}

    def _loaded_rules(self) -> EvidenceRules:
        if self.rules is None:
            raise ValueError(Errors.E006.format(name=self.name))
        return self.rules

    def _load_data(self, contents: dict[str, bytes]) -> None:
        self.rules = EvidenceRules(**srsly.json_loads(contents[_RULES_FILE]))
