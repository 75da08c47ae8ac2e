"""Contract types: what kind of contract a vacancy offers, from its text or schema.org's employmentType. One rule
for the crawlers and the nlp stage."""

from __future__ import annotations

from ..codes import StoredCode
from .words import contains_words


class ContractType(StoredCode):
    """The kind of contract a vacancy offers, as stored (``vacancies.contract_type``)."""

    PERMANENT = "permanent"
    """Vast: a contract for an indefinite period."""
    TEMPORARY = "temporary"
    """Tijdelijk: a fixed-term contract (a year, a project)."""
    AGENCY_WORK = "agency_work"
    """Uitzend: employed by a temporary work agency that hires the worker out."""
    FREELANCE = "freelance"
    """Freelance, zzp or interim: self-employed."""
    INTERNSHIP = "internship"
    """Stage, BBL-traject or leerwerkplek: a place to learn."""


_CONTRACT_PHRASES = {
    ContractType.AGENCY_WORK: ("uitzendbasis", "uitzendcontract", "uitzendbureau", "fase a"),
    ContractType.FREELANCE: ("freelance", "freelancer", "zzp", "zzp'er", "interim"),
    ContractType.INTERNSHIP: ("stage", "stageplaats", "afstudeeropdracht", "bbl-traject", "leerwerkplek"),
    # Before 'vast': "een jaarcontract met uitzicht op een vast contract" is a temporary contract.
    ContractType.TEMPORARY: (
        "jaarcontract",
        "tijdelijk contract",
        "tijdelijke aanstelling",
        "bepaalde tijd",
        "projectbasis",
    ),
    ContractType.PERMANENT: (
        "vast contract",
        "vaste aanstelling",
        "onbepaalde tijd",
        "vaste baan",
        "vast dienstverband",
    ),
}
_CONTRACT_FROM_SCHEMA = {
    "TEMPORARY": ContractType.TEMPORARY,
    "CONTRACTOR": ContractType.FREELANCE,
    "INTERN": ContractType.INTERNSHIP,
}


def detect_contract_type(description: str | None, employment_type: str | None = None) -> ContractType | None:
    """The contract type a vacancy's text (or else its schema.org employmentType) states; None when not stated.

    The text wins over schema.org's employmentType, which mixes hours and contract.

    >>> detect_contract_type("Je krijgt een jaarcontract met uitzicht op een vast contract.")
    'temporary'
    >>> detect_contract_type("Een contract voor onbepaalde tijd"), detect_contract_type("Werken op uitzendbasis")
    ('permanent', 'agency_work')
    >>> detect_contract_type("", "TEMPORARY"), detect_contract_type("Wij bieden een goed salaris.", "FULL_TIME")
    ('temporary', None)
    """
    text = (description or "").lower()
    for contract, phrases in _CONTRACT_PHRASES.items():
        # "in" first: most texts hold none of the phrases, and it costs no function call.
        if any(phrase in text and contains_words(text, phrase) for phrase in phrases):
            return contract
    return _CONTRACT_FROM_SCHEMA.get((employment_type or "").upper())
