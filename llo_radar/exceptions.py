"""Exceptions of the application layer."""


class LloRadarError(Exception):
    """An error the CLI reports as one sentence: what failed, on which input, what to do next."""


class NoData(LloRadarError):
    """The warehouse holds nothing to aggregate or report on."""


class BadSetting(LloRadarError):
    """A setting (an ``LLO_RADAR_*`` variable, a ``.env`` line or a CLI option) has a value it cannot take."""
