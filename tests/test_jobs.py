"""Tests of llo_radar/jobs.py: incremental extraction and closing on the demo sites."""

from __future__ import annotations

import json
import shutil

from sqlalchemy import func, select

from llo_radar import jobs
from llo_radar.settings import Settings
from tests.conftest import DEMO_ITEMS
from warehouse.models import Vacancy


def test_reruns_skip_unchanged_texts_and_only_complete_crawls_close(demo_sites, nlp, tmp_path):
    settings = Settings(data_dir=tmp_path)
    run = jobs.crawl(settings, ["werkradar"])
    first = jobs.extract_and_load(settings, run.run_dir, nlp)[0]
    published = DEMO_ITEMS["werkradar"]
    assert (first.extract.analysed, first.extract.unchanged, first.closed) == (published, 0, 0)
    again = jobs.extract_and_load(settings, run.run_dir, nlp)[0]
    assert (again.extract.analysed, again.extract.unchanged, again.load.unchanged) == (0, published, published)

    # A later crawl that no longer finds one vacancy: copy the run and drop that item.
    def later_run(name: str, status: str):
        run_dir = tmp_path / "runs" / name
        shutil.copytree(run.run_dir, run_dir)
        raw = run_dir / "werkradar.jsonl"
        items = [json.loads(line) for line in raw.read_text(encoding="utf-8").splitlines()]
        for item in items:
            item["fetched_at"] = "2099-01-01T00:01:00+00:00"
        raw.write_text("".join(json.dumps(item) + "\n" for item in items[1:]), encoding="utf-8")
        manifest = json.loads((run_dir / jobs.MANIFEST).read_text(encoding="utf-8"))
        entry = manifest["sources"][0]
        entry.update(status=status, raw_path=str(raw), started_at="2099-01-01T00:00:00+00:00")
        (run_dir / jobs.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        return run_dir, items[0]["source_id"]

    partial_dir, gone = later_run("partial", "partial")
    assert jobs.extract_and_load(settings, partial_dir, nlp)[0].closed == 0  # a partial crawl proves nothing
    complete_dir, gone = later_run("complete", "finished")
    assert jobs.extract_and_load(settings, complete_dir, nlp)[0].closed == 1
    with jobs.open_warehouse(settings)() as session:
        closed = session.scalars(select(Vacancy.source_key).where(Vacancy.closed_at.is_not(None))).all()
        assert closed == [gone]
        assert session.scalar(select(func.count(Vacancy.id))) == published
