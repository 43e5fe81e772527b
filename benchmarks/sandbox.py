"""Code-running benchmark: the sandbox's start-up overhead, the time to run each problem's full test set (what Submit
costs a candidate), and how many runs per second this machine sustains.

Run: .venv/bin/python benchmarks/sandbox.py [--seconds 20] [--workers 2] [--json]
Uses the product's own path: the judge that `interviewer ui`, `interviewer chat` and `interviewer solve` build
(services.build_judge), with each problem's reference solution as the candidate's code. The references' own outputs
are computed first (as the first Submit of each problem does once per process) and not timed.
Target (issue 12): Submit feedback <= 2 s for a typical problem (the p50) on this 2-core machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import threading
import time

from interviewer.coding.judge import Judge
from interviewer.domain.runs import RunLimits
from interviewer.services import build_judge


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_up(judge: Judge, runs: int = 20) -> dict[str, float]:
    """A run that does nothing: bubblewrap, the rlimits launcher and the interpreter's start, and the cleanup."""
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        judge.sandbox.run_python({"main.py": "pass"}, "main.py", RunLimits())
        seconds.append(time.perf_counter() - began)
    return {"p50_s": round(statistics.median(seconds), 3), "p95_s": round(_percentile(seconds, 0.95), 3)}


def full_test_sets(judge: Judge) -> dict[str, object]:
    """Submit of every problem's reference: every example, hidden, large and growth case (SQL: the query)."""
    for problem_id in judge.problems:  # the reference outputs, as each problem's first Submit computes them
        judge._reference(judge.problems[problem_id])
    timings: dict[str, float] = {}
    failed = []
    for problem_id, problem in judge.problems.items():
        began = time.perf_counter()
        result = judge.check(problem_id, problem.reference, "submit", talk="")
        timings[problem_id] = time.perf_counter() - began
        if result.status != "passed":
            failed.append(problem_id)
    values = list(timings.values())
    python = [t for i, t in timings.items() if judge.problems[i].kind.value != "sql"]
    sql = [t for i, t in timings.items() if judge.problems[i].kind.value == "sql"]
    slowest = sorted(timings.items(), key=lambda kv: -kv[1])[:5]
    return {
        "problems": len(values),
        "p50_s": round(statistics.median(values), 3),
        "p95_s": round(_percentile(values, 0.95), 3),
        "python_p50_s": round(statistics.median(python), 3),
        "sql_p50_s": round(statistics.median(sql), 3),
        "slowest": [[i, round(t, 2)] for i, t in slowest],
        "references_failing": failed,
    }


def sustained(judge: Judge, seconds: float, workers: int, mode: str) -> dict[str, float]:
    """Runs (Run: the examples; Submit: every test) completed per second by `workers` threads cycling through
    every problem for `seconds`."""
    problems = itertools.cycle(sorted(judge.problems))
    guard, done, stop = threading.Lock(), [0], time.monotonic() + seconds

    def work() -> None:
        while time.monotonic() < stop:
            with guard:
                problem_id = next(problems)
            judge.check(problem_id, judge.problems[problem_id].reference, mode)  # type: ignore[arg-type]
            with guard:
                done[0] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {"runs": done[0], "seconds": round(elapsed, 1), "runs_per_s": round(done[0] / elapsed, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each sustained-load phase runs")
    parser.add_argument("--workers", type=int, default=2, help="concurrent runs (one per core)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    judge = build_judge()
    figures = {
        "confinement": judge.sandbox.confinement.value,  # type: ignore[attr-defined]
        "start_up": start_up(judge),
        "submit_full_test_set": full_test_sets(judge),
        "sustained_run": sustained(judge, args.seconds, args.workers, "run"),
        "sustained_submit": sustained(judge, args.seconds, args.workers, "submit"),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"confinement: {figures['confinement']}")
    print(f"sandbox start-up (a run that does nothing): p50 {figures['start_up']['p50_s']} s, "
          f"p95 {figures['start_up']['p95_s']} s")  # fmt: skip
    full = figures["submit_full_test_set"]
    print(f"Submit, full test set of {full['problems']} problems: p50 {full['p50_s']} s, p95 {full['p95_s']} s "  # type: ignore[index]
          f"(Python p50 {full['python_p50_s']} s, SQL p50 {full['sql_p50_s']} s); slowest {full['slowest']}")  # type: ignore[index]  # fmt: skip
    if full["references_failing"]:  # type: ignore[index]
        print(f"references failing: {full['references_failing']}")  # type: ignore[index]
    for name in ("sustained_run", "sustained_submit"):
        figure = figures[name]
        print(f"{name.replace('_', ' ')} with {args.workers} workers: {figure['runs_per_s']} runs/s "  # type: ignore[index]
              f"({figure['runs']} in {figure['seconds']} s)")  # type: ignore[index]  # fmt: skip


if __name__ == "__main__":
    main()
