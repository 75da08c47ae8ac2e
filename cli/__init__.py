"""The ``llo-radar`` command, the top of the stack: it calls the stage operations (``llo_radar.jobs``), the flows,
the dashboard and the demo; nothing imports it (``tests/test_import_rules.py``)."""
