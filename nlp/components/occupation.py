"""``llo_occupation``: the occupation (ISCO-08 unit group, ESCO occupation) a text is about, from its title first.

Order of evidence: a title term (phrase match on lexical norms); a title word ending in a one-word occupation
term, because Dutch writes compounds as one word ("wijkverpleegkundige" → verpleegkundige); the occupation the
body names most. The longest match wins. Occupations arrive through ``initialize`` (``llo.occupations.v1``)
and are saved with the pipeline. Writes ``doc._.llo_occupation`` (an id), ``doc._.llo_occupation_source``
(``title``, ``title-compound`` or ``body``) and ``doc._.llo_occupation_isco``.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
from collections import Counter
from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import registry

from ..errors import Errors
from ..occupations import BUNDLED_OCCUPATIONS, Occupation, load_occupations
from ._batching import BatchedPipe
from ._doc_values import HEADLINE_END, DocValue
from ._serialisation import SavedData, records_from_json, records_to_json

_OCCUPATIONS_FILE = "occupations.json"
MIN_COMPOUND_HEAD = 5
"""Shortest one-word term matched at the end of a compound ("monteur" in "servicemonteur")."""

OCCUPATION_ID = DocValue("llo_occupation")
"""The occupation id; None when no occupation term occurs."""
OCCUPATION_SOURCE = DocValue("llo_occupation_source")
"""Where the occupation was found: ``title``, ``title-compound`` or ``body``."""
OCCUPATION_ISCO = DocValue("llo_occupation_isco")
"""The occupation's ISCO-08 unit group (4 digits); None when unknown."""


class OccupationList:
    """Occupations for ``initialize``; a plain class so spaCy's pydantic validation keeps it intact."""

    __slots__ = ("occupations",)

    def __init__(self, occupations: list[Occupation]) -> None:
        self.occupations = occupations


@registry.misc("llo.occupations.v1")
def occupations_from_file(path: str | None = None) -> OccupationList:
    """Config hook: the occupations at ``path``, or the bundled list when ``path`` is null."""
    return OccupationList(load_occupations(path or BUNDLED_OCCUPATIONS))


@Language.factory(
    "llo_occupation",
    assigns=["doc._.llo_occupation", "doc._.llo_occupation_source", "doc._.llo_occupation_isco"],
    default_config={},
)
def make_occupation(nlp: Language, name: str) -> "OccupationTagger":
    """Build the component; it has no settings."""
    return OccupationTagger(nlp, name)


class OccupationTagger(BatchedPipe, SavedData):
    """Finds the occupation of a text."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.occupations: dict[str, Occupation] = {}
        self._matcher: PhraseMatcher | None = None
        self._one_word: dict[str, str] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None, occupations: OccupationList) -> None:
        """Load the occupations and build the matchers."""
        self.set_occupations(occupations.occupations)

    def set_occupations(self, occupations: Iterable[Occupation]) -> None:
        """Replace the occupations."""
        self.occupations = {occupation.id: occupation for occupation in occupations}
        matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self._one_word = {}
        for occupation in self.occupations.values():
            patterns = [self.nlp.make_doc(term) for term in occupation.terms]
            matcher.add(occupation.id, patterns)
            for pattern in patterns:
                if len(pattern) == 1 and len(pattern[0].norm_) >= MIN_COMPOUND_HEAD:
                    self._one_word.setdefault(pattern[0].norm_, occupation.id)
        self._matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        if self._matcher is None:
            raise ValueError(Errors.E006.format(name=self.name))
        headline_end = HEADLINE_END.get(doc)
        strings = self.nlp.vocab.strings
        in_title: list[tuple[int, int, str]] = []
        in_body: Counter[str] = Counter()
        for match_id, start, end in self._matcher(doc):
            occupation_id = strings[match_id]
            if doc[start].idx < headline_end:
                in_title.append((end - start, -start, occupation_id))
            else:
                in_body[occupation_id] += 1
        if in_title:
            found = max(in_title)[2], "title"
        elif compound := self._compound_in_title(doc, headline_end):
            found = compound, "title-compound"
        elif in_body:
            found = in_body.most_common(1)[0][0], "body"
        else:
            return doc
        OCCUPATION_ID.set(doc, found[0])
        OCCUPATION_SOURCE.set(doc, found[1])
        OCCUPATION_ISCO.set(doc, self.occupations[found[0]].isco)
        return doc

    def _compound_in_title(self, doc: Doc, headline_end: int) -> str | None:
        for token in doc:
            if token.idx >= headline_end:
                break
            norm = token.norm_
            for cut in range(1, len(norm) - MIN_COMPOUND_HEAD + 1):
                if occupation_id := self._one_word.get(norm[cut:]):
                    return occupation_id
        return None

    def _data_files(self) -> dict[str, Callable[[], bytes]]:
        return {_OCCUPATIONS_FILE: lambda: records_to_json(self.occupations.values())}

    def _load_data(self, contents: dict[str, bytes]) -> None:
        self.set_occupations(records_from_json(contents[_OCCUPATIONS_FILE], Occupation))
