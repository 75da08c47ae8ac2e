"""Extract and load: each source's items analysed in its own task, then loaded one source after another.

Extraction is the CPU-heavy step, so it is a subflow whose task runner the settings choose: threads in the
flow's process, which analyse on one pool of worker processes (``analysis_processes``, ``nlp.parallel``), or a
Dask cluster (``dask_address``: ``local`` or a scheduler address) to grow past one machine. Extraction tasks only
read the warehouse; loading, the one writer, stays in the flow's process. Workers on other machines need the run
folder at the same path (shared storage) and the warehouse URL.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from crawlers.run_folder import CrawlOutcome, CrawlRun
from llo_radar import jobs
from llo_radar.settings import Settings
from nlp.extract import ExtractStats

from .retries import WAREHOUSE_RETRIES


@task(name="extract-source", task_run_name="extract-{crawl.source}", cache_policy=NO_CACHE, retries=1)
def extract_source_task(settings: Settings, run: CrawlRun, crawl: CrawlOutcome) -> ExtractStats | None:
    """Analyse one source's items (skills, occupation, sector, region, level) into its analysed file."""
    extracted = jobs.extract_source(settings, run, crawl)
    if extracted is not None:
        logger = get_run_logger()
        logger.info(
            "%s: %d analysed, %d unchanged, %d skipped",
            crawl.source,
            extracted.analysed,
            extracted.unchanged,
            extracted.skipped,
        )
        for problem in extracted.problems[:20]:
            logger.warning("%s: skipped %s", crawl.source, problem)
    return extracted


@task(name="load-source", task_run_name="load-{crawl.source}", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def load_source_task(
    settings: Settings, run: CrawlRun, crawl: CrawlOutcome, extracted: ExtractStats | None
) -> jobs.SourceLoad:
    """Upsert one source's analysed records into the warehouse."""
    loaded = jobs.load_source(settings, run, crawl, extracted)
    if loaded.load is not None:
        get_run_logger().info(
            "%s: %d loaded, %d unchanged, %d closed",
            loaded.source,
            loaded.load.loaded,
            loaded.load.unchanged,
            loaded.closed,
        )
    return loaded


@flow(name="extract")
def extract_flow(settings: Settings, run: CrawlRun) -> list[jobs.SourceLoad]:
    """Analyse every source of a crawl run side by side on this flow's task runner, then load them; a source
    whose extraction or load fails is reported with its problem and the others are loaded."""
    jobs.sync_taxonomy(settings)
    futures = [extract_source_task.submit(settings, run, crawl) for crawl in run.crawls]
    loads = []
    for crawl, future in zip(run.crawls, futures, strict=True):
        future.wait()
        if not future.state.is_completed():
            loads.append(_failed(crawl, "extraction", future.state.result(raise_on_failure=False)))
            continue
        loaded = load_source_task(settings, run, crawl, future.result(), return_state=True)
        if loaded.is_completed():
            loads.append(loaded.result())
        else:
            loads.append(_failed(crawl, "load", loaded.result(raise_on_failure=False)))
    return loads


def _failed(crawl: CrawlOutcome, step: str, error: object) -> jobs.SourceLoad:
    """A source whose extraction or load failed: logged as an error, reported in the run's result."""
    get_run_logger().error("%s: %s failed: %s", crawl.source, step, error)
    return jobs.SourceLoad(crawl.source, crawl.kind, "failed", problem=f"{step}: {error}")


def extraction_runner(settings: Settings) -> TaskRunner[Any]:
    """The task runner the settings choose for extraction."""
    if settings.dask_address == "local":
        # scheduler, workers and dashboard on loopback (the dashboard on a free port)
        cluster = {"n_workers": settings.dask_workers, "threads_per_worker": 1, "host": "127.0.0.1"}
        return DaskTaskRunner(cluster_kwargs={**cluster, "dashboard_address": "127.0.0.1:0"})
    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return ThreadPoolTaskRunner()
