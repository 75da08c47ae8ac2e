"""``llo_term_norm``: sets ``token.norm_`` to the form terms are matched on.

The form is the lower-cased lemma for ordinary words ("warmtepompen" → "warmtepomp") and the lower-cased
text for acronyms and codes, which the lookup lemmatizer gets wrong ("NEN" → "een"). A trailing period is
dropped: only tokenizer exceptions keep one, and they also catch sentence ends like "VCA-VOL." → "VOL.".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token


@Language.factory("llo_term_norm", assigns=["token.norm"], requires=["token.lemma"])
def make_term_norm(nlp: Language, name: str) -> TermNorm:
    """Build the component; it has no settings."""
    return TermNorm()


class TermNorm:
    """Writes the matching form of every token to ``token.norm_``."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = term_form(token)
        return doc


def term_form(token: Token) -> str:
    """The form a token is matched on: lemma for words, literal text for acronyms and codes."""
    text = token.text
    if not token.lemma_ or (len(text) > 1 and text.isupper()) or any(ch.isdigit() for ch in text):
        form = token.lower_
    else:
        form = token.lemma_.lower()
    return form[:-1] if len(form) > 1 and form.endswith(".") else form
