"""The demo's extract step in one process against the process pool production uses.

Reads the crawl runs a finished demo left (``make demo``: ``var/runs``) and analyses every source's items of every
run, as ``llo-radar extract`` does for each run (``nlp.extract.extract_file``, no known hashes, so every text is
analysed), once with ``LLO_RADAR_ANALYSIS_PROCESSES=1`` (the pipeline in this process) and once with 2 (the kept
pool, ``nlp.parallel``). Each mode runs in a fresh process of its own, loads the pipeline first (not timed) and then
times the analysis of all runs: wall clock, and the CPU time of the process and its workers, which other jobs on a
shared machine disturb less. The pool's workers are started first and timed on their own (``AnalysisPool.start``),
as a flow run starts them before it crawls, so that they load the pipeline during the crawl; the first round's
wall clock is shown too.

    .venv/bin/python -m bench.extract_step [var/runs] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawlers.run_folder import CrawlRun
from nlp.extract import extract_file
from nlp.parallel import kept_pool
from nlp.pipeline import default_pipeline, freeze_heap


def measure(runs_dir: Path, processes: int, rounds: int) -> dict[str, float]:
    """Analyse every run's items ``rounds`` times with ``processes``; the fastest round's figures and the first
    round's wall clock."""
    runs = [CrawlRun.read(folder) for folder in sorted(runs_dir.iterdir()) if (folder / "manifest.json").exists()]
    crawls = [crawl for run in runs for crawl in run.crawls if crawl.status != "failed"]
    nlp = default_pipeline()
    freeze_heap()
    pool = kept_pool(nlp, processes) if processes > 1 else None
    started = time.perf_counter()
    for worker in pool.start() if pool else ():
        worker.result()
    start_seconds = time.perf_counter() - started
    workers_before = sum(pool.worker_cpu_seconds()) if pool else 0.0
    first_seconds = 0.0
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(rounds):
            texts = 0
            started, cpu = time.perf_counter(), time.process_time()
            for number, crawl in enumerate(crawls):
                out = Path(scratch) / f"{number}.jsonl"
                texts += extract_file(crawl.raw_path, crawl.kind, out, nlp, {}, processes=processes).analysed
            wall, own_cpu = time.perf_counter() - started, time.process_time() - cpu
            workers_total = sum(pool.worker_cpu_seconds()) if pool else 0.0
            workers_cpu, workers_before = workers_total - workers_before, workers_total
            if not best or wall < best["seconds"]:
                best = {"texts": texts, "seconds": wall, "cpu_seconds": own_cpu + workers_cpu}
            first_seconds = first_seconds or wall
    counts = {"runs": len(runs), "sources": len(crawls)}
    return {**best, "first_seconds": first_seconds, "start_seconds": start_seconds, **counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs_dir", nargs="?", type=Path, default=Path("var/runs"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, help=argparse.SUPPRESS)  # one mode, in the child process
    args = parser.parse_args()
    if args.processes:
        print(json.dumps(measure(args.runs_dir, args.processes, args.rounds)))
        return
    if not args.runs_dir.is_dir():
        sys.exit(f"No crawl runs in {args.runs_dir}: run 'make demo' first, or give the runs folder of a demo.")
    results = {}
    for processes in (1, 2):
        command = [sys.executable, "-m", "bench.extract_step", str(args.runs_dir), "--rounds", str(args.rounds)]
        done = subprocess.run([*command, "--processes", str(processes)], check=True, capture_output=True, text=True)
        results[processes] = json.loads(done.stdout.strip().splitlines()[-1])
    one, two = results[1], results[2]
    print(f"{one['texts']} texts from {one['sources']} source crawls in {one['runs']} runs (best of {args.rounds})")
    for processes, figures in results.items():
        rate = figures["texts"] / figures["seconds"]
        seconds, cpu, first = figures["seconds"], figures["cpu_seconds"], figures["first_seconds"]
        start = f"; workers started in {figures['start_seconds']:.2f} s beforehand" if processes > 1 else ""
        print(
            f"  {processes} process(es): {seconds:.2f} s ({rate:.0f} texts/s), CPU {cpu:.2f} s"
            f"; first round {first:.2f} s{start}"
        )
    print(f"  speed-up with the pool (wall clock): {one['seconds'] / two['seconds']:.2f}x")


if __name__ == "__main__":
    main()
