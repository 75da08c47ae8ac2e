"""The extract subflow in a Prefect flow run (threads of its own: engine, API client, task runner) analyses on the
process pool, started before the crawl, and writes exactly what one process writes."""

from __future__ import annotations

import os
import shutil

import pytest

from crawlers.run_folder import CrawlRun
from crawlers.sources import DEMO_SOURCES
from flows.extract import extract_flow
from llo_radar import jobs
from llo_radar.settings import Settings
from nlp.parallel import kept_pool
from tests.conftest import DEMO_ITEMS


@pytest.mark.timeout(900)  # a worker waiting for ever fails the test instead of the run
def test_a_flow_run_analyses_on_the_pool_what_one_process_analyses(demo_sites, tmp_path):
    pooled = Settings(data_dir=tmp_path / "pooled", sources_file=DEMO_SOURCES, analysis_processes=2)
    alone = pooled.model_copy(update={"data_dir": tmp_path / "alone", "analysis_processes": 1})
    jobs.upgrade_warehouse(pooled)
    jobs.upgrade_warehouse(alone)
    jobs.start_analysis(pooled)  # as a flow run does before it crawls
    pool = kept_pool(jobs.analysis_pipeline(pooled), 2)
    started = set(pool.worker_pids())
    crawl = jobs.crawl(pooled)
    runs = {
        "pooled": CrawlRun.read(crawl.folder),
        "alone": CrawlRun.read(shutil.copytree(crawl.folder, alone.runs_dir / crawl.key)),
    }
    worker_seconds = sum(pool.worker_cpu_seconds())

    loads = {name: extract_flow(settings, runs[name]) for name, settings in (("pooled", pooled), ("alone", alone))}

    assert {load.source: load.load.loaded for load in loads["pooled"]} == DEMO_ITEMS
    assert loads["pooled"] == loads["alone"]
    for source in DEMO_ITEMS:
        written = [runs[name].analysed_path(source).read_text(encoding="utf-8") for name in ("pooled", "alone")]
        assert written[0] == written[1]
    assert len(started) == 2 and set(pool.worker_pids()) == started and os.getpid() not in started
    assert kept_pool(jobs.analysis_pipeline(pooled), 2) is pool
    assert sum(pool.worker_cpu_seconds()) > worker_seconds  # the workers analysed the flow run's texts
