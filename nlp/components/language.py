"""``llo_language``: guesses a text's language from its function words and flags texts that are not Dutch.

Uses the stop-word lists spaCy ships for Dutch, English, German and French: the language whose function
words make up the largest share of the tokens wins; texts shorter than ``min_words`` are not judged.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_ALPHA, LOWER
from spacy.lang.de.stop_words import STOP_WORDS as GERMAN
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH
from spacy.lang.nl.stop_words import STOP_WORDS as DUTCH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ._batching import BatchedPipe
from ._doc_values import DocValue

LANGUAGE = DocValue("llo_language")
"""The guessed language; None for texts too short to judge."""

_SHARED = DUTCH & (ENGLISH | GERMAN | FRENCH)
STOP_WORDS = {
    "nl": DUTCH - _SHARED,
    "en": ENGLISH - DUTCH,
    "de": GERMAN - DUTCH,
    "fr": FRENCH - DUTCH,
}
"""Function words per language, without the ones Dutch shares with the others ("in", "is", "over", ...)."""


@Language.factory("llo_language", assigns=["doc._.llo_language"], default_config={"min_words": 12})
def make_language(nlp: Language, name: str, min_words: int) -> LanguageGuesser:
    """Build the component.

    min_words: texts with fewer words get no language (``doc._.llo_language`` stays None).
    """
    return LanguageGuesser(min_words=min_words)


class LanguageGuesser(BatchedPipe):
    """Sets ``doc._.llo_language`` to ``nl``, ``en``, ``de`` or ``fr``."""

    def __init__(self, *, min_words: int) -> None:
        self.min_words = min_words
        self._stop_words, self._languages_of, self._alphabetic = _index()

    def __call__(self, doc: Doc) -> Doc:
        # Array operations over the tokens' string hashes: no Python loop over tokens or words.
        lower = doc.to_array(LOWER)
        found = np.searchsorted(self._stop_words, lower) % len(self._stop_words)
        found = found[self._stop_words[found] == lower]
        # A token whose lower-case form is an alphabetic function word is alphabetic itself, so only a text with
        # fewer of those than min_words needs its alphabetic tokens counted: one token attribute less to read.
        if self._alphabetic[found].sum() < self.min_words and doc.to_array(IS_ALPHA).sum() < self.min_words:
            return doc
        counts = self._languages_of[found].sum(axis=0).tolist()
        hits = dict(zip(STOP_WORDS, counts, strict=True))
        best = max(hits, key=lambda language: (hits[language], language == "nl"))
        LANGUAGE.set(doc, best if hits[best] else None)
        return doc


def _index() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stop words' string hashes, sorted; for each a row telling which languages it belongs to (1 or 0 per
    language of ``STOP_WORDS``, in order: summing the rows of a text's stop words counts them per language in one
    array operation); and for each whether it is alphabetic."""
    words = {get_string_id(word): word for language in STOP_WORDS.values() for word in language}
    keys = sorted(words)
    languages_of = [[words[key] in language for language in STOP_WORDS.values()] for key in keys]
    alphabetic = [words[key].isalpha() for key in keys]
    return np.array(keys, dtype=np.uint64), np.array(languages_of, dtype=np.intp), np.array(alphabetic)
