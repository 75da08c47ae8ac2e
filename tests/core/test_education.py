"""Tests of core/dutch/education.py: education requirements in the ways Dutch texts state them."""

from __future__ import annotations

import pytest

from core.dutch.education import LEVELS, find_education, lowest_level, normalise_education_level


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Je hebt hbo werk- en denkniveau.", ["HBO"]),
        ("Je hebt een afgeronde mbo-opleiding niveau 3/4.", ["MBO 3"]),
        ("Een diploma MBO niveau 2 of 3 Zorg", ["MBO 2"]),
        ("Minimaal MBO4 in de richting Elektrotechniek", ["MBO 4"]),
        ("Je hebt een afgeronde wo-opleiding.", ["WO"]),
        ("Een afgeronde bachelor in de bedrijfskunde", ["HBO"]),
        ("Een afgeronde Bachelor of Master in een relevant vakgebied", ["HBO", "WO"]),
        ("Afgeronde bachelor- en masteropleiding in relevante studierichting", ["WO"]),
        ("Je hebt hbo/wo-niveau", ["HBO", "WO"]),
        ("MTS werk/denkniveau", ["MBO 4"]),
        ("Een HTS-diploma werktuigbouwkunde", ["HBO"]),
        ("Je bent een afgestudeerde master-student", ["WO"]),
        ("Academisch werk- en denkniveau", ["WO"]),
        ("Een universitaire opleiding", ["WO"]),
        ("Post-hbo opleiding Praktijkopleider", ["post-HBO"]),
        ("Je beschikt over een hoger diploma richting bouwkunde", ["HBO"]),
        ("Een diploma is niet vereist, wel motivatie.", ["none_required"]),
        ("Geen opleiding nodig: wij leiden je op.", ["none_required"]),
        ("Je hebt MBO werk- en denk niveau", ["MBO"]),
        ("Diploma Bachelor in de Verpleegkunde", ["HBO"]),
        ("Opleiding: MBO Timmeren, niveau 2, of ervaring in de bouw", ["MBO 2"]),
        # Named care diplomas with a fixed level; the job title alone states none.
        ("Een afgeronde opleiding Verzorgende IG", ["MBO 3"]),
        ("Je hebt een zorgdiploma, minimaal Helpende Plus", ["MBO 2"]),
        ("Als Verzorgende IG werk je in een klein team", []),
        ("Toegankelijk voor studenten van universiteit en hbo", ["WO", "HBO"]),
    ],
)
def test_requirements_in_common_phrasings(text, levels):
    assert [m.level for m in find_education(text)] == levels
    assert all(text[m.start : m.end] == m.text for m in find_education(text))


@pytest.mark.parametrize(
    "text",
    [
        "Je woont in de regio Utrecht.",
        "Volg onze Masterclass Excel.",
        "Als Scrum Master begeleid je het team.",
        "Vrij op wo, zo en do-avond.",
        "Klanten als KNVB, MBO Utrecht en Anne Frank Stichting.",
        "Het wordt een mooie baan.",
        "Je werkt 24 uur per week (ma, wo, vr).",
        "Door te stromen naar het hoger onderwijs.",
        "Zonder dat diploma kan je de titel niet dragen.",
        "Een diploma secundair onderwijs en VMBO-niveau.",
    ],
)
def test_words_that_only_look_like_levels_are_none(text):
    assert find_education(text) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MBO 4", "MBO 4"),
        ("MBO 2 of ervaring", "MBO 2"),
        ("hbo werk- en denkniveau", "HBO"),
        ("Afgeronde WO-master", "WO"),
        ("post-hbo", "post-HBO"),
        ("geen vooropleiding nodig", "none_required"),
        ("Master", "WO"),
        ("Bachelor", "HBO"),
        ("Universitair", "WO"),
        ("mbo of hbo", "MBO"),
        ("relevante ervaring", None),
        ("Masterclass Excel", None),
        ("Je woont in de regio", None),
        (None, None),
    ],
)
def test_a_structured_education_field_gives_the_lowest_level_it_names(raw, expected):
    assert normalise_education_level(raw) == expected


def test_levels_are_ordered_lowest_first():
    assert lowest_level(["WO", "none_required", "HBO"]) == "none_required"
    assert lowest_level(["MBO", "MBO 4"]) == "MBO 4"
    assert LEVELS.index("MBO 1") < LEVELS.index("MBO 4") < LEVELS.index("HBO") < LEVELS.index("WO")
