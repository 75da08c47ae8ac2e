"""File: append the message to a local file. A ``.txt`` file gets the Dutch text; any other file a JSON line
with the payload (subject, text, subscriber, alerts)."""

from __future__ import annotations

import json
from pathlib import Path

from ..exceptions import DeliveryFailed
from ..messages import Message
from .config import ChannelConfig

SEPARATOR = "\n" + "-" * 72 + "\n\n"


def append_to_file(message: Message, address: str, config: ChannelConfig) -> None:
    """Append ``message`` to the file ``address`` (its folder is created)."""
    path = Path(address)
    if path.suffix == ".txt":
        entry = f"{message.subject}\n\n{message.text}{SEPARATOR}"
    else:
        entry = json.dumps({"subject": message.subject, "text": message.text, **message.payload}, ensure_ascii=False)
        entry += "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(entry)
    except OSError as error:
        raise DeliveryFailed(f"cannot write {path}: {error.strerror}") from None
