"""Dutch text analysis: skills (taxonomy-driven), sector and flags for vacancies and training offers.

The spaCy pipeline is data (``nlp/configs/pipeline.cfg``); its components live in ``nlp/components/``
and are registered as spaCy factories through entry points in ``pyproject.toml``.
"""
