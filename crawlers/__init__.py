"""Scrapy project that collects LLO training offers and online vacancies.

Sites are configuration (``crawlers/sources/*.yaml``); spiders are generic per kind of site
(listing pages, sitemaps) and extraction is per mode (``structured`` schema.org data, CSS/XPath
``selectors``). Items in ``crawlers/items.py`` are the contract with the later stages.
"""
