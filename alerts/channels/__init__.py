"""Delivery channels, one module each: ``email`` (SMTP), ``webhook`` (JSON POST) and ``file``.

Every channel is a function ``deliver(message, address, config)`` that returns when the message is delivered and
raises ``DeliveryFailed`` with a reason free of credentials and webhook URLs otherwise. ``CHANNELS`` maps the
names stored in ``alert_deliveries.channel`` to them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..messages import Message
from .config import ChannelConfig
from .email import send_email
from .file import append_to_file
from .webhook import post_webhook

__all__ = ["CHANNELS", "Channel", "ChannelConfig"]

Channel = Callable[[Message, str, ChannelConfig], None]

CHANNELS: dict[str, Channel] = {"email": send_email, "webhook": post_webhook, "file": append_to_file}
