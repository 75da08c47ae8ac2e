"""The dashboard's web application: HTML pages and a JSON API over one warehouse, read-only.

Built with FastAPI (its OpenAPI document at ``/api/openapi.json``, interactive docs at ``/api/docs`` served from
the fastapi-offline package, no CDN), Jinja templates (autoescaped: scraped text is shown, never run) and Plotly,
whose plotly.min.js is served from the installed plotly package. ``llo-radar dashboard`` runs it with uvicorn.
"""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.gzip import GZipMiddleware

from warehouse.db import read_only_engine, session_maker
from warehouse.indicators.trace import UnknownCell

from ..factsheets.duiding import BUNDLED_DUIDING_RULES, load_duiding
from ..settings import Settings
from . import api, pages
from .exceptions import NotFound
from .rendering import render

STATIC = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
"""plotly.js as the installed plotly package ships it, so the browser needs no internet."""
CACHE = "public, max-age=86400"
DESCRIPTION = """Skills demand (vacancies) and supply (training offers) in the Netherlands, per period, region,
sector, education level, occupation and skill, with 95% intervals and the evidence behind every figure.

Every page of the dashboard has a JSON twin here, with the same filters as query parameters. Small cells (fewer
than 10 vacancies and offers) are suppressed: named, with their figures null. Formulas: docs/indicators.md."""


def dashboard_app(settings: Settings) -> FastAPI:
    """The dashboard over the configured warehouse, with the configured public URL and duiding rules."""
    return create_app(
        settings.warehouse_url, public_url=settings.dashboard_base_url, duiding_rules=settings.duiding_rules
    )


def create_app(database_url: str, *, public_url: str, duiding_rules: Path = BUNDLED_DUIDING_RULES) -> FastAPI:
    """The dashboard over the warehouse at ``database_url``; ``public_url`` is where readers reach it (links in
    factsheets and their PDFs)."""
    app = FastAPIOffline(
        title="LLO Radar",
        description=DESCRIPTION,
        version="1",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        static_url="/static/api-docs",
    )
    engine = read_only_engine(database_url)
    app.state.sessions = session_maker(engine)
    app.state.duiding = load_duiding(duiding_rules)
    app.state.public_url = public_url.rstrip("/")
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"Cache-Control": CACHE})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(UnknownCell, _not_found)
    return app


def _not_found(request: Request, exc: Exception) -> HTMLResponse | JSONResponse:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(exc)}, status_code=404)
    return render(request, "not_found.html.j2", {"message": str(exc)}, status_code=404)
