"""Exceptions of the application layer."""


class LloRadarError(Exception):
    """An error the CLI reports as one sentence: what failed, on which input, what to do next."""


class NoCrawlRun(LloRadarError):
    """There is no crawl run to extract from."""


class NoData(LloRadarError):
    """The warehouse holds nothing to aggregate or report on."""
