"""``llo_sector_rules``: assigns an SBI 2008 section to a text by configurable keyword rules.

Rules map each section letter to terms (``nlp/data/sector_rules.yaml`` by default, through the
``llo.sector_rules.v1`` config hook). Hits in the headline (title and the source's category label, up to
``doc._.llo_headline_end``) weigh ``headline_weight``; hits in the body weigh 1. The best-scoring section
wins when it reaches ``min_score``; ties go to the section listed first.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import srsly
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import ensure_path, registry

from ..errors import Errors, RulesError
from ._batching import BatchedPipe
from ._doc_values import HEADLINE_END, DocValue

BUNDLED_SECTOR_RULES = Path(__file__).parent.parent / "data" / "sector_rules.yaml"
_RULES_FILE = "sector_rules.json"

SECTOR = DocValue("llo_sector")
"""The SBI section letter; None when no rule fired."""


class SectorRules:
    """Section letter → terms that indicate it, in priority order.

    A plain class, not a dataclass, so that spaCy's pydantic validation of ``initialize()`` keeps it intact.
    """

    __slots__ = ("terms",)

    def __init__(self, terms: dict[str, tuple[str, ...]]) -> None:
        self.terms = terms


def load_sector_rules(path: str | Path = BUNDLED_SECTOR_RULES) -> SectorRules:
    """Read sector rules from YAML (``sections: {Q: [zorg, ...], ...}``)."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms: dict[str, tuple[str, ...]] = {}
    for section, section_terms in (data.get("sections") or {}).items():
        if not (isinstance(section, str) and len(section) == 1 and section.isupper()):
            raise RulesError(Errors.E005.format(path=path, section=section, reason="not an SBI letter"))
        if not section_terms:
            raise RulesError(Errors.E005.format(path=path, section=section, reason="has no terms"))
        terms[section] = tuple(str(term) for term in section_terms)
    return SectorRules(terms)


@registry.misc("llo.sector_rules.v1")
def sector_rules_from_file(path: str | None = None) -> SectorRules:
    """Config hook: the sector rules at ``path``, or the bundled default when ``path`` is null."""
    return load_sector_rules(path or BUNDLED_SECTOR_RULES)


@Language.factory(
    "llo_sector_rules",
    assigns=["doc._.llo_sector"],
    requires=["token.norm"],
    default_config={"headline_weight": 3, "min_score": 1},
)
def make_sector_rules(nlp: Language, name: str, headline_weight: int, min_score: int) -> "SectorClassifier":
    """Build the component.

    headline_weight: weight of a hit in the title or category label.
    min_score: smallest total weight that assigns a section.
    """
    return SectorClassifier(nlp, name, headline_weight=headline_weight, min_score=min_score)


class SectorClassifier(BatchedPipe):
    """Scores sections by weighted term hits and writes the winner to ``doc._.llo_sector``."""

    def __init__(self, nlp: Language, name: str, *, headline_weight: int, min_score: int) -> None:
        self.nlp = nlp
        self.name = name
        self.headline_weight = headline_weight
        self.min_score = min_score
        self.rules = SectorRules({})
        self._matcher: PhraseMatcher | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, rules: SectorRules) -> None:
        """Load the rules and build the matcher."""
        self.set_rules(rules)

    def set_rules(self, rules: SectorRules) -> None:
        """Replace the rules and rebuild the matcher."""
        self.rules = rules
        upstream = self.nlp.pipe_names[: self.nlp.pipe_names.index(self.name)]
        matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        with self.nlp.select_pipes(enable=upstream):
            for section, terms in rules.terms.items():
                matcher.add(section, list(self.nlp.pipe(terms)))
        self._matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        if self._matcher is None:
            raise ValueError(Errors.E006.format(name=self.name))
        headline_end = HEADLINE_END.get(doc)
        strings = self.nlp.vocab.strings
        scores: Counter[str] = Counter()
        for match_id, start, _end in self._matcher(doc):
            scores[strings[match_id]] += self.headline_weight if doc[start].idx < headline_end else 1
        order = list(self.rules.terms)
        best = max(scores, key=lambda s: (scores[s], -order.index(s)), default=None)
        SECTOR.set(doc, best if best is not None and scores[best] >= self.min_score else None)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _RULES_FILE, self.rules.terms)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "SectorClassifier":
        data = srsly.read_json(ensure_path(path) / _RULES_FILE)
        self.set_rules(SectorRules({k: tuple(v) for k, v in data.items()}))
        return self
