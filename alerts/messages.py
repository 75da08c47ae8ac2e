"""Messages to opleiders in plain, short Dutch: one per alert, or a weekly digest bundling several.

The wording lives in the Jinja templates of ``alerts/templates/``; this module gives them the alert's stored
figures (those of the moment it was raised) and Dutch number formats. Every message also has a JSON payload
for webhooks and JSON-lines files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from core.outside_text import plain_text
from warehouse.models import Alert
from warehouse.wording import in_dutch

_PREVIOUS = {"week": "vorige week", "month": "vorige maand", "quarter": "vorig kwartaal"}


@dataclass(frozen=True, slots=True)
class Message:
    """A message ready for any channel."""

    subject: str
    text: str
    payload: dict[str, Any]


def number(value: float) -> str:
    """A figure with one decimal and a decimal comma.

    >>> number(2.25), number(12.0)
    ('2,2', '12,0')
    """
    return f"{value:.1f}".replace(".", ",")


def percent(value: float) -> str:
    """A relative change as a signed whole percentage.

    >>> percent(0.5), percent(-0.25)
    ('+50%', '-25%')
    """
    return f"{value:+.0%}"


FIELD_LIMIT = 300
"""Longest value of a field (title, employer, URL, provider, ...) in a message: a field is scraped text."""


def field_text(value: Any) -> Any:
    """A text value as a message shows it: one line, no control characters or escape sequences, at most
    ``FIELD_LIMIT`` characters; other values as they are.

    >>> field_text("Kok\\x1b[2J (m/v)\\n"), field_text(12)
    ('Kok (m/v)', 12)
    """
    return plain_text(value, single_line=True, limit=FIELD_LIMIT).strip() if isinstance(value, str) else value


class _Shown:
    """An alert as the templates read it: every text in it (vacancy titles, employers, providers, ...) through
    ``field_text``, since any of them may come from a scraped page."""

    def __init__(self, alert: Alert) -> None:
        self._alert = alert

    def __getattr__(self, name: str) -> Any:
        return _shown(getattr(self._alert, name))


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return [_shown(item) for item in value]
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    return field_text(value)


_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,  # a misspelt field fails loudly instead of leaving a gap in the message
    keep_trailing_newline=True,
    autoescape=False,  # plain text, never HTML
)
_templates.filters.update(number=number, percent=percent, dutch=in_dutch)
_templates.globals["previous"] = _PREVIOUS


PROVIDER_FACTSHEETS = "/factsheets/providers/"
"""Where the dashboard serves an opleider's factsheet: this path and the subscription's name."""


def factsheet_url(dashboard_url: str, subscriber: str) -> str:
    """The address of an opleider's factsheet on the dashboard at ``dashboard_url``.

    >>> factsheet_url("https://radar.example.nl/", "Zorg & Welzijn Academie")
    'https://radar.example.nl/factsheets/providers/Zorg%20%26%20Welzijn%20Academie'
    """
    return dashboard_url.rstrip("/") + PROVIDER_FACTSHEETS + quote(subscriber, safe="")


def alert_message(alert: Alert, subscriber: str, factsheet: str | None = None) -> Message:
    """The message of one alert for subscriber ``subscriber``, linking to its ``factsheet`` when given."""
    text = _templates.get_template("alert.txt.j2").render(
        alert=_Shown(alert), subscriber=field_text(subscriber), factsheet=factsheet
    )
    subject = f"LLO Radar: tekort aan {field_text(alert.skill)} in {field_text(alert.region)}"
    payload = {"subscriber": subscriber, "factsheet": factsheet, "alerts": [alert_payload(alert, text)]}
    return Message(subject, text, payload)


def digest_message(alerts: list[Alert], subscriber: str, factsheet: str | None = None) -> Message:
    """One message bundling ``alerts`` for subscriber ``subscriber``, linking to its ``factsheet`` when given."""
    shown = [_Shown(alert) for alert in alerts]
    text = _templates.get_template("digest.txt.j2").render(
        alerts=shown, subscriber=field_text(subscriber), factsheet=factsheet
    )
    subject = f"LLO Radar: {len(alerts)} {'tekort' if len(alerts) == 1 else 'tekorten'} deze week"
    payload = {"subscriber": subscriber, "factsheet": factsheet, "alerts": [alert_payload(a) for a in alerts]}
    return Message(subject, text, payload)


def alert_payload(alert: Alert, text: str | None = None) -> dict[str, Any]:
    """An alert as JSON: its cell, figures, example vacancies and (for single alerts) the Dutch text."""
    payload = {
        "id": alert.id,
        "cell_id": str(alert.cell_key),
        "period": alert.period,
        "period_kind": alert.period_kind,
        "skill_id": alert.skill_id,
        "skill": alert.skill,
        "region_code": alert.region_code,
        "region": alert.region,
        "sector_code": alert.sector_code,
        "sector": alert.sector,
        "education_level": alert.education_level,
        "demand": alert.demand,
        "demand_previous": alert.demand_previous,
        "comparable": alert.comparable,
        "trend": alert.trend,
        "supply": alert.supply,
        "own_offers": alert.own_offers,
        "providers": _shown(alert.providers),
        "ratio": alert.ratio,
        "ratio_low": alert.ratio_low,
        "ratio_high": alert.ratio_high,
        "gap": alert.gap,
        "vacancies": _shown(alert.vacancies),
    }
    if text is not None:
        payload["text"] = text
    return payload
