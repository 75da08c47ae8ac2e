"""Leaf modules that every stage may use and that import no stage: the clock, Dutch vocabulary and parsing,
and the handling of text from outside (escaping for the terminal, HTML and CSV)."""
