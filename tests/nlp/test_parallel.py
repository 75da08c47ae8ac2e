"""Tests of nlp/parallel.py's kept pool: one per pipeline for the threads of a process, replaced when it broke."""

from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from nlp.parallel import kept_pool
from nlp.pipeline import analyse
from nlp.types import TextInput

TEXTS = [TextInput(title=f"Vacature {i}", body=f"Kennis van SQL en Python. Tekst {i}.") for i in range(12)]

pytestmark = pytest.mark.timeout(300)  # a worker waiting for ever fails the test instead of the run


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
