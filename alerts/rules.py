"""The alert rule: after each aggregation, which published gap cells matter to which subscription.

A cell of the latest stored period of the rule's kind is a shortage when it is published (not ``small_cell``) and
meets the thresholds of demand, gap and confidence (the lower bound of the ratio's 95% interval, defined when
supply is 0 too). A shortage whose demand also grows enough (``trend``, see ``growing``) raises an alert for each
subscription it matches, unless one was raised for that cell before and the gap has not grown since; a shortage
whose gap grew since its alert was raised raises it again. An alert is resolved when its cell is no longer a
shortage (growth does not decide that: a shortage with slightly less demand than last month is still one).
Thresholds come from the settings ``LLO_RADAR_ALERT_*``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, func, literal, or_, select
from sqlalchemy.orm import Session

from core import clock
from warehouse.indicators.gaps import GapLine, skill_name
from warehouse.indicators.skill_gap import ALL
from warehouse.indicators.trace import CellTrace, Page, TracedVacancy, trace_cell
from warehouse.models import Alert, AlertDelivery, MismatchResult, Region, RegionMembership, Sector, Skill, Subscription
from warehouse.models.region import RegionLevel
from warehouse.periods import PeriodKind

from .states import change_state
from .subscriptions import interests_of, list_subscriptions

EXAMPLE_VACANCIES = 3


@dataclass(frozen=True, slots=True)
class AlertRule:
    """Thresholds a published cell must meet to raise an alert; each field is the setting ``alert_<field>``."""

    period_kind: PeriodKind
    min_demand: int
    min_gap: int
    min_growth: float
    min_ratio_low: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A qualifying cell with the names and skill classification needed to match and describe it."""

    cell: MismatchResult
    skill: str
    skill_group: str
    skill_type: str
    skill_linked: bool
    """A taxonomy concept; false for an unlinked term (the alert names it as such)."""
    region: str
    sector: str
    grows: bool
    """Whether its demand passes the growth test, which a new alert needs."""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The cell without its period: skill, region, sector, level."""
        c = self.cell
        return c.skill_id, c.region_code, c.sector_code, c.education_level


@dataclass
class Evaluation:
    """What one evaluation of the rule did."""

    period: str | None
    raised: int = 0
    """Alerts raised for a cell for the first time, or again after they were resolved."""
    worse: int = 0
    """Alerts raised again because the gap grew."""
    resolved: int = 0
    unchanged: int = 0
    """Matching cells already alerted whose gap did not grow: not sent again."""


@dataclass(frozen=True)
class Interests:
    """A subscription's interests, resolved: what it names of each kind (regions include the arbeidsmarktregio of
    each gemeente named)."""

    skills: set[str]
    skill_groups: set[str]
    skill_types: set[str]
    sectors: set[str]
    regions: set[str]
    levels: set[str]

    def match(self, candidate: Candidate) -> bool:
        """Whether a candidate's cell interests the subscription (see ``matches``)."""
        return self.matches(candidate.cell, candidate.skill_group, candidate.skill_type)

    def matches(self, cell: MismatchResult | GapLine, skill_group: str, skill_type: str) -> bool:
        """Skills: any named skill, group or type (none named: every skill). Regions: the named ones. Sector and
        level: a profile gets the cells that cross exactly the dimensions it names: a profile naming sectors gets
        those sectors' cells of all levels, one naming levels those levels' cells of all sectors, one naming both
        the cells of those sectors at those levels, one naming neither the cells of all sectors and levels; so
        nobody gets the same gap twice."""
        skills_named = self.skills or self.skill_groups or self.skill_types
        if skills_named and not (
            cell.skill_id in self.skills or skill_group in self.skill_groups or skill_type in self.skill_types
        ):
            return False
        if cell.region_code not in self.regions:
            return False
        sector_ok = cell.sector_code in self.sectors if self.sectors else cell.sector_code == ALL
        level_ok = cell.education_level in self.levels if self.levels else cell.education_level == ALL
        return sector_ok and level_ok


def latest_period(session: Session, kind: PeriodKind) -> str | None:
    """The most recent stored period of ``kind`` (labels of one kind sort in time order)."""
    return session.scalar(select(func.max(MismatchResult.period)).where(MismatchResult.period_kind == kind))


def growing(min_growth: float) -> ColumnElement[bool]:
    """The growth test: demand grew by at least ``min_growth`` against a comparable previous period, or is new
    there (no demand before); a cell without a comparable previous period has unknown growth, which passes only a
    threshold of 0 or less."""
    r = MismatchResult
    new = and_(r.comparable, r.demand_previous == 0)
    return or_(r.trend >= min_growth, new, and_(~r.comparable, literal(min_growth <= 0)))


def shortages(session: Session, rule: AlertRule, period: str) -> list[Candidate]:
    """The published cells of ``period`` that meet the rule's demand, gap and confidence thresholds, each with
    whether it also passes the growth test."""
    r = MismatchResult
    query = (
        select(
            r, Skill.label, Skill.group, Skill.type, Skill.linked, Region.name, Sector.name, growing(rule.min_growth)
        )
        .join(Skill, Skill.id == r.skill_id)
        .join(Region, Region.code == r.region_code)
        .join(Sector, Sector.code == r.sector_code)
        .where(r.period == period, r.small_cell.is_(False))
        .where(r.demand >= rule.min_demand, r.gap >= rule.min_gap, r.ratio_low >= rule.min_ratio_low)
        .order_by(r.gap.desc(), r.skill_id, r.region_code, r.sector_code, r.education_level)
    )
    return [
        Candidate(cell, skill, group, skill_type, linked, region, sector, grows=bool(grows))
        for cell, skill, group, skill_type, linked, region, sector, grows in session.execute(query)
    ]


