"""Extraction unchanged on a Dask task runner (prefect-dask), with a local Dask cluster of worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from crawlers.run_folder import CrawlRun
from crawlers.sources import DEMO_SOURCES
from flows.extract import extract_flow, extraction_runner
from llo_radar import jobs
from llo_radar.settings import Settings
from nlp import pipeline
from tests.conftest import DEMO_ITEMS


@pytest.fixture(scope="module")
def dask_cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster


def extract(settings: Settings, run_dir: Path) -> dict[str, int]:
    """Run the extract subflow on the settings' task runner; items loaded per source."""
    loads = extract_flow.with_options(task_runner=extraction_runner(settings))(settings, CrawlRun.read(run_dir))
    return {load.source: load.load.loaded for load in loads}


def test_extraction_on_a_dask_cluster_loads_what_threads_load(demo_sites, dask_cluster, tmp_path):
    threads = Settings(data_dir=tmp_path / "threads", sources_file=DEMO_SOURCES)
    dask = threads.model_copy(update={"data_dir": tmp_path / "dask", "dask_address": dask_cluster.scheduler_address})
    jobs.upgrade_warehouse(threads)
    jobs.upgrade_warehouse(dask)
    crawl = jobs.crawl(threads)
    copied = shutil.copytree(crawl.folder, dask.runs_dir / crawl.key)  # the same run, another warehouse

    assert extract(dask, copied) == extract(threads, crawl.folder) == DEMO_ITEMS
    with Client(dask_cluster.scheduler_address) as client:
        pipelines = client.run(lambda: pipeline._kept_pipeline.cache_info().currsize)
    assert sum(pipelines.values()) >= 1  # the analysis ran in the workers' processes


def test_a_local_dask_cluster_has_the_configured_worker_processes():
    runner = extraction_runner(Settings(dask_address="local", dask_workers=3))
    with runner:
        workers = runner.client.scheduler_info()["workers"].values()
        assert len(workers) == 3 and all(w["host"] == "127.0.0.1" for w in workers)
