"""``llo_language``: guesses a text's language from its function words and flags texts that are not Dutch.

Uses the stop-word lists spaCy ships for Dutch, English, German and French: the language whose function
words make up the largest share of the tokens wins; texts shorter than ``min_words`` are not judged.
"""

from __future__ import annotations

from spacy.attrs import IS_ALPHA, LOWER
from spacy.lang.de.stop_words import STOP_WORDS as GERMAN
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH
from spacy.lang.nl.stop_words import STOP_WORDS as DUTCH
from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("llo_language", default=None, force=True)

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


class LanguageGuesser:
    """Sets ``doc._.llo_language`` to ``nl``, ``en``, ``de`` or ``fr``."""

    def __init__(self, *, min_words: int) -> None:
        self.min_words = min_words
        self._languages_of: dict[int, tuple[str, ...]] | None = None

    def __call__(self, doc: Doc) -> Doc:
        # Counted in Cython (count_by) over string hashes: no Python loop over the tokens.
        if doc.count_by(IS_ALPHA).get(1, 0) < self.min_words:
            return doc
        if self._languages_of is None:
            self._languages_of = self._index(doc.vocab.strings)
        hits = dict.fromkeys(STOP_WORDS, 0)
        for word, count in doc.count_by(LOWER).items():  # the doc's distinct words, not every stop word
            for language in self._languages_of.get(word, ()):
                hits[language] += count
        best = max(hits, key=lambda language: (hits[language], language == "nl"))
        doc._.llo_language = best if hits[best] else None
        return doc

    @staticmethod
    def _index(strings) -> dict[int, tuple[str, ...]]:
        """String hash of each stop word → the languages it belongs to."""
        index: dict[int, tuple[str, ...]] = {}
        for language, words in STOP_WORDS.items():
            for word in words:
                key = strings.add(word)
                index[key] = (*index.get(key, ()), language)
        return index
