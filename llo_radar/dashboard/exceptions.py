"""Exceptions of the dashboard."""

from ..exceptions import LloRadarError


class NotFound(LloRadarError):
    """What a page or API call asks for does not exist in the warehouse: one sentence saying what to ask instead."""
