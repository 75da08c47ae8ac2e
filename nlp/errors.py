"""Error messages of the nlp package, with codes you can grep for (spaCy's ``errors.py`` habit)."""

from __future__ import annotations


class NlpError(Exception):
    """Base class for errors raised by the nlp package."""


class TaxonomyError(NlpError):
    """A taxonomy file is missing, unreadable or inconsistent."""


class RulesError(NlpError):
    """A sector rules file is missing, unreadable or inconsistent."""


class RawItemsError(NlpError):
    """A crawl's raw items file is missing or unreadable: an error, never an empty crawl."""


class Errors:
    """Message templates; format them with the named fields."""

    E001 = "[E001] Taxonomy file {path} not found."
    E002 = "[E002] Taxonomy file {path} is not valid YAML: {reason}"
    E003 = "[E003] Taxonomy file {path}, concept {index} ({concept_id}): {reason}"
    E004 = "[E004] Taxonomy file {path}: concept id {concept_id} appears twice."
    E005 = "[E005] Sector rules file {path}, section {section}: {reason}"
    E006 = "[E006] Component {name} has no patterns: initialize the pipeline before use."
    E009 = "[E009] ESCO import from {path}: {reason}"
    E008 = "[E008] Synonyms file {path}: {reason}"
    E010 = "[E010] No trained skill tagger models in {path}: train them with 'python -m nlp.training'."
    E007 = "[E007] Section rules file {path}: '{key}' is missing or empty."
    E011 = "[E011] Cannot read the raw items file {path}: {reason}. Nothing was analysed or closed."
    E012 = "[E012] Component {name} of the pipeline is a {found}, not a {kind}."
    E013 = (
        "[E013] An analysis worker process stopped during a batch, so the batch failed: was it killed or out of "
        "memory? The pool an extraction keeps starts new workers for the next batch. Python says: {reason}"
    )
