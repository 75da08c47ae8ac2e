"""Custom spaCy components, one module each, registered as ``llo_*`` factories."""
