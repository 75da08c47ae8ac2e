"""Running a component over batches of docs.

``nlp.pipe`` hands a component without a ``pipe`` method one doc at a time, so each doc goes through the
tokenizer and every component before the next doc is read: between two docs the CPU caches lose each stage's
code and tables (the matchers' term tables above all). With ``pipe`` from ``BatchedPipe`` a stage runs over a
whole batch before the next stage starts; ``nlp.pipe`` passes the ``batch_size`` of the config.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchedPipe(ABC):
    """Base of a component class with ``__call__(doc) -> Doc``: adds a ``pipe`` that works batch by batch."""

    @abstractmethod
    def __call__(self, doc: Doc) -> Doc:
        """The component's work on one doc."""

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        """The docs, each passed through the component, ``batch_size`` at a time."""
        for batch in minibatch(docs, size=batch_size):
            yield from map(self, batch)
