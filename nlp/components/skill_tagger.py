"""``llo_skill_tagger``: finds skill mentions the taxonomy does not know, with a trained sequence tagger, and joins
them with the taxonomy's matches into the doc's skill mentions.

Two models trained on the annotated development texts (``python -m nlp.training``, docs/extraction.md) do the
work, both linear-chain CRFs (CRFsuite) over the features of ``_token_features.py``:

- the span model gives every token its probability of being the beginning, inside or outside of a mention
  (``B``/``I``/``O``); the spans found are those of the most probable tag sequence and the runs of tokens at least
  ``min_probability`` likely to be in a mention (``span_candidates``), the likelier kept where they overlap, so
  ``min_probability`` trades precision for recall;
- the type model gives each found span its type (``skill``, ``knowledge``, ``tool``, ``certificate``,
  ``language``, ``transversal``), from the span's words and what stands before it.

The merged mentions go to ``doc.spans[spans_key]``: the label is the mention's type, ``kb_id`` the taxonomy
concept it is linked to (empty when unlinked). A tagged span that covers one taxonomy match is linked to its
concept; one that covers several ("Javascript, HTML en CSS" read as one) gives way to them; a taxonomy match no
tagged span covers is kept as it is. Mentions that name one thing together are then joined into one (``_joined``:
"samenstellen van de jaarrekeningen", "Binnen- en buitenschilderwerk"). The models arrive through
``initialize`` (``llo.skill_tagger_models.v1``) and are saved with the pipeline.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from ..errors import Errors
from ..occupations import Occupation
from ..taxonomy import Concept
from ._batching import BatchedPipe
from ._pipes import pipe_of
from ._serialisation import SavedData
from ._token_features import TokenFeatures
from .occupation import OccupationTagger
from .sections import SECTION_INDEX, doc_text
from .skill_matcher import SkillMatcher

BUNDLED_MODELS = Path(__file__).parent.parent / "data" / "models"
SPAN_MODEL = "skill_spans.crfsuite"
TYPE_MODEL = "skill_types.crfsuite"
UNTYPED = "knowledge"
"""The type of a span the type model cannot read (none of its labels scores)."""


class SkillTaggerModels:
    """The trained span and type models, as the bytes CRFsuite writes.

    A plain class, not a dataclass, so that spaCy's pydantic validation of ``initialize()`` keeps it intact.
    """

    __slots__ = ("spans", "types")

    def __init__(self, spans: bytes, types: bytes) -> None:
        self.spans = spans
        self.types = types

    @classmethod
    def from_directory(cls, path: str | Path) -> "SkillTaggerModels":
        path = Path(path)
        if not (path / SPAN_MODEL).is_file() or not (path / TYPE_MODEL).is_file():
            raise FileNotFoundError(Errors.E010.format(path=path))
        return cls((path / SPAN_MODEL).read_bytes(), (path / TYPE_MODEL).read_bytes())

    def to_directory(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / SPAN_MODEL).write_bytes(self.spans)
        (path / TYPE_MODEL).write_bytes(self.types)


@registry.misc("llo.skill_tagger_models.v1")
def skill_tagger_models_from_directory(path: str | None = None) -> SkillTaggerModels:
    """Config hook: the models in directory ``path``, or the bundled ones when ``path`` is null."""
    return SkillTaggerModels.from_directory(path or BUNDLED_MODELS)


@Language.factory(
    "llo_skill_tagger",
    assigns=["doc.spans"],
    default_config={
        "taxonomy_key": "skills",
        "spans_key": "skill_mentions",
        "matcher": "llo_skill_matcher",
        "occupations": "llo_occupation",
        "min_probability": 0.2,
    },
)
def make_skill_tagger(
    nlp: Language,
    name: str,
    taxonomy_key: str,
    spans_key: str,
    matcher: str,
    occupations: str,
    min_probability: float,
) -> "SkillTagger":
    """Build the component.

    taxonomy_key: the ``doc.spans`` key of the taxonomy matches (the skill matcher's).
    spans_key: the ``doc.spans`` key the merged mentions are written to.
    matcher: the name of the skill matcher component, whose taxonomy gives the concepts and their words.
    occupations: the name of the occupation component, whose job titles tell a title's head ("developer").
    min_probability: how likely (span model) each token of a run must be to be in a mention for the run to be
        found, and a span's tokens on average: lower finds more and less precisely (chosen on the development
        texts' cross-validated figures, docs/extraction.md).
    """
    return SkillTagger(
        nlp,
        name,
        taxonomy_key=taxonomy_key,
        spans_key=spans_key,
        matcher=matcher,
        occupations=occupations,
        min_probability=min_probability,
    )


class Candidate(NamedTuple):
    """A token range that may be a mention."""

    start: int
    end: int
    probability: float
    """How likely its tokens are, on average, to be in a mention."""


def span_candidates(
    span_model: pycrfsuite.Tagger, doc: Doc, items: list[list[str]], probability: float
) -> list[Candidate]:
    """The token ranges of ``doc`` (its tokens' features ``items``) that may be mentions: the spans of the span
    model's most probable tag sequence, and the runs of tokens at least ``probability`` likely to be in a mention
    (a token more likely to begin a mention than to continue one begins a new run); each trimmed and split at
    list separators."""
    viterbi = span_model.tag(items)  # also sets the sequence whose marginals are read
    begin = [span_model.marginal("B", position) for position in range(len(doc))]
    inside = [1.0 - span_model.marginal("O", position) for position in range(len(doc))]
    likely = ["O" if p < probability else ("B" if 2 * b > p else "I") for b, p in zip(begin, inside, strict=True)]
    ranges = {part for tags in (viterbi, likely) for start, end in _tagged(tags) for part in _listed(doc, start, end)}
    return [Candidate(start, end, sum(inside[start:end]) / (end - start)) for start, end in sorted(ranges)]


def span_type_features(doc: Doc, start: int, end: int, features: TokenFeatures) -> list[str]:
    """The type model's features of tokens ``start`` to ``end``: its words, its first and last word with their
    endings, its length and the two words before it."""
    words = [token.norm_ for token in doc[start:end] if not token.is_space]
    last = doc[end - 1]
    result = ["bias", *(f"w={word}" for word in words), f"first={words[0] if words else ''}", f"last={last.norm_}"]
    result += [f"last_{feature}" for feature in features.word_features(last) if not feature.startswith("w=")]
    result.append(f"words={min(len(words), 6)}")
    for offset in (1, 2):
        result.append(f"-{offset}w={doc[start - offset].lower_ if start - offset >= 0 else '<edge>'}")
    return result


class SkillTagger(BatchedPipe, SavedData):
    """Tags skill mentions with the trained models and merges them with the taxonomy's matches."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        taxonomy_key: str,
        spans_key: str,
        matcher: str,
        occupations: str,
        min_probability: float,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.taxonomy_key = taxonomy_key
        self.spans_key = spans_key
        self.matcher = matcher
        self.occupations = occupations
        self.min_probability = min_probability
        self._reading = threading.Lock()
        """Held while the span model reads a doc: its probabilities are those of the sequence it tagged last, which
        another thread's doc (a Dask worker's threads share the pipeline) would replace."""
        self.models: SkillTaggerModels | None = None
        self._spans: pycrfsuite.Tagger | None = None
        self._types: pycrfsuite.Tagger | None = None
        self._features: TokenFeatures | None = None
        self._title_heads: frozenset[str] | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, models: SkillTaggerModels) -> None:
        """Load the trained models."""
        self.set_models(models)

    def set_models(self, models: SkillTaggerModels) -> None:
        """Use ``models`` from now on."""
        self.models = models
        self._spans, self._types = pycrfsuite.Tagger(), pycrfsuite.Tagger()
        self._spans.open_inmemory(models.spans)
        self._types.open_inmemory(models.types)
        self._features = None  # the taxonomy's words are read when first needed: the matcher may load later
        self._title_heads = None  # so are the occupations' titles

    @property
    def features(self) -> TokenFeatures:
        """The token features, with the words of the matcher's taxonomy."""
        if self._features is None:
            self._features = TokenFeatures(taxonomy_words(self.nlp, self.matcher))
        return self._features

    @property
    def title_heads(self) -> frozenset[str]:
        """The words that end a job title ("developer", "medewerker"), from the occupation component's titles."""
        if self._title_heads is None:
            self._title_heads = job_title_heads(
                pipe_of(self.nlp, self.occupations, OccupationTagger).occupations.values()
            )
        return self._title_heads

    @property
    def concepts(self) -> dict[str, Concept]:
        return pipe_of(self.nlp, self.matcher, SkillMatcher).concepts

    def __call__(self, doc: Doc) -> Doc:
        taxonomy = list(doc.spans[self.taxonomy_key])
        tagged = self.tag(doc, taxonomy)
        doc.spans[self.spans_key] = self._merged(doc, tagged, taxonomy)
        return doc

    def tag(self, doc: Doc, taxonomy: list[Span]) -> list[tuple[int, int]]:
        """(start, end) token ranges of the spans found, in text order: the candidates likely enough, the most
        likely first where they overlap."""
        span_model, _ = self._models()
        index = SECTION_INDEX.get(doc)
        if index is None or not len(doc):
            return []
        items = self.features.items(doc, doc_text(doc), index, taxonomy)
        with self._reading:
            candidates = span_candidates(span_model, doc, items, self.min_probability)
        chosen: list[tuple[int, int]] = []
        taken: set[int] = set()
        for candidate in sorted(candidates, key=_likeliest):
            if candidate.probability < self.min_probability:
                break
            if not taken.intersection(range(candidate.start, candidate.end)):
                chosen.append((candidate.start, candidate.end))
                taken.update(range(candidate.start, candidate.end))
        return sorted(chosen)

    def span_type(self, doc: Doc, start: int, end: int) -> str:
        """The type model's reading of tokens ``start`` to ``end``."""
        _, type_model = self._models()
        (label,) = type_model.tag([span_type_features(doc, start, end, self.features)])
        return label or UNTYPED

    def _models(self) -> tuple[pycrfsuite.Tagger, pycrfsuite.Tagger]:
        """The span and type models, once loaded."""
        if self._spans is None or self._types is None:
            raise ValueError(Errors.E006.format(name=self.name))
        return self._spans, self._types

    def _merged(self, doc: Doc, tagged: list[tuple[int, int]], taxonomy: list[Span]) -> list[Span]:
        concepts = self.concepts
        found: list[tuple[int, int, str]] = []
        covered: set[int] = set()
        heads = self.title_heads
        for start, end in tagged:
            if _before_title_head(doc, end, heads):
                # "Angular developer" is a job title, no skill (ANNOTATION.md); "begeleiden van een medior React
                # developer" keeps what stands before the title's words
                start, end = _trimmed(doc, start, _title_start(doc, start, end))
                if start == end:
                    continue
            inside = [span for span in taxonomy if span.start < end and start < span.end]
            if len(inside) > 1:
                continue  # the taxonomy's matches, kept below, name them one by one
            if inside and inside[0].start > start and doc[inside[0].start - 1].is_stop:
                # "nazorg af met de thuiszorg": an activity, then what it is done with; the match is kept below
                start, end = _trimmed(doc, start, inside[0].start)
                inside = []
                if start == end:
                    continue
            if inside and inside[0].start <= start and end <= inside[0].end:
                start, end = inside[0].start, inside[0].end  # "rijbewijs" of "rijbewijs C": the taxonomy knows the name
            covered.update(span.start for span in inside)
            found.append((start, end, concepts[inside[0].label_].id if inside else ""))
        for span in taxonomy:
            if span.start not in covered and not _before_title_head(doc, span.end, heads):
                found.append((span.start, span.end, span.label_))
        return [
            Span(doc, start, end, label=self.span_type(doc, start, end), kb_id=concept)
            for start, end, concept in _joined(doc, sorted(found))
        ]

    def _data_files(self) -> dict[str, Callable[[], bytes]]:
        return {SPAN_MODEL: lambda: self._loaded_models().spans, TYPE_MODEL: lambda: self._loaded_models().types}

    def _loaded_models(self) -> SkillTaggerModels:
        if self.models is None:
            raise ValueError(Errors.E006.format(name=self.name))
        return self.models

    def _load_data(self, contents: dict[str, bytes]) -> None:
        """The saved models; one left out (``exclude``) stays as it is."""
        spans = contents.get(SPAN_MODEL) or self._loaded_models().spans
        types = contents.get(TYPE_MODEL) or self._loaded_models().types
        self.set_models(SkillTaggerModels(spans, types))


def job_title_heads(occupations: Iterable[Occupation]) -> frozenset[str]:
    """The last words of job titles that can stand as a title's head: a one-word title ("developer", "kok"), or
    the end of one ("coach" of "gezinscoach", "medewerker" of "pedagogisch medewerker", where a one-word title
    such as "hr-medewerker" ends in it). "zorg" of "docent zorg" is no head: no one-word title ends in it."""
    terms = [term.lower() for occupation in occupations for term in occupation.terms]
    one_word = {term for term in terms if " " not in term}
    finals = {re.split(r"[ -]", term)[-1] for term in terms}
    # Every ending of a one-word title, so that a large occupation list (ESCO's) takes a set lookup per word.
    endings = {title[cut:] for title in one_word for cut in range(len(title) - _SHORTEST_HEAD + 1)}
    return frozenset(finals & endings)


_SHORTEST_HEAD = 3


def _before_title_head(doc: Doc, end: int, heads: frozenset[str]) -> bool:
    """Whether the token after ``end`` is the head of a job title ("Angular" before "Developer")."""
    return end < len(doc) and doc[end].lower_ in heads


def _title_start(doc: Doc, start: int, end: int) -> int:
    """Where, in tokens ``start`` to ``end`` before a job title's head, the title's words begin: after the last
    small word or punctuation ("een medior React" before "developer"), else at ``start``."""
    for position in range(end - 1, start - 1, -1):
        if _edge_word(doc[position]):
            return position
    return start


def _joined(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Mentions (start, end, concept) in text order, those that name one thing together joined into one, as
    ANNOTATION.md's spans do: overlapping ones, neighbours with only a space between ("Agile" and "leiderschap"),
    an activity and its object joined by "van" ("samenstellen" and "jaarrekeningen" of "samenstellen van de
    jaarrekeningen") and the parts of an elliptical compound ("Binnen-" and "buitenschilderwerk"). Two mentions
    linked to different concepts stay two, so that no concept the taxonomy found is lost."""
    joined: list[tuple[int, int, str]] = []
    for start, end, concept in found:
        if joined and _one_mention(doc, joined[-1], (start, end, concept)):
            first_start, first_end, first_concept = joined[-1]
            joined[-1] = (first_start, max(first_end, end), first_concept or concept)
        else:
            joined.append((start, end, concept))
    return joined


def _one_mention(doc: Doc, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """Whether mention ``first`` and the next, ``second``, name one thing."""
    (_, end, first_concept), (start, _, second_concept) = first, second
    if first_concept and second_concept and first_concept != second_concept:
        return False
    between = doc[end:start]  # empty when they overlap or only a space stands between (a space is no token)
    if not between:
        return True
    if any("\n" in token.text for token in between):
        return False
    if between[0].lower_ == "van" and len(between) <= 2 and all(_determiner(token) for token in between[1:]):
        return True  # "van", "van de", "van ons"
    return doc[end - 1].text.endswith("-") and {token.lower_ for token in between} <= _ELLIPSIS_JOINS


def _determiner(token: Token) -> bool:
    """A small word that can stand before a noun ("de", "een", "ons"), no conjunction."""
    return token.is_stop and token.lower_ not in _ELLIPSIS_JOINS


_ELLIPSIS_JOINS = frozenset({"en", "of", "/"})
"""What joins the parts of an elliptical compound: "en", "of", "en/of"."""


def _likeliest(candidate: Candidate) -> tuple[float, int]:
    return -candidate.probability, candidate.start


def _tagged(tags: Sequence[str]) -> list[tuple[int, int]]:
    """The (start, end) token ranges ``B``/``I`` tags mark; an ``I`` after an ``O`` begins one too."""
    ranges, start = [], None
    for position, tag in enumerate([*tags, "O"]):
        if start is not None and tag != "I":
            ranges.append((start, position))
            start = None
        if tag == "B" or (tag == "I" and start is None):
            start = position
    return ranges


_LIST_SEPARATORS = frozenset({",", ";", "/", "(", ")"})


def _listed(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A span read over a list ("Javascript, HTML, CSS") as its items: split at separators between words, and at
    "en"/"of" between two phrases of two words or more ("dakkapellen plaatsen en daken repareren"; "lezen en
    schrijven" stays one)."""
    parts, part_start = [], start
    for position in range(start, end):
        if doc[position].text in _LIST_SEPARATORS or _joins_phrases(doc, part_start, position, end):
            parts.append(_trimmed(doc, part_start, position))
            part_start = position + 1
    parts.append(_trimmed(doc, part_start, end))
    return [(first, last) for first, last in parts if first < last]


def _joins_phrases(doc: Doc, start: int, position: int, end: int) -> bool:
    if doc[position].lower_ not in ("en", "of"):
        return False
    before, after = _trimmed(doc, start, position), _trimmed(doc, position + 1, end)
    return before[1] - before[0] >= 2 and after[1] - after[0] >= 2


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The token range without the small words, punctuation and spaces at its ends ("- de thuiszorg" is
    "thuiszorg"): ANNOTATION.md's shortest span."""
    while start < end and _edge_word(doc[start]):
        start += 1
    while end > start and _edge_word(doc[end - 1]):
        end -= 1
    return start, end


def _edge_word(token) -> bool:
    return token.is_stop or token.is_space or not any(character.isalnum() for character in token.text)


def taxonomy_words(nlp: Language, matcher: str) -> frozenset[str]:
    """The lemma norms of the words of every term of the matcher's taxonomy."""
    terms = [term for concept in pipe_of(nlp, matcher, SkillMatcher).concepts.values() for term in concept.terms]
    return frozenset(token.norm_ for term in terms for token in nlp.make_doc(term))
