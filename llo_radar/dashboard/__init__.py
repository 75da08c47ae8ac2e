"""The dashboard: a read-only web application over the warehouse (``llo-radar dashboard``).

``figures.py`` reads what each view shows; ``pages.py`` renders it as HTML with ``charts.py`` (Plotly) and the
templates, ``api.py`` returns the same records as JSON; ``app.py`` puts them together; ``server.py`` runs it.
Settings: ``dashboard_host``, ``dashboard_port``, ``dashboard_url`` (docs/dashboard.md).
"""
