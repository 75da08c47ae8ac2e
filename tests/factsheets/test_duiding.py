"""Tests of llo_radar/factsheets/duiding.py: the rules that write the duiding are data; the first rule of each topic
whose condition holds writes its sentence; a broken rules file is named in one sentence; rules run sandboxed."""

from __future__ import annotations

import pytest

from llo_radar.factsheets.duiding import BadRules, load_duiding

SHORTAGE = {
    "skill": "wondzorg", "region": "Groot Amsterdam", "sector_code": "*", "sector": "Alle sectoren",
    "education_level": "*", "period": "2026-11", "previous": "vorige maand", "demand": 12, "supply": 0, "jobs": 40,
    "offers": 10, "ratio": None, "ratio_low": 3.1, "ratio_high": None, "gap": 12, "demand_share": 0.3,
    "supply_share": 0.0, "share_gap": 0.3, "share_gap_low": 0.12, "share_gap_high": 0.45, "demand_previous": 0,
    "comparable": True, "trend": None, "open_days_mean": None, "provider": "Vakacademie", "own_offers": 0,
    "others": [],
}  # fmt: skip


def test_the_bundled_rules_explain_a_shortage_nobody_teaches():
    duiding = load_duiding()
    evidence = duiding.evidence(SHORTAGE)
    assert [s.rule for s in evidence] == ["geen-aanbod", "zeker-tekort", "aandeel-hoger", "nieuw"]
    assert evidence[0].text == (
        "Geen enkele opleiding die in Groot Amsterdam (of online) te volgen is, leert wondzorg, terwijl 12 vacatures "
        "erom vragen."
    )
    assert "minstens 3,1 per opleiding" in evidence[1].text and "+30 procentpunt" in evidence[2].text
    assert [s.rule for s in duiding.actions("regio", SHORTAGE)] == ["regio-geen-aanbod"]
    assert [s.rule for s in duiding.actions("opleider", SHORTAGE)] == ["opleider-nieuw-leeg"]
    uncertain = SHORTAGE | {"supply": 4, "ratio": 3.0, "ratio_low": 0.9, "ratio_high": 9.8, "gap": 8,
                            "comparable": False, "own_offers": 1}  # fmt: skip
    assert [s.rule for s in duiding.evidence(uncertain)] == ["meer-vraag", "onzeker-tekort", "aandeel-hoger",
                                                             "geen-vergelijking"]  # fmt: skip
    assert [s.rule for s in duiding.actions("opleider", uncertain)] == ["opleider-uitbreiden"]


def test_rules_are_data_another_file_writes_other_sentences(tmp_path):
    rules = tmp_path / "duiding.yaml"
    rules.write_text(
        """
version: 1
summary: {regio: [{id: kort, topic: kort, text: "{{ subject }}: {{ plural(sure, 'tekort', 'tekorten') }}."}]}
evidence:
  - {id: veel, topic: omvang, when: demand >= 10, text: "Veel vraag naar {{ skill }} ({{ demand }})."}
  - {id: weinig, topic: omvang, text: "Weinig vraag naar {{ skill }}."}
  - {id: nooit, topic: omvang, text: "Deze regel komt na een regel van hetzelfde onderwerp en schrijft dus niets."}
actions: {}
""",
        encoding="utf-8",
    )
    duiding = load_duiding(rules)
    assert [s.text for s in duiding.evidence(SHORTAGE)] == ["Veel vraag naar wondzorg (12)."]
    assert [s.text for s in duiding.evidence(SHORTAGE | {"demand": 3})] == ["Weinig vraag naar wondzorg."]
    assert duiding.summary("regio", {"subject": "Twente", "sure": 1})[0].text == "Twente: 1 tekort."
    assert duiding.actions("opleider", SHORTAGE) == []


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ("version: 1\nsummary: {}\nactions: {}\nevidence: [{id: a, topic: t, text: '{{ skill '}]",
         "evidence rule a: unexpected end of template"),
        ("version: 1\nsummary: {}\nactions: {}\nevidence: [{id: a, topic: t, text: x}, {id: a, topic: u, text: y}]",
         "rule ids given twice: a"),
        ("version: 1\nsummary: {}\nactions: {}\nevidence: [{id: a, topic: t}]", "evidence.0.text: Field required"),
        ("version: 2\nsummary: {}\nactions: {}\nevidence: []", "version: Input should be 1"),
    ],
)  # fmt: skip
def test_a_broken_rules_file_is_named_in_one_sentence(tmp_path, rules, problem):
    path = tmp_path / "duiding.yaml"
    path.write_text(rules, encoding="utf-8")
    with pytest.raises(BadRules, match=problem) as raised:
        load_duiding(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{{ skill.__class__.__mro__ }}", r"rule r: access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ vacatures }}", r"rule r: 'vacatures' is undefined"),
    ],
)
def test_rules_run_sandboxed_and_name_what_they_lack(tmp_path, text, problem):
    path = tmp_path / "duiding.yaml"
    path.write_text(
        f"version: 1\nsummary: {{}}\nactions: {{}}\nevidence: [{{id: r, topic: t, text: '{text}'}}]\n",
        encoding="utf-8",
    )
    with pytest.raises(BadRules, match=problem):
        load_duiding(path).evidence(SHORTAGE)
