"""Traceability: the jobs (with their vacancies) and offers behind a stored skill gap or occupation profile cell.

The same conditions as the computation select them (``skill_gap.job_active`` and friends), so the number of
jobs traced is the cell's demand and the number of offers its supply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from ..exceptions import WarehouseError
from ..models import (
    Job,
    JobSkill,
    MismatchResult,
    OccupationResult,
    Offer,
    OfferLocation,
    OfferSkill,
    RegionMembership,
    Skill,
    Vacancy,
)
from ..models.mismatch import CellKey
from ..models.occupation import OccupationCellKey
from ..periods import parse_period
from ..reference import COUNTRY
from .activity import ONLINE, bounds, job_active, offer_active, offer_meets_level
from .gaps import skill_name
from .skill_gap import ALL


class UnknownCell(WarehouseError):
    """No stored skill gap cell has the id asked for."""


def find_cell(session: Session, key: CellKey | str) -> MismatchResult:
    """The stored cell a key (or its text ``period/region/sector/level/skill``) names."""
    try:
        key = key if isinstance(key, CellKey) else CellKey.parse(key)
    except ValueError as exc:
        raise UnknownCell(str(exc)) from None
    cell = session.scalars(select(MismatchResult).filter_by(**key._asdict())).first()
    if cell is None:
        raise UnknownCell(
            f"No skill gap cell {key}; see the cell_id column of v_skill_gap (is period {key.period} aggregated?)"
        )
    return cell


class Page(NamedTuple):
    """A slice of a long list: ``size`` items from number ``start`` (0 is the first)."""

    start: int
    size: int


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

    cell: MismatchResult | OccupationResult
    vacancies: list[TracedVacancy]
    offers: list[TracedOffer]
    skill: str = ""
    """The skill's name, marked when it is an unlinked term (``gaps.skill_name``)."""

    @property
    def jobs(self) -> int:
        """Unique jobs behind the demand."""
        return len({vacancy.job_id for vacancy in self.vacancies})


def trace_cell(session: Session, key: CellKey | str, jobs: Page | None = None, offers: Page | None = None) -> CellTrace:
    """The vacancies and offers behind the stored cell ``key`` (``v_skill_gap.cell_id``): all of them, or one page
    of the ``jobs`` (with all their vacancies) and one of the ``offers``."""
    cell = find_cell(session, key)
    job_filters, offer_filters = [], []
    if cell.sector_code != ALL:
        job_filters.append(Job.sector_code == cell.sector_code)
    if cell.education_level != ALL:
        job_filters.append(Job.education_level == cell.education_level)
        offer_filters.append(offer_meets_level(cell.education_level))
    return _trace(session, cell, job_filters, offer_filters, jobs, offers)


def find_occupation_cell(session: Session, key: OccupationCellKey | str) -> OccupationResult:
    """The stored occupation profile cell a key (or its text ``period/region/isco/skill``) names."""
    try:
        key = key if isinstance(key, OccupationCellKey) else OccupationCellKey.parse(key)
    except ValueError as exc:
        raise UnknownCell(str(exc)) from None
    cell = session.scalars(select(OccupationResult).filter_by(**key._asdict())).first()
    if cell is None:
        raise UnknownCell(
            f"No occupation profile cell {key}; see the cell_id column of v_occupation_profile (is period "
            f"{key.period} aggregated?)"
        )
    return cell


def trace_occupation_cell(
    session: Session, key: OccupationCellKey | str, jobs: Page | None = None, offers: Page | None = None
) -> CellTrace:
    """The vacancies and offers behind the stored occupation profile cell ``key``
    (``v_occupation_profile.cell_id``): the occupation's jobs asking for the skill, the offers for the occupation
    teaching it."""
    cell = find_occupation_cell(session, key)
    occupation = ([Job.isco_code == cell.isco_code], [Offer.isco_code == cell.isco_code])
    return _trace(session, cell, *occupation, jobs, offers)


def _trace(
    session: Session,
    cell: MismatchResult | OccupationResult,
    job_filters: list[ColumnElement[bool]],
    offer_filters: list[ColumnElement[bool]],
    jobs_page: Page | None,
    offers_page: Page | None,
) -> CellTrace:
    """The active jobs (with all their vacancies) asking for the cell's skill in its period and region, and the
    active offers teaching it available there, each narrowed by the given conditions; a page: only that slice of
    the jobs or offers, in id order."""
    period = bounds(parse_period(cell.period))
    in_region = (
        select(RegionMembership.gemeente_code).where(RegionMembership.region_code == cell.region_code)
    ).scalar_subquery()
    job_filters = [*job_filters, job_active(period), JobSkill.skill_id == cell.skill_id]
    if cell.region_code != COUNTRY:
        job_filters.append(Job.gemeente_code.in_(in_region))
    jobs = select(Job.id).join(JobSkill, JobSkill.job_id == Job.id).where(*job_filters)
    if jobs_page is not None:
        jobs = jobs.order_by(JobSkill.job_id).limit(jobs_page.size).offset(jobs_page.start)
    vacancies = session.execute(
        select(Vacancy.job_id, Vacancy.id, Vacancy.title, Vacancy.employer, Vacancy.url, Vacancy.duplicate_reason)
        .where(Vacancy.job_id.in_(jobs) | (Vacancy.job_id.is_(None) & Vacancy.id.in_(jobs)))
        .order_by(Vacancy.job_id, Vacancy.id)
    )
    offer_filters = [*offer_filters, OfferSkill.skill_id == cell.skill_id, offer_active(period)]
    if cell.region_code != COUNTRY:  # the country has every offer; a region its own and the online ones
        located = select(OfferLocation.offer_id).where(OfferLocation.gemeente_code.in_(in_region))
        offer_filters.append(or_(ONLINE, Offer.id.in_(located)))
    offers = session.execute(
        select(Offer.id, Offer.title, Offer.provider, Offer.url, Offer.mode)
        .join(OfferSkill, OfferSkill.offer_id == Offer.id)
        .where(*offer_filters)
        .order_by(Offer.id)
        .limit(offers_page.size if offers_page else None)
        .offset(offers_page.start if offers_page else None)
    )
    label, linked = session.execute(select(Skill.label, Skill.linked).where(Skill.id == cell.skill_id)).one()
    return CellTrace(
        cell,
        [TracedVacancy(*row) for row in vacancies],
        [TracedOffer(*row) for row in offers],
        skill_name(label, linked=linked),
    )
