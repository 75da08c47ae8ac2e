"""Tests of nlp/emerging.py: unknown terms asked for in requirements are counted once per text."""

from __future__ import annotations

from nlp.emerging import emerging_terms
from nlp.types import TextInput


def test_unknown_required_terms_are_listed_with_counts_and_examples(mini_nlp):
    ad = "Wat vragen wij?\n- Ervaring met Mendix en SQL\n- Kennis van Topdesk\nWat bieden wij?\n- Ervaring met Zendesk"
    texts = [TextInput(body=ad), TextInput(body=ad), TextInput(body="Jouw profiel\nJe hebt ervaring met mendix.")]
    terms = {term.term: term for term in emerging_terms(texts, mini_nlp, min_count=2)}
    assert set(terms) == {"Mendix", "Topdesk"}  # SQL is known; Zendesk is only in the benefits
    assert terms["Mendix"].count == 3 and terms["Topdesk"].count == 2
    assert terms["Mendix"].examples[0] == "- Ervaring met Mendix en SQL"