def evaluate(session: Session, rule: AlertRule, now: dt.datetime | None = None) -> Evaluation:
    """Raise, raise again or resolve the alerts of every subscription for the latest period of the rule's kind."""
    now = now or clock.now()
    period = latest_period(session, rule.period_kind)
    result = Evaluation(period)
    if period is None:  # nothing aggregated yet: no reason to resolve anything
        return result
    candidates = shortages(session, rule, period)
    for subscription in list_subscriptions(session):
        interests = subscription_interests(session, subscription)
        alerts = {
            (a.skill_id, a.region_code, a.sector_code, a.education_level): a
            for a in session.scalars(
                select(Alert).where(Alert.subscription_id == subscription.id, Alert.period_kind == rule.period_kind)
            )
        }
        matched = set()
        for candidate in filter(interests.match, candidates):
            matched.add(candidate.key)
            alert = alerts.get(candidate.key)
            if alert is None:
                if not candidate.grows:
                    continue
                alert = Alert(subscription_id=subscription.id, period_kind=rule.period_kind, state="new")
                _raise(session, alert, candidate, subscription, now)
                session.add(alert)  # only now: the trace's queries would flush it half-filled
                result.raised += 1
            elif alert.state == "muted":
                continue
            elif alert.state == "resolved":
                if candidate.grows:
                    _raise(session, alert, candidate, subscription, now)
                    result.raised += 1
            elif candidate.cell.gap > alert.gap:
                _raise(session, alert, candidate, subscription, now)
                result.worse += 1
            else:
                result.unchanged += 1
        for key, alert in alerts.items():
            if key not in matched and alert.state not in ("muted", "resolved"):
                change_state(alert, "resolved", now)
                result.resolved += 1
    session.flush()
    return result


def subscription_interests(session: Session, subscription: Subscription) -> Interests:
    """The interests of a subscription, resolved against the warehouse."""
    regions = interests_of(subscription, "region")
    # Gemeente cells exist only when aggregated with --level gemeente: a gemeente also means its
    # arbeidsmarktregio, the smallest area computed by default.
    areas = session.scalars(
        select(RegionMembership.region_code)
        .join(Region, Region.code == RegionMembership.region_code)
        .where(RegionMembership.gemeente_code.in_(regions), Region.level == RegionLevel.LABOUR_MARKET_REGION)
    )
    return Interests(
        skills=interests_of(subscription, "skill"),
        skill_groups=interests_of(subscription, "skill_group"),
        skill_types=interests_of(subscription, "skill_type"),
        sectors=interests_of(subscription, "sector"),
        regions=regions | set(areas),
        levels=interests_of(subscription, "education_level"),
    )


def _raise(session: Session, alert: Alert, candidate: Candidate, subscription: Subscription, now: dt.datetime) -> None:
    """Store the cell's current figures in the alert and make it new, to be delivered again on every channel."""
    cell = candidate.cell
    trace = trace_cell(session, cell.key, jobs=Page(0, EXAMPLE_VACANCIES))  # every offer: own and others
    alert.skill_id, alert.region_code = cell.skill_id, cell.region_code
    alert.sector_code, alert.education_level = cell.sector_code, cell.education_level
    alert.skill = skill_name(candidate.skill, linked=candidate.skill_linked)
    alert.region, alert.sector = candidate.region, candidate.sector
    alert.period, alert.demand, alert.demand_previous, alert.comparable, alert.trend = (
        cell.period, cell.demand, cell.demand_previous, cell.comparable, cell.trend,
    )  # fmt: skip
    alert.supply, alert.gap = cell.supply, cell.gap
    alert.ratio, alert.ratio_low, alert.ratio_high = cell.ratio, cell.ratio_low, cell.ratio_high
    own = same_provider(subscription.name)
    alert.own_offers = sum(own(offer.provider) for offer in trace.offers)
    alert.providers = sorted({o.provider for o in trace.offers if o.provider and not own(o.provider)})
    alert.vacancies = [{"title": v.title, "employer": v.employer, "url": v.url} for v in example_vacancies(trace)]
    alert.raised_at = now
    alert.state, alert.state_changed_at = "new", now
    if alert.id is not None:
        session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id == alert.id))


def same_provider(name: str) -> Callable[[str | None], bool]:
    """Whether an offer's provider is the opleider ``name`` (as written, case and surrounding spaces ignored)."""
    wanted = name.strip().casefold()
    return lambda provider: bool(provider and provider.strip().casefold() == wanted)


def example_vacancies(trace: CellTrace, count: int = EXAMPLE_VACANCIES) -> list[TracedVacancy]:
    """One vacancy per job (the first published), for the first ``count`` jobs."""
    examples: dict[int, TracedVacancy] = {}
    for vacancy in trace.vacancies:
        if vacancy.job_id not in examples and len(examples) < count:
            examples[vacancy.job_id] = vacancy
    return list(examples.values())
