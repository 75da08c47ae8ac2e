"""Per-doc values the components pass on: kept in ``doc.user_data`` under their names, each with a ``doc._`` view.

A plain spaCy extension attribute costs about a microsecond a read (``doc._`` builds an accessor object, each read a
key tuple), some twenty reads and writes per text in this pipeline: the components and ``nlp.pipeline`` use
``DocValue.get`` and ``DocValue.set``, one dictionary access each, and users keep ``doc._.<name>``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc


class DocValue:
    """A value per doc, in ``doc.user_data[name]`` (``default`` when unset), also readable and writable as
    ``doc._.<name>``."""

    __slots__ = ("default", "name")

    def __init__(self, name: str, default: Any = None) -> None:
        self.name = name
        self.default = default
        Doc.set_extension(name, getter=self.get, setter=self.set, force=True)

    def get(self, doc: Doc) -> Any:
        return doc.user_data.get(self.name, self.default)

    def set(self, doc: Doc, value: Any) -> None:
        doc.user_data[self.name] = value


KIND = DocValue("llo_kind", "vacancy")
"""``vacancy`` or ``offer``: decides which sections count."""
HEADLINE_END = DocValue("llo_headline_end", 0)
"""Where the headline (title and category label) ends in the text; 0 when the text has none."""
TEXT = DocValue("llo_text")
"""The string the doc was made from (``nlp.pipeline.input_doc``): ``doc.text`` builds it anew on every read."""
FLAGS = DocValue("llo_flags", ())
"""What preparing the text found wrong with it (``cleaning.prepare_text``: ``html_removed``, ``truncated``, ...)."""
