"""The column type of stored codes: a plain string in the database, members of a ``core.codes.StoredCode``
enumeration in Python. Models declare such columns (``mapped_column(Code(OfferMode, 20))``); the loads'
``bounds.py`` drops a value that is no code of its column."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import String, TypeDecorator

from core.codes import StoredCode

_C = TypeVar("_C", bound=StoredCode)


class Code(TypeDecorator[_C]):
    """A column of stored codes (``core.codes.StoredCode``): a plain string column in the database, members of
    ``codes`` in Python. Writing a value that is no code of it fails before it reaches the table.

    >>> from crawlers.items import OfferMode
    >>> column = Code(OfferMode, 20)
    >>> column.process_bind_param("online", None), column.process_result_value("classroom", None)
    ('online', 'classroom')
    >>> column.process_bind_param("klassikaal", None)
    Traceback (most recent call last):
    ValueError: 'klassikaal' is not a valid OfferMode
    """

    impl = String
    cache_ok = True

    def __init__(self, codes: type[_C], length: int) -> None:
        super().__init__(length)
        self.codes = codes

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else self.codes(value).value

    def process_result_value(self, value: str | None, dialect: object) -> _C | None:
        return None if value is None else self.codes(value)
