"""Duiding: the plain-Dutch interpretation on the factsheets, written by rules that are data.

A rules file (YAML, the bundled ``duiding.yaml`` or the setting ``LLO_RADAR_DUIDING_RULES``) lists rules in three
parts: ``summary`` (the opening sentences of a factsheet), ``evidence`` (what the figures of one gap say) and
``actions`` (what the reader could do about it), the last two per audience (``regio``, ``opleider``). A rule has
an ``id``, a ``topic``, a condition ``when`` (a Jinja expression over the figures) and a ``text`` (a Jinja
template). Of the rules whose condition holds, the first of each topic writes a sentence, in file order. The
expressions and templates run in Jinja's sandbox: a rules file can read the figures it is given and nothing
else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alerts.messages import number, percent

from ..exceptions import LloRadarError

BUNDLED_DUIDING_RULES = Path(__file__).parent / "duiding.yaml"
Audience = Literal["regio", "opleider"]
AUDIENCES: tuple[Audience, ...] = ("regio", "opleider")


class BadRules(LloRadarError):
    """A duiding rules file that cannot be used: named with the rule and what is wrong."""


class Rule(BaseModel):
    """One rule: when its condition holds (and no earlier rule of its topic did), it writes its text."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, description="Unique name, shown next to the sentence it wrote")
    topic: str = Field(min_length=1, description="Of the rules of one topic, only the first that holds writes")
    when: str = Field("true", description="Jinja expression over the figures")
    text: str = Field(min_length=1, description="Jinja template of the sentence")


class RulesFile(BaseModel):
    """A duiding rules file."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    summary: dict[Audience, list[Rule]]
    evidence: list[Rule]
    actions: dict[Audience, list[Rule]]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of duiding and the rule that wrote it."""

    rule: str
    text: str


def points(value: float) -> str:
    """A difference of two shares in percentage points.

    >>> points(0.123), points(-0.05)
    ('+12 procentpunt', '-5 procentpunt')
    """
    return f"{value * 100:+.0f} procentpunt"


def share_text(value: float) -> str:
    """A share as a whole percentage.

    >>> share_text(0.426)
    '43%'
    """
    return f"{value:.0%}"


def plural(count: int, one: str, many: str) -> str:
    """``count`` with the Dutch singular or plural noun.

    >>> plural(1, "vacature", "vacatures"), plural(3, "opleiding", "opleidingen")
    ('1 vacature', '3 opleidingen')
    """
    return f"{count} {one if count == 1 else many}"


def _environment() -> SandboxedEnvironment:
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    environment.filters.update(number=number, percent=percent, points=points, share=share_text)
    environment.globals.update(plural=plural)
    return environment


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: Rule
    holds: Callable[..., Any]
    render: Callable[..., str]


class Duiding:
    """The rules of a file, compiled once; each method returns the sentences for the figures it is given."""

    def __init__(self, rules: RulesFile, source: str) -> None:
        environment = _environment()

        def compiled(part: str, rule_list: list[Rule]) -> list[_Compiled]:
            result = []
            for rule in rule_list:
                try:
                    holds = environment.compile_expression(rule.when, undefined_to_none=False)
                    render = environment.from_string(rule.text).render
                except TemplateError as exc:
                    raise BadRules(f"Duiding rules {source}: {part} rule {rule.id}: {exc}") from exc
                result.append(_Compiled(rule, holds, render))
            return result

        ids = [rule.id for part in (rules.evidence, *rules.summary.values(), *rules.actions.values()) for rule in part]
        doubles = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if doubles:
            raise BadRules(f"Duiding rules {source}: rule ids given twice: {', '.join(doubles)}")
        self.source = source
        self._evidence = compiled("evidence", rules.evidence)
        self._summary = {audience: compiled("summary", rules.summary.get(audience, [])) for audience in AUDIENCES}
        self._actions = {audience: compiled("actions", rules.actions.get(audience, [])) for audience in AUDIENCES}

    def summary(self, audience: Audience, figures: Mapping[str, Any]) -> list[Sentence]:
        """The opening sentences of a factsheet for ``audience``."""
        return self._write(self._summary[audience], figures)

    def evidence(self, figures: Mapping[str, Any]) -> list[Sentence]:
        """What the figures of one gap say."""
        return self._write(self._evidence, figures)

    def actions(self, audience: Audience, figures: Mapping[str, Any]) -> list[Sentence]:
        """What ``audience`` could do about one gap."""
        return self._write(self._actions[audience], figures)

    def _write(self, rules: list[_Compiled], figures: Mapping[str, Any]) -> list[Sentence]:
        written, topics = [], set()
        for compiled in rules:
            if compiled.rule.topic in topics:
                continue
            try:
                if not compiled.holds(**figures):
                    continue
                text = " ".join(compiled.render(**figures).split())
            except (TemplateError, TypeError) as exc:  # a name the figures lack, or arithmetic on a missing value
                raise BadRules(f"Duiding rules {self.source}: rule {compiled.rule.id}: {exc}") from exc
            topics.add(compiled.rule.topic)
            written.append(Sentence(compiled.rule.id, text))
        return written


@lru_cache(maxsize=4)
def load_duiding(path: Path = BUNDLED_DUIDING_RULES) -> Duiding:
    """The compiled rules of a file; ``BadRules`` names the file, rule and problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadRules(f"Cannot read duiding rules {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise BadRules(f"Duiding rules {path} are not valid YAML: {exc}") from exc
    try:
        rules = RulesFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise BadRules(f"Duiding rules {path}: {where}: {first['msg']}") from exc
    return Duiding(rules, str(path))
