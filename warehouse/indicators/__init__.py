"""Indicators computed from the warehouse and stored in it, listed in one registry for the CLI, flows and docs.

Each indicator recomputes the given periods for the given region levels inside the database, replaces what was
stored for them and returns an ``IndicatorRun``; ``llo-radar aggregate`` runs them all, in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .occupation_profile import recompute_occupation_profile
from .skill_gap import recompute_skill_gap


@dataclass(frozen=True)
class Indicator:
    """A registered indicator."""

    name: str
    recompute: Callable[..., Any]

    @property
    def description(self) -> str:
        """First paragraph of the function's docstring."""
        return (self.recompute.__doc__ or "").strip().split("\n\n")[0]


INDICATORS: dict[str, Indicator] = {
    indicator.name: indicator
    for indicator in (
        Indicator("skill_gap", recompute_skill_gap),
        Indicator("occupation_profile", recompute_occupation_profile),
    )
}
