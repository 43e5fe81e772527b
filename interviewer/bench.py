"""Benchmarks for ingest and search: printed figures, not timed tests."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interviewer.settings import Settings


def _run(args: list[str]) -> tuple[float, float]:
    """Run an `interviewer` subprocess; return (wall seconds, peak RSS in MB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer.cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"interviewer {' '.join(args)} failed: {stderr.strip()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_benchmarks(settings: Settings, searches: int = 200) -> dict[str, float | int | str]:
    """Cold and unchanged ingest, cold search command, warm search latency and peak RSS."""
    from interviewer.evaluation.retrieval import default_dataset, load_cases
    from interviewer.services import build_knowledge_base

    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as tmp:
        data = ["--data-dir", tmp]
        cold_ingest, ingest_rss = _run([*data, "ingest", "--quiet"])
        unchanged_ingest, _ = _run([*data, "ingest", "--quiet"])
        cold_search, search_rss = _run([*data, "search", "how do I structure a behavioral answer", "--json"])

        bench_settings = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None, "chroma_path": None})
        kb = build_knowledge_base(bench_settings)
        queries = [c.query for c in load_cases(default_dataset())]
        for query in queries[:5]:
            kb.search(query)
        latencies = []
        for i in range(searches):
            started = time.perf_counter()
            kb.search(queries[i % len(queries)], k=5)
            latencies.append((time.perf_counter() - started) * 1000)
        chunks = kb.store.count()
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "chunks": chunks,
        "ingest_cold_s": round(cold_ingest, 2),
        "ingest_unchanged_s": round(unchanged_ingest, 2),
        "search_command_cold_s": round(cold_search, 2),
        "search_warm_p50_ms": round(statistics.median(latencies), 2),
        "search_warm_p95_ms": round(percentile(latencies, 95), 2),
        "searches_timed": searches,
        "peak_rss_ingest_mb": round(ingest_rss, 1),
        "peak_rss_search_command_mb": round(search_rss, 1),
        "peak_rss_warm_search_process_mb": round(self_rss, 1),
    }
