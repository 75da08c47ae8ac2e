"""Signals of the project (Scrapy's own are in ``scrapy.signals``)."""

problem_found = object()
"""A page could not be used. Arguments: ``url`` (str), ``reason`` (a code from ``problems.REASONS``),
``detail`` (str, one line)."""
