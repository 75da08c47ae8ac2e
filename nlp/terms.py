"""The normalised form of a skill term the taxonomy does not know, so that demand and supply meet on the same terms.

A term is the set of its content words: lemma norms (``llo_lexical_norms``: case, diacritics, plurals), compounds
split into their parts, stop words and filler left out, in alphabetical order. Word order and the small words
between do not matter, so "plaatsen van dakkapellen", "dakkapellen plaatsen" and "Dakkapel plaatsen" are one
term, "dakkapel plaatsen"; "besturingspanelen opbouwen" and "opbouwen van besturingspanelen" are
"besturing opbouwen paneel".

Compounds are split where both parts are common Dutch words on their own (wordfreq's Zipf scale), with the linking
"s" or "e(n)" of Dutch compounds between them, so "testproces" and "proces van testen" meet; a word that is common
as a whole is a word of its own and stays whole ("boekhouding" is no "boek" and "houding").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Token
from wordfreq import zipf_frequency

TERM_PREFIX = "term:"
"""The prefix of the id of an unlinked term (``term:dakkapel plaatsen``), where a linked mention has its concept's."""
MAX_TERM = 100
"""Longest normalised term (characters): with its prefix it fits the warehouse's skill ids (120)."""
MIN_PART = 3
"""Shortest part of a compound (letters)."""
MIN_PART_ZIPF = 3.0
"""How common (Zipf scale) each part of a compound must be as a word of its own."""
_LINKS = ("", "s", "en", "e")
FILLER = frozenset(
    [
        "ervaring",
        "kennis",
        "goede",
        "goed",
        "ruime",
        "aantoonbare",
        "relevante",
        "enige",
        "basis",
        "basiskennis",
        "affiniteit",
        "vaardigheid",
        "vaardigheden",
        "beheersing",
        "uitstekende",
        "sterke",
        "minimaal",
        "jaar",
        "jaren",
        "diploma",
        "certificaat",
    ]
)
"""Words around a skill that are no part of it ("ervaring met", "goede kennis van", "diploma"), as lemma norms: a
span of nothing else names no skill."""


def normalised_term(tokens: Iterable[Token]) -> str:
    """The normalised form of the words of a span.

    >>> import spacy
    >>> nlp = spacy.blank("nl")
    >>> normalised_term(nlp("Plaatsen van dakkapel")) == normalised_term(nlp("dakkapel plaatsen"))
    True
    >>> normalised_term(nlp("dak- en gevelpanelen"))  # an elliptical compound's first part loses its hyphen
    'dak gevel panelen'
    """
    parts: list[str] = []
    for token in tokens:
        norm = token.norm_.strip("-")
        if token.is_stop or token.is_punct or token.is_space or norm in FILLER or not any(c.isalnum() for c in norm):
            continue
        parts.extend(compound_parts(norm))
    term = " ".join(sorted(dict.fromkeys(parts)))
    if len(term) <= MAX_TERM:
        return term
    cut = term.rfind(" ", 0, MAX_TERM + 1)
    return term[: cut if cut > 0 else MAX_TERM]


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound, split where both sides are common words; the word itself when it is none.

    >>> compound_parts("testproces"), compound_parts("besturingspaneel"), compound_parts("boekhouding")
    (('test', 'proces'), ('besturing', 'paneel'), ('boekhouding',))
    """
    if not word.isalpha() or len(word) < 2 * MIN_PART or zipf_frequency(word, "nl") >= MIN_PART_ZIPF:
        return (word,)
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, rest = word[:cut], word[cut:]
        for link in _LINKS:
            if not rest.startswith(link) or len(rest) - len(link) < MIN_PART:
                continue
            tail = rest[len(link) :]
            score = min(zipf_frequency(head, "nl"), zipf_frequency(tail, "nl"))
            if score >= MIN_PART_ZIPF and (best is None or score > best[0]):
                best = (score, (*compound_parts(head), tail))
    return best[1] if best else (word,)
