"""Warehouse steps are retried when the database cannot be reached, and fail at once on anything else."""

from __future__ import annotations

from uuid import UUID

from prefect import flow, get_client

from flows.aggregate import aggregate_task
from flows.dedupe import dedupe_task
from llo_radar import jobs
from llo_radar.exceptions import NoData
from llo_radar.settings import Settings
from tests.flows.prefect_api import task_runs
from tests.postgres import free_port


@flow
def run_quickly(task, settings: Settings) -> tuple[BaseException, UUID]:
    """Run the task without retry delays; its error and task run id."""
    state = task.with_options(retry_delay_seconds=0)(settings, return_state=True)
    return state.result(raise_on_failure=False), state.state_details.task_run_id


def run_count(task_run_id: UUID) -> int:
    """How often the task ran."""
    with get_client(sync_client=True) as client:
        flow_run_id = client.read_task_run(task_run_id).flow_run_id
    [task_run] = task_runs(flow_run_id, expected=1).values()
    return task_run.run_count


def test_an_unreachable_warehouse_is_retried(tmp_path):
    nowhere = Settings(data_dir=tmp_path, database_url=f"postgresql+psycopg://llo@127.0.0.1:{free_port()}/llo")

    error, task_run_id = run_quickly(dedupe_task, nowhere)

    assert "Connection refused" in str(error) and run_count(task_run_id) == 4  # the first try and three retries


def test_other_errors_are_not_retried(tmp_path):
    empty = Settings(data_dir=tmp_path)
    jobs.upgrade_warehouse(empty)

    error, task_run_id = run_quickly(aggregate_task, empty)

    assert isinstance(error, NoData) and run_count(task_run_id) == 1
