"""Downloader middlewares of the project, one module per behaviour, enabled in ``crawlers/settings.py``."""
