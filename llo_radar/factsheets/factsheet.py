"""Factsheets: one page per arbeidsmarktregio (or any region) and one per opleider (subscription), built from the
same stored figures as the dashboard, with duiding written by the rules of ``duiding.yaml``.

A region's factsheet shows its largest published shortages and surpluses, the trend of the largest shortages,
the occupations whose courses miss most of what their jobs ask, and per gap what the evidence says and what the
region could do. An opleider's factsheet shows the gaps that match its subscription's interests (as gap alerts
match them), with how many of the supply are its own offers and what it could do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from alerts.rules import example_vacancies, same_provider, subscription_interests
from core import clock
from warehouse.indicators.gaps import API_DOCS, GapLine, read_gaps, stored_periods
from warehouse.indicators.profiles import ProfileLine, read_profiles
from warehouse.indicators.skill_gap import ALL
from warehouse.indicators.trace import Page, TracedVacancy, trace_cell
from warehouse.models import Region, Subscription
from warehouse.periods import parse_period

from ..dashboard.exceptions import NotFound
from ..dashboard.figures import SURE, Filters, RegionInfo, region_info, resolve_period
from .duiding import Audience, Duiding, Sentence

SHORTAGES, SURPLUSES, TRENDS, OCCUPATIONS, EXAMPLES = 8, 4, 3, 5, 3
"""How many of each a factsheet shows."""
GROWING = 0.1
"""Demand that grew this much (10%) against a comparable previous period counts as growing."""
PREVIOUS = {"week": "vorige week", "month": "vorige maand", "quarter": "vorig kwartaal"}


@dataclass(frozen=True, slots=True)
class FactsheetGap:
    """A gap on a factsheet, with its duiding and example vacancies."""

    __pydantic_config__ = API_DOCS

    line: GapLine
    evidence: list[Sentence]
    """What the figures say, each sentence with the rule that wrote it."""
    actions: list[Sentence]
    """What the reader could do."""
    examples: list[TracedVacancy]
    """A few of the vacancies behind the demand (one per job), with links to their pages."""
    own_offers: int | None = None
    """On an opleider's factsheet: how many of the supply are its own offers."""
    others: list[str] | None = None
    """On an opleider's factsheet: the other providers of the supply."""


@dataclass(frozen=True, slots=True)
class Factsheet:
    """A printable page of figures and duiding for a region or an opleider."""

    __pydantic_config__ = API_DOCS

    audience: Audience
    subject: str
    """The region's or the opleider's name."""
    period: str
    generated_at: dt.datetime
    regions: list[RegionInfo]
    """The region of a region's factsheet; the regions of an opleider's interests."""
    summary: list[Sentence]
    shortages: list[FactsheetGap]
    surpluses: list[FactsheetGap]
    trends: list[GapLine]
    """Demand of the largest shortages in every stored period of the same kind (small cells suppressed)."""
    occupation_gaps: list[ProfileLine]
    """Occupations in the region whose courses teach a skill much less often than their jobs ask for it."""
    rules: str
    """The duiding rules file that wrote the sentences."""


def region_factsheet(session: Session, code: str, duiding: Duiding, period: str | None = None) -> Factsheet:
    """The factsheet of region ``code`` for ``period`` (default: the latest stored month)."""
    period = resolve_period(session, Filters(period=period))
    region = region_info(session, period, code)
    shortages = read_gaps(session, period, region=code, limit=None)
    surpluses = read_gaps(session, period, region=code, direction="surplus", limit=SURPLUSES)
    items = {
        name: [_gap(session, duiding, "regio", line)[0] for line in lines]
        for name, lines in (("shortages", shortages[:SHORTAGES]), ("surpluses", surpluses))
    }
    figures = _summary_figures(region.name, period, shortages, surpluses) | {
        "jobs": region.jobs,
        "offers": region.offers,
    }
    return Factsheet(
        audience="regio",
        subject=region.name,
        period=period,
        generated_at=clock.now(),
        regions=[region],
        summary=duiding.summary("regio", figures),
        trends=_trends(session, period, shortages[:TRENDS]),
        occupation_gaps=read_profiles(session, period, region=code, limit=OCCUPATIONS),
        rules=duiding.source,
        **items,
    )


