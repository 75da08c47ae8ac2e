"""Subscriptions of opleiders: a profile (name, channels, interests) checked, stored and listed.

A YAML file (``llo-radar subscribe load``) or the CLI (``llo-radar subscribe add``) gives profiles; both go
through ``SubscriptionConfig`` and ``save_subscription``, an upsert on the name. Interests are checked against
the warehouse (known skills, groups, types, sectors, regions, levels) and stored as codes. Errors name the
entry and the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core import clock
from core.dutch.places import gemeente_code
from warehouse.models import EducationLevel, Region, Sector, Skill, Subscription, SubscriptionInterest
from warehouse.reference import COUNTRY

from .channels.webhook import check_webhook_url
from .exceptions import BadSubscription, UnknownSubscription

INTEREST_KINDS = ("skill", "skill_group", "skill_type", "sector", "region", "education_level")
_FIELDS = {  # interest kind -> field of SubscriptionConfig
    "skill": "skills",
    "skill_group": "skill_groups",
    "skill_type": "skill_types",
    "sector": "sectors",
    "region": "regions",
    "education_level": "education_levels",
}


class SubscriptionConfig(BaseModel):
    """An opleider's profile as written in a subscriptions file or given to ``subscribe add``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300, description="The opleider, as its offers name the provider")
    email: str | None = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="E-mail address")
    webhook: str | None = Field(
        None, max_length=1000, pattern=r"^https?://\S+$", description="URL that gets a JSON POST"
    )
    file: str | None = Field(
        None, min_length=1, max_length=1000, description="File to append to: *.txt text, else JSON lines"
    )
    skills: list[str] = Field(default_factory=list, description="Skill ids (llo:wondzorg) or labels")
    skill_groups: list[str] = Field(default_factory=list, description="Taxonomy groups (zorg, data, ...)")
    skill_types: list[str] = Field(default_factory=list, description="skill, knowledge, certificate, ...")
    sectors: list[str] = Field(default_factory=list, description="SBI section letters (Q, F, ...)")
    regions: list[str] = Field(default_factory=lambda: [COUNTRY], description="Region codes or gemeente names")
    education_levels: list[str] = Field(default_factory=list, description="MBO 4, HBO, ...")
    digest: Literal["weekly"] | None = Field(None, description="weekly: one bundled message a week")

    @field_validator("sectors")
    @classmethod
    def _upper_sectors(cls, sectors: list[str]) -> list[str]:
        return [sector.strip().upper() for sector in sectors]

    @model_validator(mode="after")
    def _reachable(self) -> SubscriptionConfig:
        if not (self.email or self.webhook or self.file):
            raise ValueError("give at least one channel: email, webhook or file")
        return self


class SubscriptionsFile(BaseModel):
    """A subscriptions file: a list of profiles."""

    model_config = ConfigDict(extra="forbid")

    subscriptions: list[SubscriptionConfig] = Field(default_factory=list)


