"""Analyse texts in several processes: a pool of fresh worker processes, each loading the parent's pipeline.

Workers return the compact ``TextAnalysis`` records, not spaCy Docs, whose pickling would eat the gain (measured: almost
no speed-up when Docs travel back).

Workers are started by the ``forkserver`` method: a server process, started by ``exec`` and so without the threads of
the parent, forks them. A worker forked from the parent itself would inherit every lock that the parent's other threads
held at that moment (a Prefect flow run has several: its engine, API client and log handlers), and one waiting on such a
lock hung the demo flow in a fresh clone. So the workers cannot inherit the loaded pipeline; each loads the parent's
own, sent once as its config and ``nlp.to_bytes()``: a saved and loaded pipeline reads texts exactly as the one saved
(``tests/nlp/test_serialisation.py``), so the analyses are the same in either mode, and a worker never reads the data
files the pipeline was built from, which may have changed since. The server imports this module once (its
preload; of the libraries only numpy starts a thread, OpenBLAS's, which survives a fork), so the workers it forks
skip the import of spaCy and the components (3 s) that each ``spawn`` worker pays: measured with the bundled taxonomy,
2 s of CPU per worker to start against 3.3-5.5 s with ``spawn``, in the same wall time. Loading the pipeline costs a
worker about 1 s of CPU with the bundled taxonomy, and what building its skill matcher costs with a large one (18 s with
ESCO's, BENCHMARKS.md), the workers side by side. Starting a pool is therefore paid once per process: a long run keeps
one pool for all its batches (``kept_pool``, what the extraction of the flows and the CLI uses); ``analyse_parallel``
starts one per call. Workers start with the first batch sent to them, or earlier with ``AnalysisPool.start``: a flow
run starts them before it crawls, so they load the pipeline while the crawl waits on the network.

As with any start method but ``fork``, the server or the worker imports the parent's main module: a script that
analyses in a pool must guard its work with ``if __name__ == "__main__":`` (console scripts, ``python -m`` modules with
that guard, pytest and Prefect's runners do).

A worker that dies fails its batch with ``BrokenProcessPool`` (message ``Errors.E013``) instead of leaving it waiting,
and ``kept_pool`` replaces a broken pool at the next batch.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import util as multiprocessing_util
from pathlib import Path
from types import TracebackType

from spacy import util
from spacy.language import Language
from spacy.util import Config, minibatch

from .errors import Errors
from .pipeline import analyse, freeze_heap
from .types import TextAnalysis, TextInput

_worker_nlp: Language | None = None

_FORKSERVER = multiprocessing.get_context("forkserver")


def _stop_unclosed_workers() -> None:
    """At exit multiprocessing joins every child still alive. A worker of a pool that was never shut down (dropped
    unclosed, or broken while the worker started) waits for work for ever, and the process would never end (seen
    after a test suite had finished): stop such workers first."""
    for child in multiprocessing.active_children():
        if isinstance(child, _FORKSERVER.Process):
            child.terminate()


# A finaliser with an exit priority runs in multiprocessing's exit function before it joins the children.
multiprocessing_util.Finalize(None, _stop_unclosed_workers, exitpriority=0)


def _start_worker(config: Config, data: bytes) -> None:
    global _worker_nlp
    nlp = util.get_lang_class(config["nlp"]["lang"]).from_config(config)
    _worker_nlp = nlp.from_bytes(data)
    freeze_heap()  # the worker keeps its pipeline until it ends


def _analyse_chunk(inputs: list[TextInput]) -> list[TextAnalysis]:
    return list(analyse(inputs, _worker_nlp))


class AnalysisPool:
    """Worker processes, each with the pipeline ``nlp`` as it was when the pool started; a context manager."""

    def __init__(self, nlp: Language, processes: int = 2) -> None:
        self.processes = processes
        self.broken = False
        """Whether a worker died: the pool fails every batch from then on."""
        # Heeded when the server starts, at the first pool. Not the main module, CPython's default: the command's
        # imports (pyarrow's jemalloc) start threads, and the server must have none of its own when it forks.
        _FORKSERVER.set_forkserver_preload([__name__])
        self._pool = ProcessPoolExecutor(
            processes, mp_context=_FORKSERVER, initializer=_start_worker, initargs=(nlp.config, nlp.to_bytes())
        )

    def analyse(self, inputs: Iterable[TextInput], *, chunk_size: int = 64) -> Iterator[TextAnalysis]:
        """Like ``nlp.pipeline.analyse``, the texts sent to the workers ``chunk_size`` at a time (for a list,
        smaller chunks when that lets every worker have a share); results keep the input order. Several threads
        may call it at once."""
        if isinstance(inputs, Sequence):  # a source's 40 texts in one chunk would keep the other workers idle
            chunk_size = max(1, min(chunk_size, -(-len(inputs) // self.processes)))
        try:
            for results in self._pool.map(_analyse_chunk, minibatch(inputs, size=chunk_size)):
                yield from results
        except BrokenProcessPool as exc:
            self.broken = True
            raise BrokenProcessPool(Errors.E013.format(reason=exc)) from exc

    def start(self) -> list[Future[int]]:
        """Start every worker now rather than at the first batch, and return at once: the workers load the
        pipeline while the caller goes on. Each future gives a worker's process id when that worker is ready."""
        # The executor starts a worker per task submitted while none is idle, up to its size.
        return [self._pool.submit(os.getpid) for _ in range(self.processes)]

    def worker_pids(self) -> list[int]:
        """The process ids of the workers started so far (they start as batches arrive)."""
        return list(self._pool._processes)  # the executor keeps its workers there, by process id

    def worker_cpu_seconds(self) -> list[float]:
        """CPU seconds (user and system) each worker has used so far (Linux ``/proc``): on a shared machine the
        wall clock measures the other jobs too."""
        tick = os.sysconf("SC_CLK_TCK")
        seconds = []
        for pid in self.worker_pids():
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


_kept: dict[tuple[Language, int], AnalysisPool] = {}
_kept_lock = threading.Lock()


def kept_pool(nlp: Language, processes: int) -> AnalysisPool:
    """One pool per pipeline and size for the rest of the process (closed when it exits), replaced when a worker
    died: long runs that analyse batch after batch, such as the flows' extraction, start their workers once. The
    extraction tasks of a flow run ask for it from several threads at once; they get the same pool."""
    with _kept_lock:
        pool = _kept.get((nlp, processes))
        if pool is not None and not pool.broken:
            return pool
        if pool is not None:
            pool.close()
            atexit.unregister(pool.close)
        pool = _kept[nlp, processes] = AnalysisPool(nlp, processes)
        atexit.register(pool.close)
        return pool