def provider_factsheet(session: Session, name: str, duiding: Duiding, period: str | None = None) -> Factsheet:
    """The factsheet of the opleider subscribed as ``name`` (case ignored): the gaps its interests match."""
    subscription = session.scalar(
        select(Subscription)
        .where(func.lower(Subscription.name) == name.strip().lower())
        .options(selectinload(Subscription.interests))
    )
    if subscription is None:
        raise NotFound(f"No subscription {name!r}: 'llo-radar subscribe list' shows the opleiders subscribed")
    period = resolve_period(session, Filters(period=period))
    interests = subscription_interests(session, subscription)
    codes = sorted(interests.regions, key=lambda code: (code != "NL", code))
    regions = [region_info(session, period, code) for code in codes if session.get(Region, code) is not None]
    matching = {
        direction: [
            line
            for line in read_gaps(
                session,
                period,
                region=codes,
                sector=None if interests.sectors else ALL,
                education_level=None if interests.levels else ALL,
                direction=direction,
                limit=None,
            )
            if interests.matches(line, line.skill_group, line.skill_type)
        ]
        for direction in ("shortage", "surplus")
    }
    shown = {"shortage": matching["shortage"][:SHORTAGES], "surplus": matching["surplus"][:SURPLUSES]}
    gaps = {
        direction: [_gap(session, duiding, "opleider", line, subscription.name) for line in lines]
        for direction, lines in shown.items()
    }
    shortages, surpluses = ([item for item, _ in gaps[direction]] for direction in ("shortage", "surplus"))
    own_offers = {offer for _, own in (*gaps["shortage"], *gaps["surplus"]) for offer in own}
    figures = _summary_figures(subscription.name, period, matching["shortage"], matching["surplus"]) | {
        "regions": [region.name for region in regions],
        "own_offers": len(own_offers),
    }
    return Factsheet(
        audience="opleider",
        subject=subscription.name,
        period=period,
        generated_at=clock.now(),
        regions=regions,
        summary=duiding.summary("opleider", figures),
        shortages=shortages,
        surpluses=surpluses,
        trends=_trends(session, period, matching["shortage"][:TRENDS]),
        occupation_gaps=[],
        rules=duiding.source,
    )


def _previous(period: str) -> str:
    return PREVIOUS[parse_period(period).kind]


def _summary_figures(subject: str, period: str, shortages: list[GapLine], surpluses: list[GapLine]) -> dict[str, Any]:
    lines = [*shortages, *surpluses]
    return {
        "subject": subject,
        "period": period,
        "previous": _previous(period),
        "comparable": all(line.comparable for line in lines),
        "shortages": shortages[:SHORTAGES],
        "surpluses": surpluses[:SURPLUSES],
        "sure": sum(line.ratio_low is not None and line.ratio_low >= SURE for line in shortages),
        "no_supply": list(dict.fromkeys(line.skill for line in shortages if line.supply == 0))[:5],
        "growing": sorted(
            (line for line in shortages if line.trend is not None and line.trend >= GROWING),
            key=lambda line: -line.trend,
        ),
    }


def gap_figures(line: GapLine) -> dict[str, Any]:
    """The figures of a gap line as the duiding rules see them."""
    return {field.name: getattr(line, field.name) for field in fields(line)} | {"previous": _previous(line.period)}


def _gap(
    session: Session, duiding: Duiding, audience: Audience, line: GapLine, provider: str | None = None
) -> tuple[FactsheetGap, set[int]]:
    """A gap with its duiding and example vacancies; and, for an opleider, the ids of its own offers among the
    supply."""
    # The first few jobs give the examples; an opleider's factsheet needs every offer (its own and the others).
    trace = trace_cell(session, line.cell_id, jobs=Page(0, EXAMPLES), offers=None if provider else Page(0, 0))
    figures = gap_figures(line)
    own_offers, others, own_ids = None, None, set()
    if provider is not None:
        own = same_provider(provider)
        own_ids = {offer.offer_id for offer in trace.offers if own(offer.provider)}
        own_offers = len(own_ids)
        others = sorted({offer.provider for offer in trace.offers if offer.provider and not own(offer.provider)})
        figures |= {"provider": provider, "own_offers": own_offers, "others": others}
    item = FactsheetGap(
        line=line,
        evidence=duiding.evidence(figures),
        actions=duiding.actions(audience, figures),
        examples=example_vacancies(trace, EXAMPLES),
        own_offers=own_offers,
        others=others,
    )
    return item, own_ids


def _trends(session: Session, period: str, lines: list[GapLine]) -> list[GapLine]:
    """Each line's cell in every stored period of the same kind up to ``period``, oldest first."""
    kind = parse_period(period).kind
    same_kind = [p.label for p in stored_periods(session, kind) if p.start <= parse_period(period).start]
    return [
        trend
        for line in lines
        for trend in read_gaps(
            session,
            same_kind,
            region=line.region_code,
            sector=line.sector_code,
            education_level=line.education_level,
            skill=line.skill_id,
            direction=None,
            small="suppress",
            limit=None,
        )
    ]
