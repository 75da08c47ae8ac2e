"""Item pipelines, one module per behaviour, enabled with order numbers in ``crawlers/settings.py``."""
