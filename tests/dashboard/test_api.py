"""Tests of llo_radar/dashboard's JSON API and read-only access: each endpoint returns what the pages show, small
cells without figures, errors as one sentence; OpenAPI documents every endpoint and field; the dashboard never
writes, on SQLite and as the llo_reader role on PostgreSQL."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from llo_radar.dashboard.app import create_app
from llo_radar.dashboard.server import serving
from warehouse.db import init_warehouse, make_engine, session_maker
from warehouse.exceptions import NoWarehouse
from warehouse.indicators.gaps import read_gaps
from warehouse.models import Base
from warehouse.views import VIEWS

from .demo_like import fill

ENDPOINTS = [
    "/api/filters",
    "/api/overview?metric=jobs",
    "/api/gaps?direction=surplus&region=AM18",
    "/api/regions/AM18",
    "/api/skills/llo:wondzorg?region=AM18",
    "/api/occupations/2221",
    "/api/cells/2026-11/NL/*/*/llo:wondzorg",
    "/api/occupation-cells/2026-11/NL/2221/llo:wondzorg",
    "/api/factsheets/regions/AM18",
    "/api/factsheets/providers/Vakacademie",
]


def test_every_endpoint_answers_and_is_documented(dashboard):
    schema = httpx.get(f"{dashboard}/api/openapi.json").json()
    documented = {path.split("{")[0] for path in schema["paths"]}
    for endpoint in ENDPOINTS:
        response = httpx.get(dashboard + endpoint)
        assert response.status_code == 200, (endpoint, response.text)
        assert any(endpoint.split("?")[0].startswith(path) for path in documented), endpoint
    for path, methods in schema["paths"].items():
        assert methods["get"]["description"], path
    gap_fields = schema["components"]["schemas"]["GapLine"]["properties"]
    assert "95%" in gap_fields["ratio_low"]["description"] and gap_fields["cell_id"]["description"]
    parameters = {p["name"] for p in schema["paths"]["/api/overview"]["get"]["parameters"]}
    assert {"period", "region", "sector", "level", "occupation", "skill_group", "linked", "metric"} <= parameters


def test_the_api_returns_the_figures_of_the_warehouse(dashboard, demo_warehouse):
    gaps = httpx.get(f"{dashboard}/api/gaps", params={"region": "AM18", "direction": "surplus"}).json()
    with demo_warehouse[1]() as session:
        expected = read_gaps(session, "2026-11", region="AM18", direction="surplus", limit=100)
    assert [(g["cell_id"], g["demand"], g["supply"], g["ratio_high"]) for g in gaps] == [
        (line.cell_id, line.demand, line.supply, line.ratio_high) for line in expected
    ]
    assert expected
    evidence = httpx.get(f"{dashboard}/api/cells/2026-11/NL/*/*/llo:wondzorg").json()
    assert len(evidence["jobs"]) == evidence["cell"]["demand"] and len(evidence["offers"]) == evidence["cell"]["supply"]
    assert all(vacancy["url"].startswith("https://") for job in evidence["jobs"] for vacancy in job["vacancies"])


def test_small_cells_come_without_figures_and_missing_comparisons_without_a_trend(dashboard):
    series = httpx.get(f"{dashboard}/api/skills/llo:wondzorg", params={"region": "AM18"}).json()["series"]
    october, november = series
    assert (october["period"], october["suppressed"], october["demand"], october["ratio_low"]) == (
        "2026-10", True, None, None,
    )  # fmt: skip
    assert november["demand"] == 17 and november["comparable"] and november["trend"] > 0
    small = httpx.get(f"{dashboard}/api/cells/2026-10/AM18/*/*/llo:wondzorg").json()
    assert small["cell"]["suppressed"] and small["jobs"] == [] and small["offers"] == []
    october_excel = httpx.get(f"{dashboard}/api/skills/llo:excel", params={"period": "2026-10"}).json()["series"][0]
    assert (october_excel["comparable"], october_excel["trend"]) == (False, None)


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("/api/regions/AM99", "No region 'AM99'"),
        ("/api/skills/llo:onbekend", "No skill 'llo:onbekend'"),
        ("/api/cells/2026-11/NL/*/*/llo:onbekend", "No skill gap cell 2026-11/NL/*/*/llo:onbekend"),
        ("/api/overview?period=2025-01", "No figures for period 2025-01"),
        ("/api/factsheets/providers/Niemand", "No subscription 'Niemand'"),
    ],
)
def test_what_does_not_exist_is_named_in_one_sentence(dashboard, path, sentence):
    response = httpx.get(dashboard + path)
    assert response.status_code == 404 and response.json()["detail"].startswith(sentence)


def test_the_dashboard_never_writes_a_sqlite_warehouse(demo_warehouse, tmp_path):
    file = Path(make_url(demo_warehouse[0]).database)
    before = hashlib.sha256(file.read_bytes()).hexdigest()
    app = create_app(demo_warehouse[0], public_url="http://127.0.0.1")
    with serving(app) as base:
        for endpoint in ENDPOINTS:
            assert httpx.get(base + endpoint).status_code == 200
        with app.state.sessions() as session, pytest.raises(Exception, match="readonly"):
            session.execute(text("delete from sectors"))
    assert hashlib.sha256(file.read_bytes()).hexdigest() == before
    missing = tmp_path / "elders.sqlite"
    with pytest.raises(NoWarehouse, match="No warehouse at"):
        create_app(f"sqlite:///{missing}", public_url="http://127.0.0.1")
    assert not missing.exists()


@pytest.mark.postgres
def test_the_dashboard_works_as_the_read_only_role_on_postgresql(postgres_server):
    engine = make_engine(postgres_server)
    init_warehouse(engine)
    fill(session_maker(engine))
    with engine.begin() as connection:
        connection.execute(text("drop role if exists analist"))
        connection.execute(text("create role analist login in role llo_reader"))
    reader = make_url(postgres_server).set(username="analist").render_as_string(hide_password=False)
    try:
        app = create_app(reader, public_url="http://127.0.0.1")
        with serving(app) as base:
            for endpoint in [*ENDPOINTS, "/", "/regions/AM18", "/skills/llo:wondzorg", "/factsheets/regions/AM18"]:
                response = httpx.get(base + endpoint)
                assert response.status_code == 200, (endpoint, response.text[:300])
            overview = httpx.get(f"{base}/api/overview").json()
            assert [line["skill"] for line in overview["shortages"]] == ["wondzorg", "Python"]
        with app.state.sessions() as session, pytest.raises(Exception, match=r"read-only transaction|permission"):
            session.execute(text("delete from sectors"))
    finally:
        with engine.begin() as connection:
            for view in VIEWS:
                connection.execute(text(f"drop view if exists {view}"))
            Base.metadata.drop_all(connection)
            connection.execute(text("drop table if exists alembic_version"))
            connection.execute(text("drop owned by analist"))
            connection.execute(text("drop role analist"))
        engine.dispose()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_factsheets_print_as_pdf_from_the_dashboard(dashboard):
    response = httpx.get(f"{dashboard}/factsheets/regions/AM18.pdf", params={"period": "2026-11"}, timeout=120)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and 'filename="factsheet-AM18.pdf"' in response.headers[
        "content-disposition"]  # fmt: skip


def test_a_large_cells_evidence_comes_in_pages(dashboard):
    cell = f"{dashboard}/api/cells/2026-11/NL/*/*/llo:wondzorg"
    first = httpx.get(cell, params={"size": 5}).json()
    rest = httpx.get(cell, params={"start": 15, "size": 5}).json()
    assert first["cell"]["demand"] == 17 and not first["complete"] and not rest["complete"]
    assert [job["job_id"] for job in first["jobs"]] == sorted(job["job_id"] for job in first["jobs"])
    assert len(first["jobs"]) == 5 and len(rest["jobs"]) == 2 and rest["start"] == 15
    assert not {job["job_id"] for job in first["jobs"]} & {job["job_id"] for job in rest["jobs"]}
    assert httpx.get(cell).json()["complete"]  # 17 jobs fit one page of 100
