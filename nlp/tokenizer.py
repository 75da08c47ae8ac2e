"""Dutch tokenizer for term matching: splits hyphenated and slashed compounds and the possessive ``'s``; its
special cases (abbreviations) carry no NORM of their own, so ``llo_lexical_norms`` decides every token's norm.

spaCy's Dutch defaults keep "Python-ontwikkelaar", "VCA-VOL" and "C/CE" as single tokens and "PLC's" as one,
so a taxonomy term like "Python" or "PLC" would never match inside them. Patterns go through the same
tokenizer, so "VCA-VOL" in the taxonomy still matches "VCA-VOL" in a text.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

_LETTER_OR_DIGIT = r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]"
_COMPOUND_JOINER = rf"(?<={_LETTER_OR_DIGIT})[-/](?={_LETTER_OR_DIGIT})"
_POSSESSIVE_S = r"(?<=[A-Za-z])['’]s$"


@registry.tokenizers("llo.dutch_tokenizer.v1")
def create_dutch_tokenizer() -> Callable[[Language], Tokenizer]:
    """Config hook: spaCy's Dutch tokenizer plus compound-joiner infixes and a possessive-s suffix."""

    def make_tokenizer(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        prefixes, suffixes, infixes = defaults.prefixes or (), defaults.suffixes or (), defaults.infixes or ()
        return Tokenizer(
            nlp.vocab,
            rules={
                text: [{ORTH: piece[ORTH]} for piece in pieces]
                for text, pieces in defaults.tokenizer_exceptions.items()
            },
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=compile_suffix_regex([*suffixes, _POSSESSIVE_S]).search,
            infix_finditer=compile_infix_regex([*infixes, _COMPOUND_JOINER]).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make_tokenizer
