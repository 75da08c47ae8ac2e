"""Scrapy extensions of the project, one module per behaviour."""
