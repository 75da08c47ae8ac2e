"""The review queue of unlinked terms: the skills texts name that no taxonomy concept matches, with how many
vacancies ask for each in a period and the period before (the trend), how many offers teach it, and examples.

A term the reviewer accepts (``llo-radar skills accept``) becomes a synonym or concept in the user's taxonomy and
is linked from the next extraction on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import Offer, OfferSkill, Skill, Vacancy, VacancySkill
from ..periods import Period
from .activity import bounds, offer_active


@dataclass
class EmergingTermLine:
    """An unlinked term in a period."""

    skill_id: str
    """``term:<normalised term>``."""
    term: str
    type: str
    esco_uri: str | None
    vacancies: int
    """Vacancies open in the period that ask for it."""
    vacancies_previous: int
    """The same in the period before."""
    offers: int
    """Offers listed in the period that teach it."""
    examples: list[str] = field(default_factory=list)
    """How vacancies write it (``matched_text``), with their title."""

    @property
    def trend(self) -> float | None:
        """Growth of the vacancies asking for it against the period before; None when none did then."""
        return self.vacancies / self.vacancies_previous - 1 if self.vacancies_previous else None


def _vacancy_open(period: Period):
    limits = bounds(period)
    return and_(
        Vacancy.first_seen < limits.end_at,
        or_(Vacancy.closed_at.is_(None), Vacancy.closed_at >= limits.start_at),
        or_(Vacancy.valid_through.is_(None), Vacancy.valid_through >= limits.starts),
    )


def read_emerging_terms(
    session: Session, period: Period, *, min_count: int = 2, limit: int = 30, examples: int = 3
) -> list[EmergingTermLine]:
    """The unlinked terms that at least ``min_count`` vacancies open in ``period`` ask for, most asked first."""

    def demand(in_period: Period):
        return (
            select(VacancySkill.skill_id, func.count(func.distinct(VacancySkill.vacancy_id)).label("count"))
            .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id)
            .join(Skill, Skill.id == VacancySkill.skill_id)
            .where(Skill.linked.is_(False), _vacancy_open(in_period))
            .group_by(VacancySkill.skill_id)
            .subquery()
        )

    now, before = demand(period), demand(period.previous())
    supply = (
        select(OfferSkill.skill_id, func.count(func.distinct(OfferSkill.offer_id)).label("count"))
        .join(Offer, Offer.id == OfferSkill.offer_id)
        .where(offer_active(bounds(period)))
        .group_by(OfferSkill.skill_id)
        .subquery()
    )
    query = (
        select(
            Skill.id,
            Skill.label,
            Skill.type,
            Skill.esco_uri,
            now.c.count,
            func.coalesce(before.c.count, 0),
            func.coalesce(supply.c.count, 0),
        )
        .join(now, now.c.skill_id == Skill.id)
        .outerjoin(before, before.c.skill_id == Skill.id)
        .outerjoin(supply, supply.c.skill_id == Skill.id)
        .where(now.c.count >= min_count)
        .order_by(now.c.count.desc(), Skill.id)
        .limit(limit)
    )
    lines = [EmergingTermLine(*row) for row in session.execute(query)]
    for line in lines:
        rows = session.execute(
            select(VacancySkill.matched_text, Vacancy.title)
            .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id)
            .where(VacancySkill.skill_id == line.skill_id, _vacancy_open(period))
            .order_by(Vacancy.id)
            .limit(examples)
        )
        line.examples = [f"{text} ({title})" for text, title in rows]
    return lines


def term_spellings(session: Session, skill_id: str) -> list[str]:
    """How vacancies and offers write an unlinked term, most often first."""
    spellings: dict[str, int] = {}
    for model in (VacancySkill, OfferSkill):
        rows = session.execute(
            select(model.matched_text, func.count()).where(model.skill_id == skill_id).group_by(model.matched_text)
        )
        for text, count in rows:
            spellings[text] = spellings.get(text, 0) + count
    return sorted(spellings, key=lambda text: -spellings[text])
