"""Factsheets per region and per opleider, with duiding written by rules that are data (``duiding.yaml``), as
HTML (served by the dashboard) and PDF (Chromium). Setting: ``duiding_rules``."""
