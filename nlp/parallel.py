"""Analyse texts in several processes: a fork pool whose workers share the parent's loaded pipeline.

Workers return the compact ``TextAnalysis`` records, not spaCy Docs, whose pickling would eat the gain (measured:
almost no speed-up when Docs travel back). Fork start is needed, so that the pipeline is neither rebuilt nor
pickled for every worker: they inherit it. Starting workers costs a fork of the whole process (about 0.1 s with a
large taxonomy), so a long run keeps one pool for all its batches (``kept_pool``, what the extraction of the flows
and the CLI uses); ``analyse_parallel`` starts one per call. A worker that dies fails the batch with
``BrokenProcessPool`` instead of leaving it waiting.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from types import TracebackType

from spacy.language import Language
from spacy.util import minibatch

from .pipeline import analyse
from .types import TextAnalysis, TextInput

_worker_nlp: Language | None = None


def _start_worker(nlp: Language) -> None:
    global _worker_nlp
    _worker_nlp = nlp
    # Freeze what the worker inherits (a splice of the collector's lists, touching no object), so that its
    # collections never walk the pipeline's objects: fewer pages copied, less time collecting.
    gc.freeze()


def _analyse_chunk(inputs: list[TextInput]) -> list[TextAnalysis]:
    return list(analyse(inputs, _worker_nlp))


class AnalysisPool:
    """Worker processes, each with the pipeline ``nlp`` as it was when the pool started; a context manager."""

    def __init__(self, nlp: Language, processes: int = 2) -> None:
        # With fork start, initargs are inherited, not pickled.
        self.processes = processes
        self._pool = ProcessPoolExecutor(
            processes, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(nlp,)
        )

    def analyse(self, inputs: Iterable[TextInput], *, chunk_size: int = 64) -> Iterator[TextAnalysis]:
        """Like ``nlp.pipeline.analyse``, the texts sent to the workers ``chunk_size`` at a time (for a list,
        smaller chunks when that lets every worker have a share); results keep the input order. Several threads
        may call it at once."""
        if isinstance(inputs, Sequence):  # a source's 40 texts in one chunk would keep the other workers idle
            chunk_size = max(1, min(chunk_size, -(-len(inputs) // self.processes)))
        for results in self._pool.map(_analyse_chunk, minibatch(inputs, size=chunk_size)):
            yield from results

    def worker_cpu_seconds(self) -> list[float]:
        """CPU seconds (user and system) each worker has used so far (Linux ``/proc``): on a shared machine the
        wall clock measures the other jobs too."""
        tick = os.sysconf("SC_CLK_TCK")
        seconds = []
        for pid in self._pool._processes:  # the executor keeps its workers there, by process id
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds.append((int(fields[11]) + int(fields[12])) / tick)
        return seconds

    def close(self) -> None:
        """Stop the workers; batches still waiting are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def analyse_parallel(
    inputs: Iterable[TextInput], nlp: Language, *, processes: int = 2, chunk_size: int = 64
) -> Iterator[TextAnalysis]:
    """Like ``analyse``, in ``processes`` worker processes started for this call; results keep the input order."""
    if processes <= 1:
        yield from analyse(inputs, nlp)
        return
    with AnalysisPool(nlp, processes) as pool:
        yield from pool.analyse(inputs, chunk_size=chunk_size)


@cache
def kept_pool(nlp: Language, processes: int) -> AnalysisPool:
    """One pool per pipeline and size for the rest of the process (closed when it exits): long runs that analyse
    batch after batch, such as the flows' extraction, fork their workers once."""
    pool = AnalysisPool(nlp, processes)
    atexit.register(pool.close)
    return pool
