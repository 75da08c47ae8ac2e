"""Reading back what a flow run left in Prefect's API. Task run updates reach the API as events, shortly after
the flow returns: these helpers wait until the task runs have their final state."""

from __future__ import annotations

import time
from uuid import UUID

from prefect import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
    TaskRunFilter,
    TaskRunFilterFlowRunId,
)
from prefect.client.schemas.objects import TaskRun


def task_runs(flow_run_id: UUID, *, expected: int) -> dict[str, TaskRun]:
    """The ``expected`` task runs of a flow run by name, each in a final state."""
    with get_client(sync_client=True) as client:
        for _ in range(150):
            found = client.read_task_runs(
                task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[flow_run_id]))
            )
            if len(found) >= expected and all(run.state is not None and run.state.is_final() for run in found):
                return {run.name: run for run in found}
            time.sleep(0.2)
    raise AssertionError(f"flow run {flow_run_id}: not {expected} finished task runs in the API")


def artifact(flow_run_id: UUID, key: str) -> str:
    """The Markdown of a flow run's artifact."""
    with get_client(sync_client=True) as client:
        [found] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
        )
    return found.data
