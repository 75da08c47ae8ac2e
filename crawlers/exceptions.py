"""Exceptions of the crawlers package."""


class CrawlersError(Exception):
    """Base class for errors raised by the crawlers package."""


class SourcesError(CrawlersError):
    """The sources file is missing, malformed or names an unknown source."""


class CrawlFailed(CrawlersError):
    """The crawl process could not run or report."""


class NotACrawlRun(CrawlersError):
    """A folder that holds no (readable) crawl run, or a runs folder without any."""
