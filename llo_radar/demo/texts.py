"""The demo's vacancy and course texts as the analysis pipeline reads them (``nlp.types.TextInput``), straight from
the content files: for benchmarks and tests that need realistic Dutch texts without a crawl."""

from __future__ import annotations

from nlp.types import TextInput

from .sites import load_content


def demo_texts() -> list[TextInput]:
    """Every demo vacancy (intro, tasks, requirements, offer under their headings) and course (intro, audience,
    learning outcomes, modules), in content-file order."""
    texts = []
    for v in load_content("board_a_vacancies") + load_content("site_b_vacancies"):
        lines = [v["intro"], "Wat ga je doen?", *(f"- {t}" for t in v["tasks"]), "Wat vragen wij?"]
        lines += [*(f"- {r}" for r in v["requirements"]), "Wat bieden wij?", *(f"- {o}" for o in v["offer"])]
        texts.append(TextInput(title=v["title"], category=v["category"], body="\n".join(lines), kind="vacancy"))
    for c in load_content("provider_c_courses") + load_content("provider_d_courses"):
        lines = [c["intro"], "Voor wie?", c["audience"], "Na afloop kun je"]
        lines += [*(f"- {o}" for o in c["learning_outcomes"]), "Inhoud", *(f"- {m}" for m in c["modules"])]
        texts.append(TextInput(title=c["title"], body="\n".join(lines), kind="offer"))
    return texts
