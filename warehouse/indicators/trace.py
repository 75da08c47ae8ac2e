"""Traceability: the jobs (with their vacancies) and offers behind a stored skill gap cell.

The same conditions as the computation select them (``skill_gap.job_active`` and friends), so the number of
jobs traced is the cell's demand and the number of offers its supply.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..exceptions import WarehouseError
from ..models import Job, JobSkill, MismatchResult, Offer, OfferLocation, OfferSkill, RegionMembership, Vacancy
from ..periods import parse_period
from ..reference import COUNTRY
from .skill_gap import ALL, ONLINE, bounds, job_active, offer_active


class UnknownCell(WarehouseError):
    """No stored skill gap cell has the id asked for."""


@dataclass(frozen=True, slots=True)
class TracedVacancy:
    """A vacancy publishing a traced job."""

    job_id: int
    vacancy_id: int
    title: str
    employer: str | None
    url: str
    duplicate_reason: str | None


@dataclass(frozen=True, slots=True)
class TracedOffer:
    """An offer counted as supply of a traced cell."""

    offer_id: int
    title: str
    provider: str | None
    url: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class CellTrace:
    """A cell and what it rests on."""

    cell: MismatchResult
    vacancies: list[TracedVacancy]
    offers: list[TracedOffer]

    @property
    def jobs(self) -> int:
        """Unique jobs behind the demand."""
        return len({vacancy.job_id for vacancy in self.vacancies})


def trace_cell(session: Session, result_id: int) -> CellTrace:
    """The vacancies and offers behind stored cell ``result_id`` (``mismatch_results.id``)."""
    cell = session.get(MismatchResult, result_id)
    if cell is None:
        raise UnknownCell(f"No skill gap cell with id {result_id}; see the id column of v_skill_gap")
    period = parse_period(cell.period)
    in_region = (
        select(RegionMembership.gemeente_code).where(RegionMembership.region_code == cell.region_code)
    ).scalar_subquery()
    job_filters = [job_active(bounds(period)), JobSkill.skill_id == cell.skill_id]
    if cell.region_code != COUNTRY:
        job_filters.append(Job.gemeente_code.in_(in_region))
    if cell.sector_code != ALL:
        job_filters.append(Job.sector_code == cell.sector_code)
    if cell.education_level != ALL:
        job_filters.append(Job.education_level == cell.education_level)
    jobs = select(Job.id).join(JobSkill, JobSkill.job_id == Job.id).where(*job_filters)
    vacancies = session.execute(
        select(Vacancy.job_id, Vacancy.id, Vacancy.title, Vacancy.employer, Vacancy.url, Vacancy.duplicate_reason)
        .where(Vacancy.job_id.in_(jobs) | (Vacancy.job_id.is_(None) & Vacancy.id.in_(jobs)))
        .order_by(Vacancy.job_id, Vacancy.id)
    )
    offer_filters = [OfferSkill.skill_id == cell.skill_id, offer_active(bounds(period))]
    if cell.region_code != COUNTRY:  # the country has every offer; a region its own and the online ones
        located = select(OfferLocation.offer_id).where(OfferLocation.gemeente_code.in_(in_region))
        offer_filters.append(or_(ONLINE, Offer.id.in_(located)))
    offers = session.execute(
        select(Offer.id, Offer.title, Offer.provider, Offer.url, Offer.mode)
        .join(OfferSkill, OfferSkill.offer_id == Offer.id)
        .where(*offer_filters)
        .order_by(Offer.id)
    )
    return CellTrace(
        cell,
        [TracedVacancy(*row) for row in vacancies],
        [TracedOffer(*row) for row in offers],
    )
