"""Generic spiders, one per kind of site; which site to crawl comes from the ``source`` argument."""
