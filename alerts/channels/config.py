"""What the channels need to reach the outside world, built from the settings by the caller."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr


@dataclass(frozen=True, slots=True)
class ChannelConfig:
    """The SMTP server (settings ``LLO_RADAR_SMTP_*``), the network timeout (``LLO_RADAR_ALERT_TIMEOUT``) and
    whether webhooks may reach private addresses (``LLO_RADAR_WEBHOOK_ALLOW_PRIVATE``); each field is named like
    its setting."""

    smtp_host: str
    smtp_port: int
    smtp_user: str | None
    smtp_password: SecretStr | None
    smtp_from: str
    smtp_starttls: bool
    alert_timeout: float
    webhook_allow_private: bool = False
