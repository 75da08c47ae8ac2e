"""Indicators computed from the warehouse and stored in it, listed in one registry for the CLI, flows and docs.

Each indicator recomputes the given periods inside the database and replaces what was stored for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    indicator.name: indicator for indicator in (Indicator("skill_gap", recompute_skill_gap),)
}
