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

from interviewer.evaluation.metrics import percentile
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


SAMPLE_QUESTION = "Tell me about a time you improved a process your team relied on."
SAMPLE_ANSWERS = [
    "At my last company the nightly training pipeline took 14 hours and failed twice a week. I was responsible for "
    "fixing it. I profiled each stage and made feature computation incremental. As a result training dropped from "
    "14 hours to 2 hours and failures fell by 90%.",
    "Bias is error from overly simple assumptions, so the model underfits; variance is sensitivity to the training "
    "sample, so it overfits. Learning curves tell them apart, and regularization or more data reduce variance.",
    "I would start with a brute-force O(n^2) scan, then use a hash map from value to index to get O(n) time and O(n) "
    "space. Edge cases are an empty list and duplicates, and I would test with a small example by hand.",
    "First I would clarify the scale and latency budget, then use a two-tower model for candidate generation and a "
    "GBDT ranker, track recall@k offline and CTR online in an A/B test, and monitor drift after launch.",
    "We had a slow build and we made it faster. It was a team effort and everyone was happy in the end.",
    "I don't know.",
]


def _grade_latencies(settings: Settings, kb: object, count: int, prepared: bool) -> list[float]:
    """Warm offline grading latency with a new answer each time (no cache hit on the answer).

    prepared: the question's key points were embedded when it was asked, as the interview engine does.
    """
    from interviewer.grading.targets import target_for
    from interviewer.kb.catalog import load_bank
    from interviewer.services import build_grader

    grader = build_grader(settings, None, kb)  # type: ignore[arg-type]
    questions = [q for q in load_bank().questions][::7]
    for i in range(5):
        grader.grade(target_for(questions[i]), SAMPLE_ANSWERS[i % len(SAMPLE_ANSWERS)])
    latencies = []
    for i in range(count):
        answer = f"{SAMPLE_ANSWERS[i % len(SAMPLE_ANSWERS)]} (take {i})"
        target = target_for(questions[i % len(questions)])
        if prepared:
            grader.prepare(target)
        started = time.perf_counter()
        grader.grade(target, answer)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _p50_p95(name: str, latencies: list[float]) -> dict[str, float | int | str]:
    """Median and 95th percentile of latencies in ms, rounded, named <name>_p50_ms and <name>_p95_ms."""
    p50, p95 = statistics.median(latencies), percentile(latencies, 95)
    return {f"{name}_p50_ms": round(p50, 2), f"{name}_p95_ms": round(p95, 2)}


def run_benchmarks(settings: Settings, searches: int = 200, grades: int = 200) -> dict[str, float | int | str]:
    """Cold and unchanged ingest, cold search and grade commands, warm search and grade latency, peak RSS."""
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
        grade_cold, grade_rss = _run(
            [
                *data,
                "grade",
                "--round",
                "behavioral",
                "--question",
                SAMPLE_QUESTION,
                "--answer",
                SAMPLE_ANSWERS[0],
                "--json",
            ]
        )
        grade_latencies = _grade_latencies(bench_settings, kb, grades, prepared=True)
        cold_question_latencies = _grade_latencies(bench_settings, kb, grades, prepared=False)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "chunks": chunks,
        "ingest_cold_s": round(cold_ingest, 2),
        "ingest_unchanged_s": round(unchanged_ingest, 2),
        "search_command_cold_s": round(cold_search, 2),
        **_p50_p95("search_warm", latencies),
        "searches_timed": searches,
        "peak_rss_ingest_mb": round(ingest_rss, 1),
        "peak_rss_search_command_mb": round(search_rss, 1),
        "grade_command_cold_s": round(grade_cold, 2),
        **_p50_p95("grade_warm", grade_latencies),
        "grades_timed": len(grade_latencies),
        "grade_unprepared_question_p95_ms": round(percentile(cold_question_latencies, 95), 2),
        "peak_rss_grade_command_mb": round(grade_rss, 1),
        "peak_rss_warm_search_process_mb": round(self_rss, 1),
    }
