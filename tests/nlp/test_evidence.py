"""Tests of nlp/components/evidence.py: mentions in a counted section that are no evidence of demand (a
collaboration partner, a teacher's subject), and everything that stays demand."""

from __future__ import annotations

import pytest

from nlp.pipeline import analyse
from nlp.types import TextInput


def counted(nlp, body: str, title: str = "Verpleegkundige", kind: str = "vacancy") -> dict[str, list[str | None]]:
    """Per matched text (lower-case): the reasons its mentions do not count, None for a mention that counts."""
    (analysis,) = analyse([TextInput(title=title, body=body, kind=kind)], nlp)
    found: dict[str, list[str | None]] = {}
    for mention in analysis.skills:
        if mention.counted or mention.reason:
            found.setdefault(mention.text.lower(), []).append(mention.reason)
    return found


@pytest.mark.parametrize(
    ("sentence", "skill"),
    [
        ("Je stemt de nazorg af met de thuiszorg en de familie.", "thuiszorg"),
        ("Je stemt de nazorg af met de transferverpleegkundige, de thuiszorg en de familie.", "thuiszorg"),
        ("Je werkt samen met de wijkverpleging.", "wijkverpleging"),
        ("In overleg met de thuiszorg plan je het ontslag.", "thuiszorg"),
    ],
)
def test_whom_a_job_works_with_is_no_demand(nlp, sentence, skill):
    assert counted(nlp, f"Wat ga je doen?\n- {sentence}")[skill] == ["partner"]


@pytest.mark.parametrize(
    ("sentence", "skill"),
    [
        ("Je hebt ervaring met wondzorg.", "wondzorg"),  # "met" after a requirement, not a collaboration
        ("Samen met het team verzorg je wondzorg en thuiszorg.", "thuiszorg"),  # the cue governs "het team"
        ("Je werkt in de thuiszorg.", "thuiszorg"),
    ],
)
def test_what_a_job_asks_stays_demand(nlp, sentence, skill):
    assert counted(nlp, f"Wat ga je doen?\n- {sentence}")[skill] == [None]


def test_a_teachers_subject_is_taught_not_asked(nlp):
    body = (
        "Je geeft les in elektrotechniek en installatietechniek aan mbo-studenten.\n"
        "Wat vragen wij?\n- Een afgeronde hbo-opleiding elektrotechniek\n- Didactische vaardigheden"
    )
    found = counted(nlp, body, title="Docent Elektrotechniek (mbo)")
    assert found["elektrotechniek"] == ["subject_taught", "subject_taught", None]  # title, lesson; requirement
    assert found["installatietechniek"] == ["subject_taught"]
    assert found["didactische vaardigheden"] == [None]


def test_the_subject_in_a_non_teachers_title_is_demand(nlp):
    found = counted(nlp, "Je werkt aan installaties.", title="Monteur Elektrotechniek")
    assert found["elektrotechniek"] == [None]


def test_courses_keep_their_mentions(nlp):
    found = counted(nlp, "Wat leer je?\n- Samenwerken met de thuiszorg", title="Cursus thuiszorg", kind="offer")
    assert None in found["thuiszorg"] and "partner" not in found["thuiszorg"]
