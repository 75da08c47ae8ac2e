"""Stored codes: the base of every enumeration whose values the warehouse stores (contract types, offer modes,
region levels, ...). Each code is an English, lowercase snake_case word, except established codes that are no
words (``MBO 4``, ``HBO``); people see Dutch names for them through ``warehouse/wording.py``."""

from __future__ import annotations

from enum import StrEnum


class StoredCode(StrEnum):
    """A stored value: a ``str`` that is its own code, and is shown as such (``'permanent'``, not
    ``<ContractType.PERMANENT: 'permanent'>``), so records print as the rows they become.

    >>> class Colour(StoredCode):
    ...     DARK_RED = "dark_red"
    >>> Colour.DARK_RED, f"{Colour.DARK_RED}", Colour("dark_red") == "dark_red"
    ('dark_red', 'dark_red', True)
    """

    def __repr__(self) -> str:
        return repr(self.value)
