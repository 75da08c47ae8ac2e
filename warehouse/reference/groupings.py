"""Region groupings defined in configuration: named sets of gemeenten (Brainport, Groene Metropoolregio, ...).

A YAML file lists them; each becomes a region of its level, with the gemeenten as members, so every indicator
is available for it like for an arbeidsmarktregio. Errors name the grouping and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..exceptions import WarehouseError
from ..models.region import RegionLevel

BUNDLED_GROUPINGS = Path(__file__).with_name("regio_indelingen.yaml")
GROUPING_LEVEL = "grouping"
"""The level of a grouping that names none."""


class BadGroupings(WarehouseError):
    """A region groupings file that cannot be used."""


class RegionGrouping(BaseModel):
    """One grouping: a code, a name, a level and its gemeenten (names or GM codes)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=120)
    level: str = Field(GROUPING_LEVEL, min_length=1, max_length=30)
    gemeenten: list[str] = Field(min_length=1)

    @field_validator("level")
    @classmethod
    def _own_level(cls, level: str) -> str:
        if level in set(RegionLevel):
            raise ValueError(f"{level!r} is a built-in level; choose another name, such as {GROUPING_LEVEL!r}")
        return level


class GroupingsFile(BaseModel):
    """The groupings file."""

    model_config = ConfigDict(extra="forbid")

    groupings: list[RegionGrouping] = Field(default_factory=list)


def read_groupings(
    path: Path, resolve: Callable[[str], str | None], taken: set[str]
) -> list[tuple[RegionGrouping, list[str]]]:
    """The groupings of a file with their gemeente codes. ``resolve`` turns a gemeente name or code into its
    code (None when unknown); ``taken`` are the region codes already in use."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = GroupingsFile.model_validate(data)
    except OSError as error:
        raise BadGroupings(f"Cannot read region groupings file {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise BadGroupings(f"Region groupings file {path} is not valid YAML: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BadGroupings(f"Region groupings file {path}: {where}: {first['msg']}") from error
    groupings = []
    taken = set(taken)
    for number, grouping in enumerate(parsed.groupings, start=1):
        label = f"grouping {number} ({grouping.code})"
        if grouping.code in taken:
            raise BadGroupings(f"Region groupings file {path}: {label}: code: {grouping.code!r} is already in use")
        taken.add(grouping.code)
        codes = []
        for entry in grouping.gemeenten:
            code = resolve(entry)
            if code is None:
                raise BadGroupings(f"Region groupings file {path}: {label}: gemeenten: unknown gemeente {entry!r}")
            codes.append(code)
        groupings.append((grouping, codes))
    return groupings
