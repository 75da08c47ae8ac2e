"""The features the skill tagger (``skill_tagger.py``) reads per token, for tagging and for training alike.

Each token is described by strings ``name=value`` (CRFsuite's attribute format):

- the word: its lower-case form and lemma norm (``llo_lexical_norms``), its first three and last three and four
  letters, its shape (capitalised, all capitals, digits, punctuation, a line break) and length, how common it is
  in Dutch (wordfreq's Zipf scale, rounded: rare words name skills more often than common ones), whether it is a
  stop word and whether the taxonomy has it in a term;
- where it stands: inside a taxonomy match (``B``/``I``), the section and whether it counts, whether its line is
  a bullet, ends in a colon, how long the line is, whether the token opens the line;
- its neighbours: the two words before and after (with their taxonomy tags and line breaks) and the word pairs
  with the one before and after.

What depends on the word alone is computed once per word type and remembered.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from ._doc_values import KIND
from .sections import SectionIndex

WORD_TYPES_REMEMBERED = 200_000
"""How many word types' features are remembered."""
_BULLETS = ("-", "•", "*", "·", "–")
_NEIGHBOURS = (-2, -1, 1, 2)


_TAXONOMY_TAGS = ("B", "I", "O")
_NEIGHBOUR_TAXONOMY = {(offset, tag): f"{offset}tax={tag}" for offset in _NEIGHBOURS for tag in _TAXONOMY_TAGS}
_NEIGHBOUR_NEWLINE = {offset: f"{offset}nl" for offset in _NEIGHBOURS}
_OWN_TAXONOMY = {tag: f"tax={tag}" for tag in _TAXONOMY_TAGS}
_EDGES = tuple(f"{offset}w=<edge>" for offset in _NEIGHBOURS)


class _Word(NamedTuple):
    """What the features need of a word type, computed once."""

    lower: str
    features: tuple[str, ...]
    """Its own features."""
    as_neighbour: tuple[str, ...]
    """Its features as the neighbour at each offset of ``_NEIGHBOURS`` ("-1w=kennis")."""
    newline: bool


class TokenFeatures:
    """Turns a doc into CRFsuite items: one list of ``name=value`` strings per token."""

    def __init__(self, taxonomy_words: frozenset[str], language: str = "nl") -> None:
        self.taxonomy_words = taxonomy_words
        """Lemma norms of the words of every taxonomy term."""
        self.language = language
        self._word = lru_cache(maxsize=WORD_TYPES_REMEMBERED)(self._word_type)

    def word_features(self, token: Token) -> tuple[str, ...]:
        """The features of the word ``token`` is, wherever it stands."""
        return self._word(token.text, token.norm_, token.is_stop).features

    def _word_type(self, text: str, norm: str, is_stop: bool) -> _Word:
        lower = text.lower()
        features = [
            "bias",
            f"w={lower}",
            f"n={norm}",
            f"s3={lower[-3:]}",
            f"s4={lower[-4:]}",
            f"p3={lower[:3]}",
            f"len={min(len(text), 12) // 3}",
            f"zipf={int(zipf_frequency(lower, self.language))}",
            f"zipf_en={int(zipf_frequency(lower, 'en'))}",
        ]
        if text[:1].isupper() and text[1:].islower():
            features.append("title")
        if len(text) > 1 and text.isupper():
            features.append("upper")
        if any(character.isdigit() for character in text):
            features.append("digit")
        if not any(character.isalnum() for character in text):
            features.append("punct")
        if "\n" in text:
            features.append("newline")
        if is_stop:
            features.append("stop")
        if norm in self.taxonomy_words:
            features.append("taxw")
        neighbour = tuple(f"{offset}w={lower}" for offset in _NEIGHBOURS)
        return _Word(lower, tuple(features), neighbour, "\n" in text)

    def items(self, doc: Doc, text: str, index: SectionIndex, taxonomy_spans: list[Span]) -> list[list[str]]:
        """The features of every token of ``doc`` (its text ``text``, its sections ``index``)."""
        tokens = list(doc)
        words = [self._word(token.text, token.norm_, token.is_stop) for token in tokens]
        count = len(tokens)
        taxonomy = ["O"] * count
        for span in taxonomy_spans:
            taxonomy[span.start] = "B"
            for position in range(span.start + 1, span.end):
                taxonomy[position] = "I"
        kind = f"kind={KIND.get(doc)}"
        items = []
        line_end = -1
        line_features: list[str] = []
        first = False
        for position, token in enumerate(tokens):
            start = token.idx
            if start >= line_end:  # the token opens a line (or is its leading whitespace)
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", start)
                line_end = len(text) if line_end < 0 else line_end
                line_features = self._line_features(text[line_start:line_end], index, start)
                first = True
            word = words[position]
            features = [*word.features, *line_features, kind, _OWN_TAXONOMY[taxonomy[position]]]
            if first and not token.is_space:
                features.append("linefirst")
                first = False
            for slot, offset in enumerate(_NEIGHBOURS):
                other = position + offset
                if 0 <= other < count:
                    neighbour = words[other]
                    features.append(neighbour.as_neighbour[slot])
                    features.append(_NEIGHBOUR_TAXONOMY[offset, taxonomy[other]])
                    if neighbour.newline:
                        features.append(_NEIGHBOUR_NEWLINE[offset])
                else:
                    features.append(_EDGES[slot])
            before = words[position - 1].lower if position else "<edge>"
            after = words[position + 1].lower if position + 1 < count else ""
            features.append(f"-1w|w={before}|{word.lower}")
            features.append(f"w|1w={word.lower}|{after}")
            items.append(features)
        return items

    @staticmethod
    def _line_features(line: str, index: SectionIndex, start: int) -> list[str]:
        section = index.section_at(start)
        features = [f"sec={section}", f"linelen={min(len(line.split()), 20) // 4}"]
        if index.counts(section):
            features.append("cnt")
        if line.lstrip().startswith(_BULLETS):
            features.append("bullet")
        if line.rstrip().endswith(":"):
            features.append("linecolon")
        return features
