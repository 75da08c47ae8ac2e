"""Tests of the occupation component and the employment terms on Dutch vacancy texts (bundled data)."""

from __future__ import annotations

import pytest

from nlp.occupations import load_occupations
from nlp.pipeline import analyse
from nlp.types import TextInput


@pytest.mark.parametrize(
    ("title", "body", "isco", "source"),
    [
        ("Verpleegkundige interne geneeskunde", "", "2221", "title"),
        ("Wijkverpleegkundige Thuiszorg (24-32 uur)", "", "2221", "title"),
        ("Python developer", "", "2512", "title"),
        ("Heftruckchauffeur (nachtdienst)", "", "8344", "title"),
        ("Allround servicemonteur", "", "7233", "title"),
        ("Collega gezocht!", "Als groepsleerkracht in groep 5 geef je les aan 28 kinderen.", "2341", "body"),
        ("Kom jij ons team versterken?", "Wij zoeken iemand die van aanpakken houdt.", None, None),
    ],
)
def test_occupation_from_the_title_first(nlp, title, body, isco, source):
    (analysis,) = analyse([TextInput(title=title, body=body)], nlp)
    found = analysis.occupation
    assert (found.isco if found else None, found.source if found else None) == (isco, source)


def test_bundled_occupations_are_consistent():
    occupations = load_occupations()
    assert len(occupations) >= 200
    assert len({o.id for o in occupations}) == len(occupations)
    assert all(o.isco and len(o.isco) == 4 for o in occupations)
    assert sum(bool(o.esco_uri) for o in occupations) >= 0.5 * len(occupations)


@pytest.mark.parametrize(
    ("body", "education", "hours", "contract"),
    [
        (
            "Wat vragen wij?\n- Een afgeronde mbo-opleiding niveau 4\nWat bieden wij?\n- 32 tot 36 uur per week",
            "MBO 4",
            (32, 36),
            None,
        ),
        (
            "Jouw profiel\nJe hebt hbo werk- en denkniveau.\nWij bieden een vast contract voor 40 uur per week.",
            "HBO",
            (40, 40),
            "permanent",
        ),
        ("Je start via ons uitzendbureau op uitzendbasis, 38 uur.", None, (None, None), "agency_work"),
        (  # words that merely start like a level ("wordt", "wonen", "masterclass") are not one
            "Wat vragen wij?\nJe wordt ingewerkt; wonen in de regio is een pre. Je volgt een masterclass."
            "\nEen mbo-diploma niveau 3.",
            "MBO 3",
            (None, None),
            None,
        ),
    ],
)
def test_employment_terms_from_the_text(nlp, body, education, hours, contract):
    (analysis,) = analyse([TextInput(title="Medewerker", body=body)], nlp)
    assert (analysis.education_level, (analysis.hours_min, analysis.hours_max), analysis.contract_type) == (
        education,
        hours,
        contract,
    )
