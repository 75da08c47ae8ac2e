"""Tests of nlp/parallel.py: worker processes analyse as the parent does, in order; the kept pool is one per pipeline
for the threads of a process and is replaced when a worker died."""

from __future__ import annotations

import gc
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from nlp.parallel import AnalysisPool, analyse_parallel, kept_pool
from nlp.pipeline import analyse, freeze_heap
from nlp.types import TextInput

TEXTS = [TextInput(title=f"Vacature {i}", body=f"Kennis van SQL en Python. Tekst {i}.") for i in range(12)]

pytestmark = pytest.mark.timeout(300)  # a worker waiting for ever fails the test instead of the run


def test_parallel_analysis_gives_the_same_records_in_order(mini_nlp):
    texts = [TextInput(title=f"Vacature {i}", body=f"Kennis van SQL en Python. Tekst {i}.") for i in range(150)]
    assert list(analyse_parallel(texts, mini_nlp, processes=2, chunk_size=16)) == list(analyse(texts, mini_nlp))


def test_a_pool_serves_batch_after_batch(mini_nlp):
    batches = [
        [TextInput(body=f"Kennis van SQL. Tekst {b}-{i}.", kind=kind) for i in range(40)]
        for b, kind in enumerate(("vacancy", "offer"))
    ]
    with AnalysisPool(mini_nlp, processes=2) as pool:
        for batch in batches:
            assert list(pool.analyse(batch, chunk_size=8)) == list(analyse(batch, mini_nlp))


def test_a_started_pool_has_its_workers_before_the_first_batch_and_analyses_on_them(mini_nlp):
    with AnalysisPool(mini_nlp, processes=2) as pool:
        ready = {future.result() for future in pool.start()}
        workers = set(pool.worker_pids())

        assert len(workers) == 2 and ready <= workers and os.getpid() not in workers
        assert list(pool.analyse(TEXTS)) == list(analyse(TEXTS, mini_nlp))
        assert set(pool.worker_pids()) == workers


def test_parallel_analysis_leaves_a_frozen_heap_frozen(mini_nlp):
    freeze_heap()
    try:
        list(analyse_parallel([TextInput(body="Kennis van SQL.")] * 4, mini_nlp, processes=2, chunk_size=2))
        # Frozen objects can still be freed, so the count may drop a little; unfreezing empties it.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_threads_asking_at_once_share_one_pool(mini_nlp):
    with ThreadPoolExecutor(4) as threads:
        pools = list(threads.map(lambda _: kept_pool(mini_nlp, 3), range(8)))
        results = list(threads.map(lambda pool: list(pool.analyse(TEXTS)), pools))

    assert len({id(pool) for pool in pools}) == 1
    assert results == [list(analyse(TEXTS, mini_nlp))] * 8
    assert len(pools[0].worker_pids()) == 3


def test_a_worker_that_dies_fails_the_batch_and_the_next_batch_gets_new_workers(mini_nlp):
    pool = kept_pool(mini_nlp, 2)
    batch = pool.analyse(TEXTS * 100, chunk_size=1)  # far more chunks than the survivor does before it is noticed
    next(batch)
    os.kill(pool.worker_pids()[0], signal.SIGKILL)

    with pytest.raises(BrokenProcessPool, match=r"\[E013\] An analysis worker process stopped"):
        list(batch)

    replaced = kept_pool(mini_nlp, 2)
    assert replaced is not pool and list(replaced.analyse(TEXTS)) == list(analyse(TEXTS, mini_nlp))
