"""The import rules in pyproject.toml (``[tool.importlinter]``) hold: the stages import one way (core, crawlers,
nlp, warehouse, alerts, llo_radar, flows, cli), the later stages read the crawl through its published records, and
nothing imports the command."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_stages_import_one_way_and_through_published_records():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
