"""Tests of nlp/extract.py: a crawl's items file analysed into records, in this process or on a pool of workers."""

from __future__ import annotations

import os

import pytest

from crawlers.run_folder import items_path
from crawlers.sources import DEMO_SOURCES, load_sources
from nlp.extract import extract_file
from nlp.parallel import kept_pool


@pytest.mark.timeout(600)  # a worker waiting for ever fails the test instead of the run
def test_a_pool_of_two_writes_exactly_the_records_of_one_process(demo_crawl, demo_sites, nlp, tmp_path):
    # demo_sites serves from threads of this process: the pool must be used all the same
    pool = kept_pool(nlp, 2)
    worker_seconds = sum(pool.worker_cpu_seconds())
    for source in load_sources(DEMO_SOURCES).sources:
        raw = items_path(demo_crawl, source.name)
        one, two = tmp_path / f"{source.name}-1.jsonl", tmp_path / f"{source.name}-2.jsonl"

        alone = extract_file(raw, source.kind, one, nlp, processes=1)
        pooled = extract_file(raw, source.kind, two, nlp, processes=2)

        assert alone.analysed > 0 and pooled == alone
        assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")
    assert pool.worker_pids() and os.getpid() not in pool.worker_pids()
    assert sum(pool.worker_cpu_seconds()) > worker_seconds  # the workers analysed the texts