def read_subscriptions(path: Path) -> list[SubscriptionConfig]:
    """The profiles of a YAML file; ``BadSubscription`` names the entry and field of the first problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise BadSubscription(f"Cannot read subscriptions file {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise BadSubscription(f"Subscriptions file {path} is not valid YAML: {error}") from error
    try:
        parsed = SubscriptionsFile.model_validate(data)
    except ValidationError as error:
        raise BadSubscription(f"Subscriptions file {path}: {_describe(error, data)}") from error
    names = [entry.name for entry in parsed.subscriptions]
    for number, name in enumerate(names, start=1):
        if name in names[: number - 1]:
            raise BadSubscription(f"Subscriptions file {path}: entry {number} ({name}): name: given twice")
    return parsed.subscriptions


def _describe(error: ValidationError, data: object) -> str:
    first = error.errors()[0]
    location = list(first["loc"])
    index = location[1] if location[:1] == ["subscriptions"] and len(location) > 1 else None
    if not isinstance(index, int):
        return f"{'.'.join(str(part) for part in location) or 'file'}: {first['msg']}"
    entries = data.get("subscriptions") if isinstance(data, dict) else None
    entry = entries[index] if isinstance(entries, list) else None
    name = entry.get("name") if isinstance(entry, dict) else None
    label = f"entry {index + 1} ({name})" if name else f"entry {index + 1}"
    field = ".".join(str(part) for part in location[2:]) or "(entry)"
    return f"{label}: {field}: {first['msg']}"


def save_subscription(
    session: Session, config: SubscriptionConfig, *, entry: str | None = None, allow_private_webhooks: bool = False
) -> Subscription:
    """Insert or update the subscription named ``config.name`` with its interests resolved to codes; ``entry``
    names it in errors (e.g. "entry 2 (Vakacademie)"). A webhook to a private address is refused unless
    ``allow_private_webhooks`` (setting ``LLO_RADAR_WEBHOOK_ALLOW_PRIVATE``)."""
    label = entry or config.name
    if config.webhook:
        try:
            check_webhook_url(config.webhook, allow_private=allow_private_webhooks)
        except ValueError as error:
            raise BadSubscription(f"{label}: webhook: {error}") from None
    interests = {(kind, code) for kind in INTEREST_KINDS for code in _resolve(session, kind, config, label)}
    subscription = session.scalar(
        select(Subscription).where(Subscription.name == config.name).options(selectinload(Subscription.interests))
    )
    if subscription is None:
        subscription = Subscription(name=config.name, created_at=clock.now())
        session.add(subscription)
    subscription.email, subscription.webhook_url, subscription.file_path = config.email, config.webhook, config.file
    subscription.digest = config.digest
    subscription.interests = [SubscriptionInterest(kind=kind, value=value) for kind, value in sorted(interests)]
    session.flush()
    return subscription


def load_subscriptions(session: Session, path: Path, *, allow_private_webhooks: bool = False) -> list[Subscription]:
    """Save every profile of a YAML file (an upsert by name: loading it again changes nothing)."""
    configs = read_subscriptions(path)
    return [
        save_subscription(
            session,
            config,
            entry=f"Subscriptions file {path}: entry {number} ({config.name})",
            allow_private_webhooks=allow_private_webhooks,
        )
        for number, config in enumerate(configs, start=1)
    ]


def list_subscriptions(session: Session) -> list[Subscription]:
    """All subscriptions with their interests, by name."""
    query = select(Subscription).options(selectinload(Subscription.interests)).order_by(Subscription.name)
    return list(session.scalars(query))


def remove_subscription(session: Session, name: str) -> None:
    """Delete a subscription with its alerts and their deliveries: no more alerts reach it."""
    subscription = session.scalar(select(Subscription).where(Subscription.name == name))
    if subscription is None:
        known = ", ".join(s.name for s in list_subscriptions(session)) or "none"
        raise UnknownSubscription(f"No subscription named {name!r}; the subscriptions are: {known}")
    session.delete(subscription)
    session.flush()


def interests_of(subscription: Subscription, kind: str) -> set[str]:
    """The codes of one kind of interest of a subscription."""
    return {interest.value for interest in subscription.interests if interest.kind == kind}


def _resolve(session: Session, kind: str, config: SubscriptionConfig, label: str) -> list[str]:
    """The codes of the values of one interest field; unknown values are an error naming entry and field."""
    field = _FIELDS[kind]
    codes = []
    for value in getattr(config, field):
        code = _lookup(session, kind, value.strip())
        if code is None:
            raise BadSubscription(f"{label}: {field}: unknown {kind.replace('_', ' ')} {value!r}")
        codes.append(code)
    return codes


def _lookup(session: Session, kind: str, value: str) -> str | None:
    if kind == "skill":
        return session.scalar(
            select(Skill.id).where((Skill.id == value) | (func.lower(Skill.label) == value.lower())).limit(1)
        )
    if kind in ("skill_group", "skill_type"):
        column = Skill.group if kind == "skill_group" else Skill.type
        return value if session.scalar(select(column).where(column == value).limit(1)) else None
    if kind == "sector":
        return value if value != "*" and session.get(Sector, value) is not None else None
    if kind == "education_level":
        return session.scalar(select(EducationLevel.code).where(func.lower(EducationLevel.code) == value.lower()))
    region = session.get(Region, value.upper())
    return region.code if region else gemeente_code(value)


def describe_interests(subscription: Subscription) -> str:
    """Interests in one line, e.g. ``skill llo:wondzorg; region AM18``."""
    parts: dict[str, list[str]] = {}
    for interest in subscription.interests:
        parts.setdefault(interest.kind.replace("_", " "), []).append(interest.value)
    return "; ".join(f"{kind} {', '.join(values)}" for kind, values in parts.items())


def channels_of(subscription: Subscription) -> Iterable[tuple[str, str]]:
    """The configured channels of a subscription as (channel name, address)."""
    for channel, address in (
        ("email", subscription.email),
        ("webhook", subscription.webhook_url),
        ("file", subscription.file_path),
    ):
        if address:
            yield channel, address


def subscription_summary(subscription: Subscription) -> dict[str, object]:
    """A subscription as a listing shows it: name, channels (the e-mail address and file; a webhook only by
    name, since its URL often carries a token), interests per kind and digest."""
    interests: dict[str, list[str]] = {}
    for interest in subscription.interests:
        interests.setdefault(_FIELDS[interest.kind], []).append(interest.value)
    return {
        "name": subscription.name,
        "channels": [channel for channel, _ in channels_of(subscription)],
        "email": subscription.email,
        "file": subscription.file_path,
        "interests": interests,
        "digest": subscription.digest,
    }
