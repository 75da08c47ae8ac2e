"""Contract types: what kind of contract a vacancy offers, from its text or schema.org's employmentType. One rule
for the crawlers and the nlp stage."""

from __future__ import annotations

from .words import contains_words

_CONTRACT_PHRASES = {
    "uitzend": ("uitzendbasis", "uitzendcontract", "uitzendbureau", "fase a"),
    "freelance": ("freelance", "freelancer", "zzp", "zzp'er", "interim"),
    "stage": ("stage", "stageplaats", "afstudeeropdracht", "bbl-traject", "leerwerkplek"),
    # Before 'vast': "een jaarcontract met uitzicht op een vast contract" is a temporary contract.
    "tijdelijk": ("jaarcontract", "tijdelijk contract", "tijdelijke aanstelling", "bepaalde tijd", "projectbasis"),
    "vast": ("vast contract", "vaste aanstelling", "onbepaalde tijd", "vaste baan", "vast dienstverband"),
}
_CONTRACT_FROM_SCHEMA = {"TEMPORARY": "tijdelijk", "CONTRACTOR": "freelance", "INTERN": "stage"}


def detect_contract_type(description: str | None, employment_type: str | None = None) -> str | None:
    """Contract type: ``vast``, ``tijdelijk``, ``uitzend``, ``freelance`` or ``stage``; None when not stated.

    The text wins over schema.org's employmentType, which mixes hours and contract.

    >>> detect_contract_type("Je krijgt een jaarcontract met uitzicht op een vast contract.")
    'tijdelijk'
    >>> detect_contract_type("Een contract voor onbepaalde tijd"), detect_contract_type("Werken op uitzendbasis")
    ('vast', 'uitzend')
    >>> detect_contract_type("", "TEMPORARY"), detect_contract_type("Wij bieden een goed salaris.", "FULL_TIME")
    ('tijdelijk', None)
    """
    text = (description or "").lower()
    for contract, phrases in _CONTRACT_PHRASES.items():
        # "in" first: most texts hold none of the phrases, and it costs no function call.
        if any(phrase in text and contains_words(text, phrase) for phrase in phrases):
            return contract
    return _CONTRACT_FROM_SCHEMA.get((employment_type or "").upper())
