"""LLO Radar application layer: settings, the jobs that chain the stages, reports, the demo and the CLI."""

__version__ = "0.1.0"
