"""Tests of nlp/emerging.py: unlinked terms that count are listed once per text, with spelling and examples."""

from __future__ import annotations

from nlp.emerging import emerging_terms
from nlp.types import TextInput


def test_unlinked_terms_that_count_are_listed_with_counts_and_examples(nlp):
    ad = (
        "Wat vragen wij?\n- Ervaring met Mendix en SQL\n- Dakkapellen plaatsen\n"
        "Wat bieden wij?\n- Een cursus dakkapellen plaatsen"
    )
    other = "Jouw profiel\n- Je hebt ervaring met mendix.\n- Het plaatsen van dakkapellen"
    terms = {term.term: term for term in emerging_terms([TextInput(body=ad), TextInput(body=other)], nlp)}
    assert "dak kapel plaatsen" in terms  # one term however it is written
    assert "sql" not in terms and "mendix" not in terms  # linked to the taxonomy
    assert terms["dak kapel plaatsen"].count == 2  # once per text; not in the benefits
    assert terms["dak kapel plaatsen"].spelling in {"Dakkapellen plaatsen", "plaatsen van dakkapellen"}
    assert terms["dak kapel plaatsen"].examples[0] == "- Dakkapellen plaatsen"
    assert not {"in", "op", "tot", "is", "met", "van"} & set(terms)  # no small words
