"""Tests of warehouse/locks.py: a second run of a stage is refused on SQLite and PostgreSQL, other stages go on,
and a holder killed with SIGKILL leaves no lock behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from warehouse.db import init_warehouse, make_engine
from warehouse.exceptions import StageBusy
from warehouse.locks import stage_lock

HOLD = """
import sys, time
from warehouse.db import make_engine
from warehouse.locks import stage_lock
with stage_lock(make_engine(sys.argv[1]), "alerts"):
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def engine(warehouse_url):
    engine = make_engine(warehouse_url)
    init_warehouse(engine)
    yield engine
    engine.dispose()


def test_a_second_run_of_a_stage_is_refused_and_others_go_on(engine):
    busy = r"Another run of 'alerts' is working on the warehouse .* refused"
    with stage_lock(engine, "alerts"):
        with pytest.raises(StageBusy, match=busy), stage_lock(engine, "alerts"):
            pass
        with stage_lock(engine, "load werkradar"), stage_lock(engine, "load vakacademie"):
            pass
    with stage_lock(engine, "alerts"):  # released
        pass


def test_a_killed_holder_leaves_no_lock(engine, warehouse_url):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, warehouse_url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StageBusy), stage_lock(engine, "alerts"):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    for _ in range(100):  # PostgreSQL ends the killed client's session when it notices the closed connection
        try:
            with stage_lock(engine, "alerts"):
                return
        except StageBusy:
            time.sleep(0.1)
    pytest.fail("the lock of a killed process was never released")
