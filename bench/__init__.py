"""Benchmarks: each script measures a target named in an issue and prints the figures for BENCHMARKS.md."""
