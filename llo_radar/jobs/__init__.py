"""The stages chained: crawl → extract and load → deduplicate → aggregate → report and alerts, one module per
verb. The Prefect flows and the command both call these functions (``from llo_radar import jobs``); each one is
safe to re-run. A crawl run lives in ``<data_dir>/runs/<run key>/``, described by its ``CrawlRun``
(``crawlers/run_folder.py``).
"""

from .alerting import (
    add_subscription,
    alert_rule,
    alerts,
    change_alert,
    channel_config,
    load_subscription_file,
    remove_subscription,
    send_alerts,
    subscriptions,
)
from .crawl import crawl, crawl_source, latest_run, record_crawl, rescrape, scrape_item, select_sources, start_crawl_run
from .database import open_warehouse, sync_taxonomy, sync_taxonomy_in, upgrade_warehouse, warehouse_engine
from .extract import (
    SourceLoad,
    analyse_one,
    analysis_pipeline,
    extract_and_load,
    extract_source,
    load_source,
    read_text,
    start_analysis,
)
from .indicators import aggregate, dedupe
from .outputs import export_view, report, trace
from .skills import accept_term, emerging_skills

__all__ = [
    "SourceLoad",
    "accept_term",
    "add_subscription",
    "aggregate",
    "alert_rule",
    "alerts",
    "analyse_one",
    "analysis_pipeline",
    "change_alert",
    "channel_config",
    "crawl",
    "crawl_source",
    "dedupe",
    "emerging_skills",
    "export_view",
    "extract_and_load",
    "extract_source",
    "latest_run",
    "load_source",
    "load_subscription_file",
    "open_warehouse",
    "read_text",
    "record_crawl",
    "remove_subscription",
    "report",
    "rescrape",
    "scrape_item",
    "select_sources",
    "send_alerts",
    "start_analysis",
    "start_crawl_run",
    "subscriptions",
    "sync_taxonomy",
    "sync_taxonomy_in",
    "trace",
    "upgrade_warehouse",
    "warehouse_engine",
]
