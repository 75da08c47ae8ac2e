"""The Prefect API the flows report to, checked before a command relies on it: an API that cannot be reached is
one sentence naming it, not a traceback from deep inside Prefect. Reads Prefect's ``PREFECT_API_URL``; without
it, flows start a temporary local server and there is nothing to check."""

from __future__ import annotations

from urllib.parse import urlsplit

from prefect import get_client
from prefect.settings import PREFECT_API_URL

from llo_radar.exceptions import LloRadarError


def check_prefect_api() -> None:
    """``LloRadarError`` saying what to do when ``PREFECT_API_URL`` is set but its API does not answer."""
    url = PREFECT_API_URL.value()
    if not url:
        return
    shown = urlsplit(url)._replace(netloc=urlsplit(url).netloc.rpartition("@")[2]).geturl()  # no credentials
    try:
        with get_client(sync_client=True) as client:
            error = client.api_healthcheck()
    except Exception as exc:  # the client checks the server when it starts: the same failure, told the same way
        error = exc
    if error is not None:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise LloRadarError(
            f"The Prefect API at {shown} (PREFECT_API_URL) cannot be reached: {reason}; start it "
            "('prefect server start') or unset PREFECT_API_URL to let the flows start a temporary server"
        )
