"""Settings of LLO Radar: one typed object; each entry has a name, a default and help text.

Values come from environment variables ``LLO_RADAR_<NAME>`` (or a ``.env`` file in the working folder);
CLI options override them. ``docs/settings.md`` documents every entry (a test checks that it does).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from crawlers.sources import DEMO_SOURCES
from warehouse.reference import BUNDLED_GROUPINGS

from .exceptions import BadSetting
from .factsheets.duiding import BUNDLED_DUIDING_RULES


class Settings(BaseSettings):
    """LLO Radar settings."""

    model_config = SettingsConfigDict(env_prefix="LLO_RADAR_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        Path("var"), description="Folder for crawl runs (raw and analysed items), reports and the SQLite warehouse."
    )
    database_url: SecretStr | None = Field(
        None,
        description="SQLAlchemy URL of the warehouse, e.g. postgresql+psycopg://user@host/llo. "
        "Default: a SQLite file warehouse.sqlite in data_dir. Kept secret (it may hold a password): never "
        "printed, logged or stored in Prefect as flow parameter.",
    )
    sources_file: Path = Field(DEMO_SOURCES, description="Sources file (YAML) listing the sites to crawl.")
    taxonomy: Path | None = Field(None, description="Taxonomy file (YAML) to use instead of the bundled one.")
    synonyms: Path | None = Field(
        None,
        description="YAML file of extra synonyms per concept id ({llo:excel: [spreadsheetkennis]}), no code needed.",
    )
    region_groupings: Path | None = Field(
        BUNDLED_GROUPINGS,
        description="YAML file of region groupings (named sets of gemeenten, such as Brainport) for which "
        "indicators are computed too. Default: the bundled Brainport Eindhoven and Groene Metropoolregio.",
    )
    crawl_timeout: float = Field(
        3600.0,
        gt=0,
        description="Seconds a crawl process may take before it is stopped: one source's crawl in the flows, "
        "all selected sources' with 'llo-radar crawl'.",
    )
    crawl_retries: int = Field(2, ge=0, description="Retries of a source crawl that fetched nothing (flows).")
    crawl_retry_delay: float = Field(
        60.0, ge=0, description="Seconds before the first retry of a failed source crawl; doubled for each next one."
    )
    crawl_parallel: int = Field(
        4, gt=0, description="Source crawls at the same time, over all flow runs (a Prefect concurrency limit)."
    )
    crawl_site_parallel: int = Field(
        1,
        gt=0,
        description="Crawls of one site (host and port) at the same time, over all flow runs (a Prefect "
        "concurrency limit per site).",
    )
    dask_address: str | None = Field(
        None,
        description="Where the flows run extraction: a Dask scheduler address (tcp://host:8786) to use that "
        "cluster, 'local' for a temporary Dask cluster on this machine, none for threads in the flow's process.",
    )
    dask_workers: int = Field(2, gt=0, description="Worker processes of the temporary local Dask cluster.")
    analysis_processes: int = Field(
        2,
        ge=1,
        description="Worker processes that analyse the texts of an extraction (llo-radar extract, the Prefect flows), "
        "started at its first batch (in a flow run, before the crawl) and kept until the process ends, each loading "
        "the pipeline once; 1 analyses in the process itself. Not used on a Dask cluster, whose workers are the "
        "parallelism.",
    )
    crawl_schedule: str = Field(
        "0 5 * * *",
        description="Cron schedule of each source's crawl-and-load deployment, unless the source "
        "sets its own 'schedule'.",
    )
    aggregate_schedule: str = Field(
        "0 7 * * 1", description="Cron schedule of the aggregate-and-alert deployment (default: Mondays 07:00)."
    )
    schedule_timezone: str = Field("Europe/Amsterdam", description="Time zone of the cron schedules.")
    serve_limit: int = Field(
        1, gt=0, description="Flow runs 'llo-radar serve' runs at the same time (keep 1 on a SQLite warehouse)."
    )
    close_min_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="A finished crawl closes the items it no longer found only when it loaded at least this share of "
        "the items, and fetched this share of the pages, of the source's last healthy crawl (docs/operations.md).",
    )
    csv_protect_formulas: bool = Field(
        True,
        description="CSV exports write text that starts with = + - @ (or a tab or carriage return) with an "
        "apostrophe before it, so spreadsheet programs show it instead of running it as a formula; false when a "
        "program reads the CSV as data and needs such text unchanged.",
    )
    report_limit: int = Field(15, gt=0, description="Rows per table in the printed and HTML gap reports.")
    alert_period_kind: Literal["week", "month", "quarter"] = Field(
        "month", description="Period kind whose latest stored period the alert rule reads."
    )
    alert_min_demand: int = Field(10, ge=1, description="Least demand (unique jobs) of a cell that raises an alert.")
    alert_min_gap: int = Field(5, ge=1, description="Least gap (demand - supply) of a cell that raises an alert.")
    alert_min_growth: float = Field(
        0.0,
        description="Least growth of demand against the previous period (trend; 0.1 = 10%) for an alert; "
        "a cell without demand the period before passes.",
    )
    alert_min_ratio_low: float = Field(
        1.0,
        ge=0,
        description="Confidence: least lower bound of the ratio's 95% interval (1.0: surely more vacancies than "
        "offers).",
    )
    alert_timeout: float = Field(10.0, gt=0, description="Seconds an SMTP server or webhook may take to answer.")
    webhook_allow_private: bool = Field(
        False,
        description="Let webhooks go to private, loopback, link-local and reserved addresses (10.0.0.5, localhost, "
        "169.254.169.254): only for a receiver on the operator's own network. Off: such webhooks are refused.",
    )
    smtp_host: str = Field("localhost", description="SMTP server for e-mail alerts.")
    smtp_port: int = Field(25, gt=0, description="Port of the SMTP server.")
    smtp_user: str | None = Field(None, description="SMTP login name; none: no login.")
    smtp_password: SecretStr | None = Field(None, description="SMTP password; never printed or logged.")
    smtp_from: str = Field("llo-radar@localhost", description="Sender address of e-mail alerts.")
    smtp_starttls: bool = Field(False, description="Switch the SMTP connection to TLS (STARTTLS) before login.")
    dashboard_host: str = Field(
        "127.0.0.1", description="Address 'llo-radar dashboard' listens on (loopback: this machine only)."
    )
    dashboard_port: int = Field(8050, gt=0, lt=65536, description="Port 'llo-radar dashboard' listens on.")
    dashboard_url: str | None = Field(
        None,
        pattern=r"^https?://\S+$",
        description="Public base URL of the dashboard (https://radar.example.nl), for links that leave it: the "
        "alert e-mail's link to the opleider's factsheet. Default: http://<dashboard_host>:<dashboard_port>.",
    )
    duiding_rules: Path = Field(
        BUNDLED_DUIDING_RULES,
        description="YAML file of the rules that write the factsheets' interpretation (duiding) in Dutch; default: "
        "the bundled llo_radar/factsheets/duiding.yaml.",
    )

    @classmethod
    def overridden(cls, **values: Any) -> Settings:
        """The configured settings with ``values`` in place of theirs; None leaves a setting as configured.
        ``BadSetting`` names the first setting whose value cannot be used (never showing a secret's value)."""
        try:
            return cls(**{key: value for key, value in values.items() if value is not None})
        except ValidationError as exc:
            raise BadSetting(_describe(exc)) from None

    @property
    def warehouse_url(self) -> str:
        """``database_url``, or the SQLite file in ``data_dir``."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{(self.data_dir / 'warehouse.sqlite').resolve()}"

    @property
    def dashboard_base_url(self) -> str:
        """``dashboard_url`` without a trailing slash, or the local address the dashboard serves."""
        return (self.dashboard_url or f"http://{self.dashboard_host}:{self.dashboard_port}").rstrip("/")

    @property
    def runs_dir(self) -> Path:
        """Where crawl runs are kept, one folder per run."""
        return self.data_dir / "runs"

    @property
    def reports_dir(self) -> Path:
        """Where HTML reports are written."""
        return self.data_dir / "reports"


@contextmanager
def warehouse_in_environment(settings: Settings) -> Iterator[None]:
    """The settings' warehouse URL in ``LLO_RADAR_DATABASE_URL`` while the block runs, restored after: how flows
    started from this process get the warehouse, since a flow parameter would be stored in Prefect, password
    and all."""
    name = f"{Settings.model_config['env_prefix']}DATABASE_URL"
    before = os.environ.get(name)
    os.environ[name] = settings.warehouse_url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    field = Settings.model_fields.get(name)
    if field is None:
        return f"Bad settings: {first['msg']}"
    secret = field.annotation in (SecretStr, SecretStr | None)
    value = "" if secret else f" = {first['input']!r}"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"Setting LLO_RADAR_{name.upper()}{value}: {first['msg']}{more}; see docs/settings.md"
