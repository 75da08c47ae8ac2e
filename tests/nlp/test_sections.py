"""Tests of nlp/components/sections.py: headings, sections that count per kind of text, nice-to-haves."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from nlp.components.sections import SectionIndex
from nlp.pipeline import analyse, input_doc
from nlp.types import TextInput


def mentions(nlp, text: str, kind: str = "vacancy", title: str = ""):
    return {m.concept_id: m for m in next(analyse([TextInput(title=title, body=text, kind=kind)], nlp)).skills}


@pytest.fixture(scope="module")
def tagger(mini_nlp):
    return mini_nlp.get_pipe("llo_sections")


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Wat vragen wij?", "requirements"),
        ("WAT BIEDEN WIJ", "offer"),
        ("Jouw profiel:", "requirements"),
        ("## Wat ga je doen als verpleegkundige?", "tasks"),
        ("Over de functie", "tasks"),  # longest phrase wins over 'over' (company)
        ("Over Zorggroep Noord", "company"),
        ("Na afloop kun je:", "learning"),
        ("Voor wie is deze cursus?", "prerequisites"),
        ("Goed om te weten:", "other"),
        ("- Wat vragen wij?", None),  # a bullet is never a heading
        ("Data-analist gezocht voor ons team in Utrecht", None),
        ("Je hebt ervaring met wondzorg.", None),
        ("Kennis en ervaring:", "requirements"),
        ("Voscon B.V. biedt u:", "offer"),  # a heading word anywhere in the heading
        ("Volgende verantwoordelijkheden behoren tot je takenpakket:", "tasks"),
    ],
)
def test_heading_types(tagger, line, section):
    assert tagger.heading_type(line + "\n") == section


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Cursusinhoud", "learning"),  # a heading word as the end of a compound
        ("Voordelen van de cursus", "offer"),
        ("Hoe het werkt", "other"),
        ("Je leert hier veel.", None),  # a sentence, even standing alone
    ],
)
def test_short_line_standing_alone_is_a_heading(tagger, line, section):
    assert tagger.heading_type(line + "\n", standing_alone=True) == section
    assert tagger.heading_type(line + "\n") is None


def test_vacancy_counts_what_an_unknown_heading_opens(mini_nlp):
    found = mentions(mini_nlp, "Intro.\n\nJouw skillset omvat:\n- Python\n\nWij bieden jou:\n- Cursus SQL\n")
    assert {cid: m.counted for cid, m in found.items()} == {"llo:python": True, "llo:sql": False}


def test_vacancy_counts_requirements_and_tasks_not_benefits(mini_nlp):
    text = (
        "Wat ga je doen?\n- Je schrijft Python\nFunctie-eisen\n- SQL\n- VCA-VOL is een pré\n"
        "Arbeidsvoorwaarden\n- Wij betalen je opleiding wondzorg\nSolliciteren?\nMail ons."
    )
    found = mentions(mini_nlp, text)
    assert {cid: (m.section, m.counted) for cid, m in found.items()} == {
        "llo:python": ("tasks", True),
        "llo:sql": ("requirements", True),
        "llo:vca-vol": ("requirements", True),
        "llo:wondzorg": ("offer", False),
    }
    assert found["llo:vca-vol"].nice_to_have and not found["llo:sql"].nice_to_have


def test_offer_counts_learning_outcomes_not_prerequisites(mini_nlp):
    text = "Voor wie?\nJe hebt rijbewijs C en kent SQL.\nWat leer je?\n- Python\n- Je behaalt VCA-VOL\n"
    found = mentions(mini_nlp, text, kind="offer")
    assert {cid for cid, m in found.items() if m.counted} == {"llo:python", "llo:vca-vol"}
    assert found["llo:sql"].section == "prerequisites"


def test_text_without_headings_counts_everything_and_marks_pluses_per_sentence(mini_nlp):
    found = mentions(mini_nlp, "Je kent SQL. Ervaring met Python is mooi meegenomen. Wondzorg is verplicht.")
    assert all(m.section == "body" and m.counted for m in found.values())
    assert {cid for cid, m in found.items() if m.nice_to_have} == {"llo:python"}


def test_title_counts_as_headline(mini_nlp):
    (mention,) = mentions(mini_nlp, "Wat bieden wij?\nEen goed salaris.", title="Python-ontwikkelaar").values()
    assert (mention.section, mention.counted) == ("headline", True)


def test_spacy_users_read_the_tags_on_the_doc_and_its_spans(mini_nlp):
    doc = mini_nlp.make_doc("Wat vragen wij?\n- Python, SQL is een pré\nWat bieden wij?\n- Een cursus Python")
    doc._.llo_kind = "offer"  # set before the components run, as nlp.pipeline does
    for _name, component in mini_nlp.pipeline:
        doc = component(doc)
    assert [(span.label_, span._.llo_counted) for span in doc.spans["sections"]] == [
        ("requirements", False),
        ("offer", False),
    ]
    tags = [(span.text, span._.llo_section, span._.llo_nice_to_have) for span in doc.spans["skills"]]
    assert tags == [("Python", "requirements", True), ("SQL", "requirements", True), ("Python", "offer", False)]
    assert doc._.llo_kind == "offer"
    assert doc._.llo_language == "nl"
    stored = Doc(mini_nlp.vocab).from_bytes(doc.to_bytes())  # as DocBin stores docs
    assert [(span.text, span._.llo_section, span._.llo_nice_to_have) for span in stored.spans["skills"]] == tags
    assert [span._.llo_counted for span in stored.spans["sections"]] == [False, False]


def test_the_section_index_is_built_once_per_doc(mini_nlp, monkeypatch):
    builds = []
    build = SectionIndex.__init__
    monkeypatch.setattr(
        SectionIndex, "__init__", lambda index, *args, **kwargs: builds.append(1) or build(index, *args, **kwargs)
    )
    body = "Wat vragen wij?\n- Python\n- SQL is een pré\nWat bieden wij?\n- Cursus"
    items = [TextInput(body=f"{body} {n}") for n in "AB"]
    analyses = list(analyse(items, mini_nlp))  # the tagger, the mentions' contexts and the records read it
    (doc,) = mini_nlp.pipe([input_doc(mini_nlp, items[0])])
    for _read in range(3):
        contexts = [(span._.llo_section, span._.llo_counted, span._.llo_nice_to_have) for span in doc.spans["skills"]]
    assert contexts == [("requirements", True, False), ("requirements", True, True)]
    assert [m.section for m in analyses[1].skills] == ["requirements", "requirements"]
    assert len(builds) == 3  # one per doc
