"""Tests of core/clock.py: one clock, pinned by LLO_RADAR_NOW for this process and the processes it starts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from core import clock


@pytest.mark.parametrize(
    ("pinned_at", "expected"),
    [
        ("2026-12-31T23:30:00+01:00", dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)),  # ISO week 53 of 2026
        ("2027-01-01T00:30:00", dt.datetime(2027, 1, 1, 0, 30, tzinfo=dt.UTC)),  # no offset: UTC
        ("2028-02-29", dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC)),  # a day: noon UTC
    ],
)
def test_the_setting_pins_now_and_today(monkeypatch, pinned_at, expected):
    monkeypatch.setenv(clock.NOW_VARIABLE, pinned_at)
    assert clock.now() == expected and clock.today() == expected.date()


def test_unpinned_it_is_the_system_time(monkeypatch):
    monkeypatch.delenv(clock.NOW_VARIABLE, raising=False)
    before = dt.datetime.now(dt.UTC)
    assert before <= clock.now() <= dt.datetime.now(dt.UTC)
    assert not clock.is_pinned()


def test_pinned_blocks_restore_the_clock_and_reach_child_processes(monkeypatch):
    monkeypatch.setenv(clock.NOW_VARIABLE, "2026-11-30T08:00:00+00:00")
    with clock.pinned(dt.datetime(2028, 2, 29, 9, 15, tzinfo=dt.UTC)):
        child = subprocess.run(
            [sys.executable, "-c", "from core import clock; print(clock.now().isoformat())"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    assert child.stdout.strip() == "2028-02-29T09:15:00+00:00"  # a crawl process shares the pinned time
    assert clock.now() == dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)


def test_a_bad_setting_is_one_sentence(monkeypatch):
    monkeypatch.setenv(clock.NOW_VARIABLE, "morgen")
    with pytest.raises(clock.BadMoment, match=r"^LLO_RADAR_NOW='morgen' is not a moment: write .+ or 2026-12-07$"):
        clock.now()
