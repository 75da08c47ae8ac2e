"""Analyse texts in several processes: a fork pool whose workers share the parent's loaded pipeline.

Workers return the compact ``TextAnalysis`` records, not spaCy Docs, whose pickling would eat the gain
(shared/STACK-NOTES.md). Fork start is needed, so that the pipeline is not rebuilt in every worker; the workers
inherit the inputs the same way, so a task is only where a chunk starts and ends and no text is pickled.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator, Sequence

from spacy.language import Language

from .pipeline import analyse
from .types import TextAnalysis, TextInput

_worker_nlp: Language | None = None
_worker_inputs: Sequence[TextInput] = ()


def _analyse_chunk(bounds: tuple[int, int]) -> list[TextAnalysis]:
    start, stop = bounds
    return list(analyse(_worker_inputs[start:stop], _worker_nlp))


def analyse_parallel(
    inputs: Sequence[TextInput], nlp: Language, *, processes: int = 2, chunk_size: int = 64
) -> Iterator[TextAnalysis]:
    """Like ``analyse``, in ``processes`` worker processes; results keep the input order."""
    if processes <= 1:
        yield from analyse(inputs, nlp)
        return
    global _worker_nlp, _worker_inputs
    _worker_nlp, _worker_inputs = nlp, inputs
    chunks = [(start, min(start + chunk_size, len(inputs))) for start in range(0, len(inputs), chunk_size)]
    try:
        # Each worker freezes what it inherits (a splice of the collector's lists, touching no object), so its
        # collections never walk the pipeline's objects: fewer pages copied, less time collecting.
        with multiprocessing.get_context("fork").Pool(processes, initializer=gc.freeze) as pool:
            for results in pool.imap(_analyse_chunk, chunks):
                yield from results
    finally:
        _worker_nlp, _worker_inputs = None, ()
