"""Declarative base with a constraint naming convention, so schemas match across SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, TypeVar

from sqlalchemy import DateTime, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from core.codes import StoredCode

_C = TypeVar("_C", bound=StoredCode)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of all warehouse tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: DateTime(timezone=True)}


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
