"""Webhook: a JSON POST of the message's payload. Reads the settings ``LLO_RADAR_ALERT_TIMEOUT`` and
``LLO_RADAR_WEBHOOK_ALLOW_PRIVATE``.

A webhook URL is outside input that makes this process send requests, so it may not reach the operator's own
network: a host that is (or resolves to) a private, loopback, link-local or otherwise non-public address
(``169.254.169.254``, ``10.0.0.5``, ``localhost``) is refused unless ``LLO_RADAR_WEBHOOK_ALLOW_PRIVATE`` is set.
The connection goes to the very address that was checked (no second DNS lookup an attacker could answer
differently), redirects are not followed, and no proxy is used.

Webhook URLs often carry a token, so errors give the status or reason, never the URL.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
from urllib.parse import urlsplit

from core.outside_text import plain_text

from ..exceptions import DeliveryFailed
from ..messages import Message
from .config import ChannelConfig

ALLOW_SETTING = "LLO_RADAR_WEBHOOK_ALLOW_PRIVATE"


def check_webhook_url(url: str, *, allow_private: bool) -> None:
    """``ValueError`` when ``url`` is no http(s) URL, or names a non-public address literally (a host name is
    checked when it is resolved, at delivery)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("a webhook is an http:// or https:// URL with a host")
    if allow_private:
        return
    if parts.hostname.lower() == "localhost" or parts.hostname.lower().endswith(".localhost"):
        raise ValueError(f"a webhook may not go to this machine (localhost); set {ALLOW_SETTING}=true to allow it")
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return
    if not _public(address):
        raise ValueError(_refusal(address))


def post_webhook(message: Message, address: str, config: ChannelConfig) -> None:
    """POST ``{"subject", "text", "subscriber", "alerts"}`` as JSON to ``address``; any 2xx answer is success."""
    body = json.dumps({"subject": message.subject, "text": message.text, **message.payload}, ensure_ascii=False)
    parts = urlsplit(address)
    host = parts.hostname or ""  # a URL without a host is refused by check_webhook_url
    try:
        check_webhook_url(address, allow_private=config.webhook_allow_private)
        ip = _resolve(host, parts.port, allow_private=config.webhook_allow_private)
    except ValueError as error:
        raise DeliveryFailed(f"webhook refused: {error}") from None
    secure = parts.scheme == "https"
    connection = _PinnedConnection(host, ip, parts.port or (443 if secure else 80), config.alert_timeout, secure=secure)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "llo-radar-alerts"}
    try:
        connection.request("POST", path, body=body.encode("utf-8"), headers=headers)
        response = connection.getresponse()
        response.read()
    except OSError as error:  # refused, unreachable, timed out, reset, TLS failed
        raise DeliveryFailed(f"webhook unreachable: {type(error).__name__}: {_said(error)}") from None
    except http.client.HTTPException as error:
        raise DeliveryFailed(f"webhook failed: {type(error).__name__}: {_said(error)}") from None
    finally:
        connection.close()
    if 300 <= response.status < 400:
        raise DeliveryFailed(f"webhook answered HTTP {response.status} (a redirect; redirects are not followed)")
    if not 200 <= response.status < 300:
        raise DeliveryFailed(f"webhook answered HTTP {response.status} {_said(response.reason)}")


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection to ``host`` made to the already checked address ``ip``; with ``secure``, TLS that
    verifies the certificate of ``host``."""

    def __init__(self, host: str, ip: str, port: int, timeout: float, *, secure: bool) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip
        self._tls = ssl.create_default_context() if secure else None
        self.default_port = 443 if secure else 80  # the Host header names the port only when it is not this

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host) if self._tls else sock


def _resolve(host: str, port: int | None, *, allow_private: bool) -> str:
    """An address of ``host`` to connect to; ``ValueError`` when it has none, or any is not public."""
    try:
        found = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ValueError(f"its host cannot be resolved ({error.strerror})") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not allow_private:
        for address in addresses:
            if not _public(address):
                raise ValueError(_refusal(address))
    return str(addresses[0])


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return (
        f"a webhook may not go to {address}, a private, loopback, link-local or reserved address; set "
        f"{ALLOW_SETTING}=true to allow it"
    )


def _said(value: object) -> str:
    """What a remote server said, as one bounded line without control characters."""
    return plain_text(str(value), single_line=True, limit=200)
