"""Tests of warehouse/dedupe.py: precision and recall on labelled vacancy pairs, and grouping in the warehouse.

dedup_pairs.yaml is the development set the rules were designed on; dedup_pairs_holdout.yaml was written
without seeing the rules, to measure them honestly. Figures are in docs/warehouse.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from core.dutch.places import parse_place, resolve_gemeente
from crawlers.processors import detect_employer_type
from warehouse.dedupe import Posting, deduplicate, duplicate_reason, group_duplicates
from warehouse.load import load_records, register_source
from warehouse.models import Job, JobSkill, Vacancy

from ..records import source_config, vacancy

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    pairs: int


def read_pairs(name: str) -> list[dict]:
    path = HERE / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]


def posting(number: int, ad: dict) -> Posting:
    """A labelled ad as the warehouse stores it: gemeente resolved from the place, agencies detected."""
    return Posting(
        id=number,
        url=ad["url"],
        title=ad["title"],
        description=ad["description"],
        employer=ad.get("employer"),
        employer_type=detect_employer_type(ad["description"]),
        gemeente_code=resolve_gemeente(parse_place(ad.get("location"))),
        location_raw=ad.get("location"),
        content_hash=hashlib.sha256(ad["description"].encode()).hexdigest(),
    )


def scores(predicted: list[bool], pairs: list[dict]) -> Scores:
    hits = sum(p and pair["duplicate"] for p, pair in zip(predicted, pairs, strict=True))
    return Scores(hits / sum(predicted), hits / sum(pair["duplicate"] for pair in pairs), len(pairs))


def pairwise_scores(pairs: list[dict]) -> Scores:
    """Each pair judged on its own."""
    predicted = [duplicate_reason(posting(1, pair["a"]), posting(2, pair["b"])) is not None for pair in pairs]
    return scores(predicted, pairs)


def pooled_scores(pairs: list[dict]) -> Scores:
    """All ads grouped together, as in a warehouse: a pair is predicted duplicate when both land in one job."""
    ads = {ad["url"]: ad for pair in pairs for ad in (pair["a"], pair["b"])}
    numbers = {url: number for number, url in enumerate(ads)}
    groups = group_duplicates([posting(numbers[url], ad) for url, ad in ads.items()])
    predicted = [groups[numbers[pair["a"]["url"]]][0] == groups[numbers[pair["b"]["url"]]][0] for pair in pairs]
    return scores(predicted, pairs)


@pytest.mark.parametrize(
    ("name", "min_precision", "min_recall"),
    [("dedup_pairs.yaml", 0.9, 0.85), ("dedup_pairs_holdout.yaml", 0.85, 0.7)],
)
def test_precision_and_recall_on_labelled_pairs(name, min_precision, min_recall):
    pairs = read_pairs(name)
    assert sum(pair["duplicate"] for pair in pairs) >= 20 and sum(not pair["duplicate"] for pair in pairs) >= 20
    for measured in (pairwise_scores(pairs), pooled_scores(pairs)):
        assert measured.precision >= min_precision, measured
        assert measured.recall >= min_recall, measured


def test_each_kind_of_evidence_has_its_reason():
    text = "Je onderhoudt warmtepompen en cv-ketels bij klanten thuis. Mbo 3, rijbewijs B. Salaris 2.900 tot 3.600."
    first = Posting(
        1, "https://werkenbij.example/v/7", "Servicemonteur", text, employer="Klimaat BV", gemeente_code="GM0772"
    )
    tracked = Posting(2, "https://werkenbij.example/v/7/?utm_source=board", "Monteur", "")
    copied = Posting(3, "https://bord.example/1", "Servicemonteur", text, content_hash="h")
    same_text = Posting(4, "https://ander.example/2", "Servicemonteur", text, content_hash="h")
    senior = Posting(5, "https://bord.example/3", "Senior servicemonteur", text, gemeente_code="GM0772")
    elsewhere = Posting(6, "https://bord.example/4", "Servicemonteur", text, gemeente_code="GM0599")
    other_employer = Posting(7, "https://bord.example/5", "Servicemonteur", text, employer="Warmte Totaal")
    assert duplicate_reason(first, tracked) == "url"
    assert duplicate_reason(copied, same_text) == "text"
    assert duplicate_reason(first, copied) == "similar"
    assert [duplicate_reason(first, other) for other in (senior, elsewhere, other_employer)] == [None, None, None]


@pytest.fixture
def sessions(warehouse):
    with warehouse.begin() as session:
        boards = [register_source(session, source_config(name, "vacancy")) for name in ("bord", "ander-bord")]
    return warehouse, boards


def test_grouping_is_stored_idempotent_and_feeds_the_jobs_tables(sessions):
    sessions, (board, other_board) = sessions
    other_job = vacancy("V2", "Ede", ["llo:excel"])
    other_job.item.title, other_job.item.description = "Planner", "Je plant de ritten van onze chauffeurs in Excel."
    load_records(sessions, board, [vacancy("V1", "Ede", ["llo:wondzorg"]), other_job])
    copy = vacancy("V1", "Ede", ["llo:wondzorg", "llo:excel"])  # the same page, found through another board
    copy.item.source = "ander-bord"
    load_records(sessions, other_board, [copy])
    with sessions.begin() as session:
        first = deduplicate(session)
    with sessions.begin() as session:
        again = deduplicate(session)
    assert (first.vacancies, first.jobs, first.changed, first.by_reason) == (3, 2, 3, {"url": 1})
    assert (again.jobs, again.changed) == (2, 0)
    with sessions() as session:
        jobs = {vacancy.source_key: vacancy.job_id for vacancy in session.scalars(select(Vacancy))}
        job = session.get(Job, min(jobs.values()))
        skills = session.scalars(select(JobSkill.skill_id).where(JobSkill.job_id == job.id)).all()
        assert session.scalar(select(func.count()).select_from(Job)) == 2
    assert len(set(jobs.values())) == 2 and job.members == 2 and job.gemeente_code == "GM0228"
    assert sorted(skills) == ["llo:excel", "llo:wondzorg"]  # the union of its vacancies' skills
