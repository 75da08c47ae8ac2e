"""Tests of the analysis pipeline (nlp/pipeline.py and its components) on Dutch texts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import spacy

from nlp.components.skill_tagger import job_title_heads
from nlp.occupations import Occupation
from nlp.pipeline import SKILL_TAGGER, analyse, analysed_text, default_pipeline
from nlp.types import TextInput
from tests.nlp.conftest import MINI_TAXONOMY


def skill_ids(nlp, text: str) -> list[str]:
    return [m.concept_id for m in next(analyse([TextInput(body=text)], nlp)).skills]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wij zoeken een Python-ontwikkelaar.", ["llo:python"]),
        ("Je hebt SQL-kennis en ervaring met python.", ["llo:sql", "llo:python"]),
        ("Ervaring met het installeren van Warmtepompen.", ["llo:warmtepompen"]),
        ("Je bent in het bezit van VCA-VOL.", ["llo:vca-vol"]),  # longest match wins over VCA
        ("Diploma VOL-VCA of VCA-basis", ["llo:vca-vol", "llo:vca"]),
        ("Kennis van NEN 3140 is vereist.", ["llo:nen-3140"]),  # acronym: no lemma 'een' for NEN
        ("Ervaring met PLC's van Siemens", ["llo:plc"]),
        ("PLC programmeren en rijbewijs C", ["llo:plc", "llo:rijbewijs-c"]),
        ("Ervaring met PLC/SCADA", ["llo:plc"]),
        ("Je kunt wonden verzorgen en medicijnen toedienen.", ["llo:wondzorg", "llo:medicatie-toedienen"]),
        ("WONDZORG en Wondverzorging", ["llo:wondzorg", "llo:wondzorg"]),
        ("Medicatie tóédienen en wondverzórging", ["llo:medicatie-toedienen", "llo:wondzorg"]),
        ("Ervaring in de zorg- en welzijnssector", ["llo:zorgsector", "llo:welzijnssector"]),
        ("Je beheerst MIG- en TIG-lassen.", ["llo:mig-lassen", "llo:tig-lassen"]),
        ("Je hebt een rijbewijs- of VCA-diploma.", ["llo:vca"]),  # no "rijbewijs-diploma" concept
        ("Geen vaardigheden in deze zin.", []),
        ("", []),
    ],
)
def test_skills_are_matched(mini_nlp, text, expected):
    # The taxonomy's concepts; what the trained tagger adds is measured on the real texts (test_skill_tagger.py).
    assert [concept for concept in skill_ids(mini_nlp, text) if not concept.startswith("term:")] == expected


def test_a_listed_skill_the_taxonomy_lacks_is_a_term_of_its_own(mini_nlp):
    # A list is split (ANNOTATION.md): "SCADA" after the slash is a skill of its own, which the taxonomy lacks.
    assert skill_ids(mini_nlp, "Ervaring met PLC/SCADA") == ["llo:plc", "term:scada"]


def test_a_tagged_span_inside_a_taxonomy_match_is_the_whole_match(mini_nlp, monkeypatch):
    # A tagger that reads only "rijbewijs" (token 2) here; the taxonomy knows the licence's whole name.
    monkeypatch.setattr(mini_nlp.get_pipe(SKILL_TAGGER), "tag", lambda doc, taxonomy: [(2, 3)])
    (analysis,) = analyse([TextInput(body="Je hebt rijbewijs C.")], mini_nlp)
    assert [(m.text, m.concept_id) for m in analysis.skills] == [("rijbewijs C", "llo:rijbewijs-c")]


@pytest.mark.parametrize(
    ("body", "tagged", "expected"),
    [
        # ANNOTATION.md: a job title is no mention, nor a tool word inside it; the taxonomy's "Python" here neither.
        ("Ben jij de Python developer die wij zoeken?", [], []),
        ("Ben jij de Python developer die wij zoeken?", [(3, 4)], []),
        ("Zelfstandig werkend kok gezocht", [(0, 2)], []),
        # What stands before the title's words is kept: "begeleiden", not "een medior React".
        ("Begeleiden van een medior React developer.", [(0, 5)], [("Begeleiden", "term:begeleiden")]),
        ("Je programmeert in Python en begeleidt developers.", [], [("Python", "llo:python")]),
    ],
)
def test_words_of_a_job_title_are_no_skill(mini_nlp, monkeypatch, body, tagged, expected):
    monkeypatch.setattr(mini_nlp.get_pipe(SKILL_TAGGER), "tag", lambda doc, taxonomy: tagged)
    (analysis,) = analyse([TextInput(body=body)], mini_nlp)
    assert [(m.text, m.concept_id) for m in analysis.skills] == expected


@pytest.mark.parametrize(
    ("body", "tagged", "expected"),
    [
        # ANNOTATION.md's spans: an activity and its object joined by "van" are one mention, linked to the concept
        # the taxonomy found in it, whether the tagger read it as one span or as two beside the taxonomy's match.
        ("Je zorgt voor het testen van Python.", [(4, 7)], [("testen van Python", "llo:python")]),
        ("Je zorgt voor het testen van Python.", [(4, 5)], [("testen van Python", "llo:python")]),
        # Neighbours with only a space between, a tagged span beside a match or two tagged spans on one match.
        ("Ervaring met SQL databases.", [(3, 4)], [("SQL databases", "llo:sql")]),
        ("Je hebt rijbewijs C.", [(2, 3), (3, 4)], [("rijbewijs C", "llo:rijbewijs-c")]),
        # An elliptical compound is one mention ("" marks a mention no concept is linked to).
        ("Je plaatst dak- en gevelpanelen.", [(2, 3), (4, 5)], [("dak- en gevelpanelen", "")]),
        # Two concepts the taxonomy found stay two; so do the items of a list.
        ("Je beheerst MIG- en TIG-lassen.", [], [("MIG-", "llo:mig-lassen"), ("TIG-lassen", "llo:tig-lassen")]),
        ("Je plaatst kozijnen en deuren.", [(2, 3), (4, 5)], [("kozijnen", ""), ("deuren", "")]),
    ],
)
def test_mentions_that_name_one_thing_are_joined(mini_nlp, monkeypatch, body, tagged, expected):
    monkeypatch.setattr(mini_nlp.get_pipe(SKILL_TAGGER), "tag", lambda doc, taxonomy: tagged)
    (analysis,) = analyse([TextInput(body=body)], mini_nlp)
    assert [(m.text, m.concept_id if m.linked else "") for m in analysis.skills] == expected


def test_job_title_heads_are_the_ends_of_titles_that_end_a_one_word_title():
    occupations = [
        Occupation(id="a", label="pedagogisch medewerker"),
        Occupation(id="b", label="hr-medewerker", synonyms=("kok",)),
        Occupation(id="c", label="docent zorg"),  # "zorg" ends no one-word title: no head
    ]
    assert job_title_heads(occupations) == {"medewerker", "kok"}


def test_mentions_carry_offsets_text_and_esco(mini_nlp):
    text = "Kennis van Python is een pré."
    (mention,) = next(analyse([TextInput(body=text)], mini_nlp)).skills
    assert text[mention.start : mention.end] == mention.text == "Python"
    assert mention.label == "Python"
    assert mention.esco_uri.startswith("http://data.europa.eu/esco/skill/")


def test_sentence_period_is_not_part_of_the_mention(mini_nlp):
    text = "Je bent in het bezit van VCA-VOL."
    (mention,) = next(analyse([TextInput(body=text)], mini_nlp)).skills
    assert mention.text == text[mention.start : mention.end] == "VCA-VOL"


def test_offsets_refer_to_the_analysed_text_with_headline(mini_nlp):
    item = TextInput(title="Verpleegkundige", category="Zorg & Welzijn", body="Ervaring met wondzorg.")
    (mention,) = next(analyse([item], mini_nlp)).skills
    assert analysed_text(item)[mention.start : mention.end] == "wondzorg"


@pytest.mark.parametrize(
    ("item", "sector"),
    [
        (TextInput(title="Verpleegkundige", category="Zorg & Welzijn", body="In ons ziekenhuis."), "Q"),
        (TextInput(title="Docent Nederlands", body="Voor onze school zoeken wij een leraar."), "P"),
        (TextInput(title="Orderpicker", category="Logistiek", body="In ons distributiecentrum."), "H"),
        (TextInput(title="Developer", category="ICT", body="Software voor de zorg."), "J"),  # headline weighs more
        (TextInput(body="Een tekst zonder sectorwoorden."), None),
    ],
)
def test_sector_rules(mini_nlp, item, sector):
    assert next(analyse([item], mini_nlp)).sector == sector


def test_pipeline_round_trips_through_disk(mini_nlp, tmp_path):
    mini_nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Python-ontwikkelaar met VCA-VOL in de zorg"
    assert skill_ids(loaded, text) == skill_ids(mini_nlp, text) == ["llo:python", "llo:vca-vol"]
    (nurse,) = analyse([TextInput(title="Verpleegkundige", body="")], loaded)
    assert (nurse.sector, nurse.occupation.isco) == ("Q", "2221")


def test_bundled_pipeline_finds_demo_skills(nlp):
    ids = skill_ids(nlp, "Je hebt ervaring met wondzorg, SQL en Kubernetes en bent in het bezit van VCA.")
    assert len(ids) >= 4


@pytest.mark.parametrize(
    ("body", "flags", "language"),
    [
        ("", ["empty"], None),
        ("<div><p>Wij zoeken een <b>developer</b> met Python</p><script>x()</script></div>", ["html_removed"], None),
        ("Wondzorg\x00 en \ufffdSQL", ["invalid_characters"], None),
        ("Je hebt ervaring met wondzorg en je werkt graag in een team. " * 1_000, ["truncated"], "nl"),
        (
            "We are looking for a nurse who is able to work in a team and who has experience with wound care "
            "and the administration of medication in a hospital.",
            ["not_dutch"],
            "en",
        ),
        (
            "Wij zoeken een verpleegkundige die graag in een team werkt en ervaring heeft met wondzorg en het "
            "toedienen van medicatie in het ziekenhuis.",
            [],
            "nl",
        ),
    ],
)
def test_bad_input_is_flagged_not_fatal(mini_nlp, body, flags, language):
    (analysis,) = analyse([TextInput(body=body)], mini_nlp)
    assert analysis.flags == flags
    assert analysis.language == language


def test_html_input_is_matched_after_clean_up(mini_nlp):
    (analysis,) = analyse([TextInput(body="<ul><li>Python</li><li>SQL-kennis</li></ul>")], mini_nlp)
    assert [m.text for m in analysis.skills] == ["Python", "SQL"]


def test_threads_asking_at_once_get_one_default_pipeline():
    with ThreadPoolExecutor(4) as threads:  # as a flow run's extraction tasks ask for it
        pipelines = list(threads.map(lambda _: default_pipeline(MINI_TAXONOMY), range(4)))
    assert len({id(nlp) for nlp in pipelines}) == 1
