"""Tests of nlp/text_facts.py: which of the facts a text states belong to the item, through the real pipeline."""

from __future__ import annotations

from crawlers.items import VacancyItem
from nlp.extract import AnalysedRecord
from nlp.pipeline import analyse
from nlp.types import TextInput

TITLE = "Servicemonteur (Enter)"
VACANCY = """Wat vragen wij?
- Een diploma mbo niveau 3 Elektrotechniek, hbo is een pré
- Je woont in de regio
Wat bieden wij?
- Ruimte voor een hbo-opleiding naast je werk
- Thuiswerken kan op kantoordagen niet
Over ons
Wij zijn een hbo-instelling met kantoor in Zwolle. 32 - 36 uur per week, vast contract.
Solliciteren
Stuur je brief naar Postbus 12, 7500 AA Enschede"""


def test_education_in_the_offer_or_the_company_text_is_no_requirement(mini_nlp):
    analysis = next(analyse([TextInput(title=TITLE, body=VACANCY, kind="vacancy")], mini_nlp))
    assert [(m.text, m.level) for m in analysis.education] == [("mbo niveau 3", "MBO 3"), ("hbo", "HBO")]
    assert analysis.education_level == "MBO 3"  # what the job asks at least
    assert (analysis.hours_min, analysis.hours_max, analysis.contract_type) == (32.0, 36.0, "permanent")


def test_the_job_place_comes_from_the_title_and_the_company_address_is_only_an_address(mini_nlp):
    analysis = next(analyse([TextInput(title=TITLE, body=VACANCY, kind="vacancy")], mini_nlp))
    found = [(p.text, p.gemeente_code or p.scope, p.method) for p in analysis.places]
    assert found == [
        ("Enter", "GM0189", "title"),
        ("Thuiswerken", "remote", "phrase"),
        ("Zwolle", "GM0193", "context"),
        ("Enschede", "GM0153", "address"),
    ]
    assert analysis.job_place.text == "Enter"


def test_a_course_is_online_where_a_vacancy_is_not_and_has_no_hours_or_contract(mini_nlp):
    body = "De cursus is ook online te volgen, 8 uur per week, in Utrecht. Een online marketingbureau."
    course, job = analyse([TextInput(body=body, kind="offer"), TextInput(body=body, kind="vacancy")], mini_nlp)
    assert [p.gemeente_code or p.scope for p in course.places] == ["online", "GM0344"]
    assert [p.gemeente_code or p.scope for p in job.places] == ["GM0344"]
    assert (course.hours_min, course.contract_type, job.hours_min) == (None, None, 8.0)


def test_places_and_education_survive_the_analysed_records_file(mini_nlp):
    analysis = next(analyse([TextInput(title="Monteur (Enter)", body="Je hebt mbo 4.", kind="vacancy")], mini_nlp))
    record = AnalysedRecord(kind="vacancy", item=VacancyItem(title="Monteur"), analysis=analysis, text_hash="x")
    again = AnalysedRecord.from_json(record.to_json())
    assert again.analysis == analysis
    assert again.analysis.job_place.gemeente_code == "GM0189"
