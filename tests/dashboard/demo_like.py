"""A small warehouse shaped like the demo's, loaded from analysed records as the extraction stage hands them over:
two crawls (1 October and 2 November 2026, so November compares with an observed October), several regions,
sectors, levels and occupations, publishable and small cells, an unlinked skill, and a vacancy whose scraped title
and employer carry script and HTML."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from alerts.subscriptions import SubscriptionConfig, save_subscription
from nlp.taxonomy import Concept
from nlp.types import OccupationMatch
from warehouse.dedupe import deduplicate
from warehouse.indicators import INDICATORS
from warehouse.load import load_records, register_source, sync_skills
from warehouse.models import Skill
from warehouse.periods import parse_period

from ..records import CONCEPTS, offer, source_config, vacancy

OCTOBER, NOVEMBER = "2026-10-01T06:00:00+00:00", "2026-11-02T06:00:00+00:00"
PERIODS = ("2026-10", "2026-11", "2026-W45", "2026-Q4")
SKILLS = [
    *CONCEPTS,
    Concept(id="llo:python", label="Python", type="skill", group="data", digital=True),
    Concept(id="llo:lassen", label="lassen", type="skill", group="techniek"),
    Concept(id="term:dakkapellen-plaatsen", label="dakkapellen plaatsen", type="skill", group="bouw"),
]
NURSE = OccupationMatch(
    id="llo:occ:verpleegkundige", label="verpleegkundige", isco="2221", esco_uri=None, source="title"
)
DEVELOPER = OccupationMatch(id="llo:occ:developer", label="softwareontwikkelaar", isco="2512", esco_uri=None,
                            source="title")  # fmt: skip
PROVIDER = "Vakacademie"
"""An opleider with a subscription (regions NL and AM18, skill groups zorg and office) and two of the offers."""
HOSTILE_TITLE = '<script>window.hacked = 1</script><b>Kok</b> & "zo"'
HOSTILE_EMPLOYER = '<img src=x onerror="window.hacked = 2">Restaurant'


def _job(key, place, skills, *, sector, level, occupation=None, seen=NOVEMBER, title="Verpleegkundige"):
    record = vacancy(key, place, skills, fetched=seen)
    record.item.title, record.item.employer = title, f"{key} Groep"  # no name contains another: other employers
    record.item.description = f"Vacature {key} in {place}. " * (int(key[1:]) % 7 + 1) + " ".join(skills)
    record.analysis.sector, record.analysis.education_level, record.analysis.occupation = sector, level, occupation
    return record


def fill(sessions: sessionmaker[Session]) -> None:
    """Load the records, mark the unlinked term, subscribe the opleider, deduplicate and aggregate every
    indicator."""
    with sessions.begin() as session:
        sync_skills(session, SKILLS)
        session.execute(update(Skill).where(Skill.id.like("term:%")).values(linked=False))
        board = register_source(session, source_config("bord", "vacancy"))
        academy = register_source(session, source_config("academie", "offer"))
    care = ["Amsterdam", "Amstelveen", "Diemen", "Amsterdam", "Amstelveen"]
    october = [
        _job(f"N{n}", care[n % 5], ["llo:wondzorg", "llo:excel"], sector="Q", level="MBO 4", occupation=NURSE,
             seen=OCTOBER)
        for n in range(6)
    ]  # fmt: skip
    november = [
        _job(f"N{n}", care[n % 5], ["llo:wondzorg"], sector="Q", level="MBO 4", occupation=NURSE) for n in range(6, 16)
    ]
    november += [
        _job(f"P{n}", "Rotterdam", ["llo:python"], sector="J", level="HBO", occupation=DEVELOPER, title="Developer")
        for n in range(10, 22)
    ]
    november += [
        _job(f"E{n}", "Utrecht", ["llo:excel"], sector="N", level="MBO 3", title="Administratief")
        for n in range(30, 36)
    ]
    november += [
        _job(f"L{n}", "Eindhoven", ["llo:lassen"], sector="C", level="MBO 2", title="Lasser") for n in range(40, 43)
    ]
    november += [_job("D50", "Utrecht", ["term:dakkapellen-plaatsen"], sector="F", level="MBO 3", title="Timmerman")]
    hostile = _job("H60", "Amsterdam", ["llo:wondzorg"], sector="Q", level="MBO 4", title=HOSTILE_TITLE)
    hostile.item.employer = HOSTILE_EMPLOYER
    november.append(hostile)
    courses = [offer("C1", "classroom", ["Amstelveen"], ["llo:wondzorg"], provider=PROVIDER)]
    courses += [offer(f"C{n}", "online", [], ["llo:excel"], provider="Rekenschool") for n in range(2, 14)]
    courses += [offer("C20", "online", [], ["llo:python"], provider="Codeschool")]
    courses += [offer("C21", "online", [], ["llo:excel"], provider=PROVIDER)]
    courses[0].item.level = "MBO 4"
    for course, occupation in ((courses[0], NURSE), (courses[-2], DEVELOPER), (courses[-1], NURSE)):
        course.analysis.occupation = occupation
    for course in courses:
        course.item.fetched_at = OCTOBER
    load_records(sessions, academy, courses)
    load_records(sessions, board, october)
    load_records(sessions, board, november)
    with sessions.begin() as session:
        save_subscription(
            session,
            SubscriptionConfig(
                name=PROVIDER,
                file="var/alerts/vakacademie.txt",
                regions=["NL", "AM18"],
                skill_groups=["zorg", "office"],
            ),
        )
        deduplicate(session)
        for indicator in INDICATORS.values():
            indicator.recompute(
                session, [parse_period(label) for label in PERIODS], ["country", "province", "labour_market_region"]
            )
