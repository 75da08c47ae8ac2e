"""What a request reads from the application it runs in (FastAPI dependencies): a read-only warehouse session,
the duiding rules and the dashboard's public URL."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from ..factsheets.duiding import Duiding


def warehouse(request: Request) -> Iterator[Session]:
    """A read-only session for one request."""
    with request.app.state.sessions() as session:
        yield session


def duiding(request: Request) -> Duiding:
    """The compiled duiding rules."""
    return request.app.state.duiding


def public_url(request: Request) -> str:
    """Where readers reach the dashboard (no trailing slash): the root of links in factsheets."""
    return request.app.state.public_url
