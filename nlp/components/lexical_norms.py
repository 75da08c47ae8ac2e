"""``llo_lexical_norms``: gives every word type the form terms are matched on, as its lexical ``NORM``.

The form is the lower-cased lookup lemma for ordinary words ("warmtepompen" → "warmtepomp") and the
lower-cased text for acronyms and codes, which the lookup table gets wrong ("NEN" → "een"); a trailing period
is dropped (tokenizer exceptions keep one, as in "VCA-VOL.") and so are diacritics ("coördinatie" and
"coordinatie" match alike). Lookup lemmas depend on the word alone, so the
form is computed once per word type by the vocabulary (``lex_attr_getters``) and cached there: nothing runs
per token. The lemma table comes from spacy-lookups-data through ``initialize`` and is saved with the pipeline.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
import unicodedata
from collections.abc import Callable

from spacy.attrs import NORM
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ._serialisation import SavedData

_TABLE = "lemma_lookup"
_TABLE_FILE = "lemma_lookup.bin"


@Language.factory("llo_lexical_norms", assigns=["token.norm"], default_config={})
def make_lexical_norms(nlp: Language, name: str) -> "LexicalNorms":
    """Build the component; it has no settings."""
    return LexicalNorms(nlp.vocab)


def term_form(text: str, lemmas: Table) -> str:
    """The form a word is matched on.

    >>> table = Table(data={"warmtepompen": "warmtepomp", "nen": "een"})
    >>> [term_form(word, table) for word in ("Warmtepompen", "NEN", "3140", "VOL.", "Excel", "Coördinatie")]
    ['warmtepomp', 'nen', '3140', 'vol', 'excel', 'coordinatie']
    """
    lower = text.lower()
    literal = (len(text) > 1 and text.isupper()) or any(ch.isdigit() for ch in text)
    form = lower if literal else lemmas.get(lower, lower)
    form = form[:-1] if len(form) > 1 and form.endswith(".") else form
    return _without_diacritics(form) if not form.isascii() else form


def _without_diacritics(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class LexicalNorms(SavedData):
    """Installs ``term_form`` as the vocabulary's NORM getter."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.lemmas = Table(name=_TABLE)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the Dutch lemma lookup table (spacy-lookups-data) and install the getter."""
        self.set_lemmas(load_lookups(lang=self.vocab.lang, tables=[_TABLE]).get_table(_TABLE))

    def set_lemmas(self, lemmas: Table) -> None:
        """Use ``lemmas`` for every word type: those the vocabulary meets from now on, and those it knows."""
        self.lemmas = lemmas
        # Vocab.lex_attr_getters is a public attribute (vocab.pxd) that spaCy's vocab.pyi leaves out.
        self.vocab.lex_attr_getters[NORM] = self._getter()  # type: ignore[attr-defined]
        for lexeme in self.vocab:  # e.g. the tokenizer's special cases, created with the pipeline
            lexeme.norm_ = term_form(lexeme.orth_, lemmas)

    def _getter(self) -> Callable[[str], str]:
        lemmas = self.lemmas
        return lambda text: term_form(text, lemmas)

    def __call__(self, doc: Doc) -> Doc:
        return doc  # the norms are lexical: the vocabulary set them when the tokenizer met each word

    def _data_files(self) -> dict[str, Callable[[], bytes]]:
        return {_TABLE_FILE: self.lemmas.to_bytes}

    def _load_data(self, contents: dict[str, bytes]) -> None:
        self.set_lemmas(Table(name=_TABLE).from_bytes(contents[_TABLE_FILE]))
