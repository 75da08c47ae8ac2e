"""Tests of crawlers/extraction: structured data and selectors on recorded sample pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawlers.extraction import NoItemFound, extract_item
from crawlers.items import CourseOfferItem, VacancyItem
from crawlers.sources import SourceConfig

SAMPLES = Path(__file__).parent / "sample_data"


def response(name: str, url: str = "https://example.org/page") -> HtmlResponse:
    """A recorded page; no charset in headers, so the page's own meta charset decides."""
    return HtmlResponse(url=url, body=(SAMPLES / name).read_bytes())


def source(kind: str = "vacancy", extraction: str = "structured", **selectors: str) -> SourceConfig:
    return SourceConfig(
        name="test-bron",
        kind=kind,
        publisher={"name": "Test", "type": "job_board"},
        sitemap_urls=["https://example.org/sitemap.xml"],
        extraction=extraction,
        selectors=selectors,
    )


def test_job_posting_in_graph_maps_every_field():
    item = extract_item(response("jobposting_graph.html"), source())
    assert isinstance(item, VacancyItem)
    assert item.title == "Servicemonteur warmtepompen"
    assert item.source_id == "DW-0042"
    assert item.employer == "Installatiebedrijf De Wit"
    assert item.employer_type == "direct"
    assert item.category == "Installatietechniek"
    assert (item.place, item.postcode, item.location_raw) == ("Hengelo", "7553 AB", "7553 AB Hengelo")
    assert (item.date_posted, item.valid_through) == ("2026-11-02", "2027-01-15")
    assert item.valid_through_raw == "2027-01-15T23:59:59+01:00"
    assert (item.salary_min, item.salary_max, item.salary_period) == (2900.0, 3600.0, "month")
    assert (item.hours_min, item.hours_max) == (38.0, 40.0)
    assert (item.education_raw, item.education_level) == ("MBO niveau 3", "MBO 3")
    assert item.employment_type == "FULL_TIME"
    assert item.contract_type is None  # FULL_TIME says hours, not the contract
    assert item.description.splitlines() == [
        "Wil jij bijdragen aan de energietransitie?",
        "Wat vragen wij?",
        "- MBO 3 Installatietechniek",
        "- VCA-basis en rijbewijs B",
    ]
    assert item.source == "test-bron" and item.url == "https://example.org/page" and item.fetched_at


def test_broken_json_ld_block_does_not_hide_a_valid_one():
    item = extract_item(response("jobposting_broken_then_valid.html"), source())
    assert item.title == "Verzorgende IG"
    assert item.place == "Zwolle"


def test_page_with_only_broken_json_ld_has_no_item():
    with pytest.raises(NoItemFound, match="no vacancy data"):
        extract_item(response("jobposting_broken_only.html"), source())


def test_course_in_microdata():
    item = extract_item(response("course_microdata.html"), source(kind="offer"))
    assert isinstance(item, CourseOfferItem)
    assert item.title == "Basiscursus PLC-programmeren"
    assert item.source_id == "T-19"
    assert item.provider == "Techniek Academie Oost"
    assert item.level == "MBO 4"
    assert item.mode == "classroom"
    assert item.locations == ["Enschede"]
    assert item.start_dates == ["2027-02-01"]
    assert item.price == 895.0


def test_selectors_on_plain_html_with_windows_1252():
    config = source(
        extraction="selectors",
        title="h1.job-title",
        employer="dd.company",
        location="dd.location",
        salary="dd.salary",
        date_posted="xpath://p[@class='posted']/text()",
        description="div.job-description",
    )
    item = extract_item(response("vacancy_plain.html"), config)
    assert item.title == "Heftruckchauffeur (nachtdienst)"
    assert (item.place, item.postcode) == ("Enschede", "7521 AA")
    assert (item.salary_min, item.salary_max, item.salary_period) == (15.8, 18.2, "hour")
    assert item.date_posted == "2026-11-03"
    assert "Café-ervaring is geen pré" in item.description
    assert item.employer_type == "agency"  # "Voor onze opdrachtgever"


@pytest.mark.parametrize(
    ("education", "level"),
    [
        ("Je woont in de regio Tilburg", None),
        ("Masterclass Excel gevolgd", None),
        ("Scrum Master-certificaat", None),
        ("Minimaal mbo niveau 3 Logistiek", "MBO 3"),
        ("Hbo-bachelor of wo-master", "HBO"),
    ],
)
def test_an_education_field_is_read_as_a_level_only_when_it_names_one(education, level):
    page = f"<h1>Orderpicker</h1><p class='eisen'>{education}</p><div class='tekst'>Wij zoeken een orderpicker.</div>"
    config = source(extraction="selectors", title="h1", education="p.eisen", description="div.tekst")
    item = extract_item(HtmlResponse(url="https://example.org/v/1", body=page.encode()), config)
    assert (item.education_raw, item.education_level) == (education, level)


def test_selectors_without_title_find_no_item():
    config = source(extraction="selectors", title="h2.absent", description="div.job-description")
    with pytest.raises(NoItemFound):
        extract_item(response("vacancy_plain.html"), config)


def test_auto_mode_reads_main_text_with_low_confidence():
    item = extract_item(response("vacancy_no_structure.html"), source(extraction="auto"))
    assert (item.extraction_method, item.confidence) == ("text", "low")
    assert item.title == "Logistiek medewerker"
    assert item.place == "Tilburg"
    assert item.date_posted == "2026-11-03"
    assert "Een geldig heftruckcertificaat" in item.description
    assert "Privacyverklaring" not in item.description and "Contact" not in item.description


def test_auto_mode_prefers_structured_data():
    item = extract_item(response("jobposting_graph.html"), source(extraction="auto"))
    assert (item.extraction_method, item.confidence) == ("structured", "high")
    assert item.source_id == "DW-0042"


def test_page_without_main_text_has_no_item_in_auto_mode():
    empty = HtmlResponse(url="https://example.org/leeg", body=b"<html><body><nav>Menu</nav></body></html>")
    with pytest.raises(NoItemFound, match="auto extraction"):
        extract_item(empty, source(extraction="auto"))


def test_course_in_rdfa():
    item = extract_item(response("course_rdfa.html"), source(kind="offer"))
    assert item.title == "Excel voor gevorderden"
    assert (item.source_id, item.provider, item.level) == ("R-1", "Office Academie", "MBO 3")
    assert (item.credential_raw, item.credential) == ("Certificaat Excel Expert", "certificate")
    assert (item.duration_raw, item.study_load_hours) == ("3 avonden, 12 uur", 12.0)
    assert "draaitabellen" in item.description


def test_educational_occupational_program():
    item = extract_item(response("program_jsonld.html"), source(kind="offer"))
    assert (item.title, item.source_id, item.provider) == (
        "Associate degree Energietransitie",
        "AD-ET",
        "Hogeschool Oost",
    )
    assert (item.level, item.mode, item.credential, item.price) == ("HBO", "blended", "diploma", 2530.0)
    assert (item.locations, item.start_dates, item.funding) == (["Enschede"], ["2027-09-01"], ["Levenlanglerenkrediet"])
    assert item.duration_raw == "P2Y"


def test_course_instance_page_takes_the_course_from_instance_of():
    item = extract_item(response("course_instance_jsonld.html"), source(kind="offer"))
    assert (item.title, item.source_id, item.provider) == ("VCA-basis dagopleiding", "VCA-B", "Veilig Werken Academie")
    assert (item.mode, item.locations, item.start_dates, item.price) == (
        "classroom",
        ["Utrecht"],
        ["2027-01-12"],
        195.0,
    )
    assert item.description == "Eendaagse training met examen."
