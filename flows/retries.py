"""Retries of the warehouse steps: only when the database could not be reached, dropped the connection or was
locked, or another run held the stage's lock (``warehouse/locks.py``), with backoff; any other error (bad data,
a bug) fails at once."""

from __future__ import annotations

from typing import Any

from prefect.tasks import exponential_backoff
from sqlalchemy.exc import DBAPIError, OperationalError

from warehouse.exceptions import StageBusy


def warehouse_unavailable(task: Any, task_run: Any, state: Any) -> bool:
    """Whether a failed warehouse step failed on its connection or on a stage another run was doing (worth
    another try); Prefect's ``retry_condition_fn``."""
    error = state.result(raise_on_failure=False)
    if isinstance(error, StageBusy | OperationalError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


WAREHOUSE_RETRIES: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(10)(3),
    "retry_condition_fn": warehouse_unavailable,
}
"""Task options of the steps that write the warehouse: 10, 20 and 40 s between tries."""
