"""Webhook: a JSON POST of the message's payload (urllib). Reads the setting ``LLO_RADAR_ALERT_TIMEOUT``.

Webhook URLs often carry a token, so errors give the status or reason, never the URL.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from ..exceptions import DeliveryFailed
from ..messages import Message
from .config import ChannelConfig


def post_webhook(message: Message, address: str, config: ChannelConfig) -> None:
    """POST ``{"subject", "text", "subscriber", "alerts"}`` as JSON to ``address``; any 2xx answer is success."""
    body = json.dumps({"subject": message.subject, "text": message.text, **message.payload}, ensure_ascii=False)
    request = urllib.request.Request(
        address,
        data=body.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "llo-radar-alerts"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=config.alert_timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"webhook answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise DeliveryFailed(f"webhook unreachable: {error.reason}") from None
    except OSError as error:  # timeouts and resets after the connection was made
        raise DeliveryFailed(f"webhook failed: {type(error).__name__}: {error}") from None
