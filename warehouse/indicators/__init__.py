"""Indicators: pure functions over the warehouse, listed in one registry for the CLI, flows and docs.

Each indicator takes a session and parameters and returns rows; storing them is the caller's choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .skill_gap import compute_skill_gap


@dataclass(frozen=True)
class Indicator:
    """A registered indicator."""

    name: str
    compute: Callable[..., list[Any]]

    @property
    def description(self) -> str:
        """First paragraph of the function's docstring."""
        return (self.compute.__doc__ or "").strip().split("\n\n")[0]


INDICATORS: dict[str, Indicator] = {
    indicator.name: indicator for indicator in (Indicator("skill_gap", compute_skill_gap),)
}
