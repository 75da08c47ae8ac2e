"""``llo_skill_matcher``: finds taxonomy concepts in a text.

Every concept term is matched on each configured token attribute (``LOWER`` for the written form, ``NORM``
for the lemma form set by ``llo_lexical_norms``). Overlapping matches are resolved, longest first, and written
as spans to ``doc.spans[spans_key]`` with the concept id as label. Elliptical compounds count too: in
"MIG- en TIG-lassen" and "zorg- en welzijnssector" the first word is completed with the end of the second
("MIG-lassen", "zorgsector") and matched when that is a term. Concepts arrive through ``initialize``
(from the ``llo.taxonomy.v1`` config hook) and are saved with the pipeline.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from core.dutch.words import is_word_character

from ..errors import Errors
from ..taxonomy import Concept, Taxonomy
from ._batching import BatchedPipe
from ._serialisation import SavedData, records_from_json, records_to_json
from .sections import doc_text

_CONCEPTS_FILE = "concepts.json"
_ELLIPSIS = re.compile(r"-\s+(?:en|of|&)\s+(?P<tail>\w+(?:-\w+)?)")
"""An elliptical compound from the hyphen of its first part on ("- en welzijnssector"); the first part is the word
that ends at the hyphen. The pattern starts with a literal, which re scans for in C: one starting with the first
word (``\\b\\w+``) is tried at every position of the text."""
MIN_TAIL = 3
"""Shortest word end that completes an elliptical compound ("sector" in "welzijnssector")."""
COMPLETIONS_REMEMBERED = 50_000
"""How many tried completions of elliptical compounds are remembered with their concept (or none)."""


@Language.factory(
    "llo_skill_matcher",
    assigns=["doc.spans"],
    default_config={"spans_key": "skills", "attrs": ["NORM"]},
)
def make_skill_matcher(nlp: Language, name: str, spans_key: str, attrs: list[str]) -> "SkillMatcher":
    """Build the component.

    spans_key: the ``doc.spans`` key the matches are written to.
    attrs: token attributes to match terms on; matches on any of them count.
    """
    return SkillMatcher(nlp, name, spans_key=spans_key, attrs=attrs)


def _without_overlaps(matches: list[tuple]) -> list[tuple]:
    """Of overlapping (label, start, end) matches the longest (the first of equally long ones), in text order.

    The rule of ``spacy.util.filter_spans``, applied to match tuples: with a large taxonomy most matches are
    shorter terms inside longer ones, so Spans are made only for the matches kept.
    """
    kept: list[tuple] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda match: (match[2] - match[1], -match[1]), reverse=True):
        _label, start, end = match
        if start not in taken and end - 1 not in taken:
            kept.append(match)
            taken.update(range(start, end))
    return sorted(kept, key=lambda match: match[1])


def _word_start(text: str, end: int) -> int:
    """Where the word that ends at ``end`` starts (``end`` when none does); word characters as re's ``\\w``."""
    start = end
    while start and is_word_character(text[start - 1]):
        start -= 1
    return start


class SkillMatcher(BatchedPipe, SavedData):
    """Phrase matcher over all terms of a taxonomy."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, attrs: list[str]) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.attrs = list(attrs)
        self.concepts: dict[str, Concept] = {}
        self._matchers: list[PhraseMatcher] = []
        self._term_keys: dict[str, str] = {}
        self._completed_concept = lru_cache(maxsize=COMPLETIONS_REMEMBERED)(self._term_concept)

    def initialize(self, get_examples=None, *, nlp: Language | None = None, taxonomy: Taxonomy) -> None:
        """Load the taxonomy's concepts and build the matchers."""
        self.set_concepts(taxonomy.concepts.values())

    def set_concepts(self, concepts: Iterable[Concept]) -> None:
        """Replace the concepts and rebuild the matchers."""
        self.concepts = {concept.id: concept for concept in concepts}
        self._matchers = self._build_matchers()
        self._completed_concept.cache_clear()

    def __call__(self, doc: Doc) -> Doc:
        if not self._matchers:
            raise ValueError(Errors.E006.format(name=self.name))
        matches = [match for matcher in self._matchers for match in matcher(doc)]
        kept = _without_overlaps(matches + self._elliptical_compounds(doc))
        doc.spans[self.spans_key] = [Span(doc, start, end, label=label) for label, start, end in kept]
        return doc

    def _elliptical_compounds(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(concept id, start, end) token ranges over the first part of "X- en Y" compounds whose completion is a
        term."""
        text = doc_text(doc)
        matches = []
        covered = 0  # where the last compound ends: compounds do not overlap
        for match in _ELLIPSIS.finditer(text):
            hyphen = match.start()
            start = _word_start(text, hyphen)
            if start == hyphen or start < covered:
                continue
            covered = match.end()
            head, tail = text[start:hyphen], match.group("tail")
            if "-" in tail:
                ends = [tail[tail.index("-") :]]
            else:
                ends = [tail[cut:] for cut in range(1, len(tail) - MIN_TAIL + 1)]
            for end in ends:
                concept_id = self._completed_concept(head + end)
                if concept_id:
                    span = doc.char_span(start, hyphen + 1, alignment_mode="expand")
                    if span is not None:
                        matches.append((concept_id, span.start, span.end))
                    break
        return matches

    def _term_concept(self, text: str) -> str | None:
        """The concept that has ``text`` as a term.

        Called through ``_completed_concept``, which remembers the answers: most completions tried are no word
        at all ("avond" + "eekenddiensten"), and the tokenizer caches none of them once the taxonomy's own terms
        have filled its cache (10,000 entries) while the patterns were built.
        """
        return self._term_keys.get(self._key(self.nlp.make_doc(text)))

    @staticmethod
    def _key(doc: Doc) -> str:
        return " ".join(token.norm_ for token in doc)

    def _build_matchers(self) -> list[PhraseMatcher]:
        ids, terms = [], []
        for concept in self.concepts.values():
            for term in concept.terms:
                ids.append(concept.id)
                terms.append(term)
        # Patterns pass through the components before this one, so they carry the same lemma norms as texts.
        upstream = self.nlp.pipe_names[: self.nlp.pipe_names.index(self.name)]
        with self.nlp.select_pipes(enable=upstream):
            pattern_docs = list(self.nlp.pipe(terms))
        by_concept: dict[str, list[Doc]] = defaultdict(list)
        self._term_keys = {}
        for concept_id, pattern in zip(ids, pattern_docs, strict=True):
            by_concept[concept_id].append(pattern)
            self._term_keys.setdefault(self._key(pattern), concept_id)
        matchers = []
        for attr in self.attrs:
            matcher = PhraseMatcher(self.nlp.vocab, attr=attr)
            for concept_id, patterns in by_concept.items():
                matcher.add(concept_id, patterns)
            matchers.append(matcher)
        return matchers

    def _data_files(self) -> dict[str, Callable[[], bytes]]:
        return {_CONCEPTS_FILE: lambda: records_to_json(self.concepts.values())}

    def _load_data(self, contents: dict[str, bytes]) -> None:
        self.set_concepts(records_from_json(contents[_CONCEPTS_FILE], Concept))
