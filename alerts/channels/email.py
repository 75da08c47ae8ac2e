"""E-mail over SMTP (smtplib). Reads the settings ``LLO_RADAR_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``,
``_FROM`` and ``_STARTTLS``. The password is used for login only: it never appears in errors or logs."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from core.outside_text import plain_text

from ..exceptions import DeliveryFailed
from ..messages import Message
from .config import ChannelConfig


def send_email(message: Message, address: str, config: ChannelConfig) -> None:
    """Send ``message`` as a plain-text UTF-8 e-mail to ``address``."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = config.smtp_from, address, message.subject
    mail.set_content(message.text)
    password = config.smtp_password.get_secret_value() if config.smtp_password else None
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.alert_timeout) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_user:
                smtp.login(config.smtp_user, password or "")
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        said = str(error)
        if password:  # a server may echo what it was sent; never store or print the password
            said = said.replace(password, "***")
        said = plain_text(said, single_line=True, limit=300)  # the server's reply is outside text
        server = f"{config.smtp_host}:{config.smtp_port}"
        raise DeliveryFailed(f"SMTP server {server}: {type(error).__name__}: {said}") from None
