"""Running a Python solution against a problem's tests in a sandbox, and comparing what came back outside it (the
expected outputs never enter the sandbox)."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from interviewer.domain.problems import Compare, Problem
from interviewer.domain.runs import RunLimits, RunResult, Sandbox

# Runs inside the sandbox: load the solution, call it once per case (a large case's arguments built by our setup code),
# and append one JSON line per call to results.jsonl as it goes, so a run killed part-way keeps what it did.
HARNESS = r"""
import json, signal, sys, time, traceback

class _TooSlow(BaseException):
    pass

def _alarm(signum, frame):
    raise _TooSlow()

def _plain(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)

spec = json.load(open("calls.json"))
results = open("results.jsonl", "w")
namespace = {"__name__": "solution"}
try:
    exec(compile(open("solution.py").read(), "solution.py", "exec"), namespace)
    function = namespace[spec["function"]]
except BaseException as exc:
    line = traceback.format_exception_only(type(exc), exc)[-1].strip()
    results.write(json.dumps({"load_error": line}) + "\n")
    sys.exit(0)
signal.signal(signal.SIGALRM, _alarm)
too_slow = 0
for call in spec["calls"]:
    if too_slow >= 2 and not call.get("setup"):
        continue  # it loops (or crawls) on every small case: reporting the rest as not run saves the candidate's wait
    args = call.get("args")
    if call.get("setup"):
        scope = {}
        exec(call["setup"], scope)
        args = scope["args"]
    record = {"index": call["index"]}
    signal.setitimer(signal.ITIMER_REAL, call["seconds"])
    began = time.perf_counter()
    try:
        value = function(**args)
        record["seconds"] = time.perf_counter() - began
        signal.setitimer(signal.ITIMER_REAL, 0)
        record["value"] = json.loads(json.dumps(value, default=_plain))
    except _TooSlow:
        record["seconds"] = time.perf_counter() - began
        record["error"] = "too slow"
        too_slow += 1
    except BaseException as exc:
        signal.setitimer(signal.ITIMER_REAL, 0)
        record["seconds"] = time.perf_counter() - began
        record["error"] = traceback.format_exception_only(type(exc), exc)[-1].strip()[:300]
    results.write(json.dumps(record) + "\n")
    results.flush()
"""
NOT_RUN = "not run (the run ended, or earlier cases were too slow)"
SMALL_CASE_SECONDS = 2.0
"""How long one small (example or hidden) case may take before it is reported as too slow."""


class CaseResult(BaseModel):
    """One call of the candidate's function."""

    name: str
    hidden: bool
    passed: bool
    seconds: float | None = None
    error: str | None = None
    """Why it failed: an exception, "too slow", or "wrong answer"."""
    shown_args: str = ""
    """The arguments, shortened, for a failed visible example (hidden cases are not shown)."""


class CodeReport(BaseModel):
    """What a run of the candidate's code showed."""

    cases: list[CaseResult] = Field(default_factory=list)
    load_error: str | None = None
    run_problem: str | None = None
    """Why the run itself failed (time, memory, output, crash), in words."""
    warnings: list[str] = Field(default_factory=list)
    stdout: str = ""

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def all_passed(self) -> bool:
        return bool(self.cases) and all(c.passed for c in self.cases) and self.load_error is None


def _close(a: Any, b: Any, tolerance: float) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tolerance) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=tolerance, abs_tol=tolerance)
    return bool(a == b)


def _multiset(values: list[Any]) -> Counter[str]:
    return Counter(json.dumps(v, sort_keys=True) for v in values)


def same_output(problem: Problem, args: dict[str, Any] | None, expected: Any, got: Any) -> bool:
    """Whether `got` is a right answer under the problem's comparison rule."""
    match problem.compare:
        case Compare.FLOAT:
            return _close(expected, got, problem.tolerance)
        case Compare.UNORDERED:
            return isinstance(got, list) and isinstance(expected, list) and _multiset(got) == _multiset(expected)
        case Compare.NESTED_UNORDERED:
            if not (isinstance(got, list) and all(isinstance(g, list) for g in got) and isinstance(expected, list)):
                return False
            return _multiset([sorted(map(json.dumps, g)) for g in got]) == _multiset(
                [sorted(map(json.dumps, e)) for e in expected]
            )
        case Compare.PAIR_SUM:
            if args is None:  # a large case, built inside the sandbox: the one pair the reference found
                return isinstance(got, list) and isinstance(expected, list) and sorted(got) == sorted(expected)
            nums, target = args.get("nums"), args.get("target")
            if not (isinstance(got, list) and len(got) == 2 and all(type(i) is int for i in got) and nums):
                return False
            i, j = got
            return bool(i != j and 0 <= i < len(nums) and 0 <= j < len(nums) and nums[i] + nums[j] == target)
        case _:
            return bool(got == expected)


def _calls(problem: Problem) -> list[dict[str, Any]]:
    cases = [*problem.examples, *problem.tests]
    calls: list[dict[str, Any]] = [
        {"index": i, "args": case.args, "seconds": SMALL_CASE_SECONDS} for i, case in enumerate(cases)
    ]
    calls += [
        {"index": len(cases) + i, "setup": large.setup, "seconds": large.seconds}
        for i, large in enumerate(problem.large)
    ]
    return calls


def run_solution(problem: Problem, code: str, sandbox: Sandbox, limits: RunLimits | None = None) -> RunResult:
    """Run `code` (which defines the problem's function) on every example, hidden and large case, in the sandbox."""
    calls = _calls(problem)
    budget = len(calls) * 0.05 + sum(c["seconds"] for c in calls if "setup" in c) * 2 + 8
    limits = limits or RunLimits(cpu_seconds=int(budget) + 1, wall_seconds=budget + 5)
    files = {"solution.py": code, "harness.py": HARNESS, "calls.json": json.dumps({"function": problem.function,
                                                                                     "calls": calls})}  # fmt: skip
    return sandbox.run_python(files, "harness.py", limits, collect=("results.jsonl",))


def _records(run: RunResult) -> tuple[dict[int, dict[str, Any]], str | None]:
    records: dict[int, dict[str, Any]] = {}
    load_error = None
    for line in run.files.get("results.jsonl", "").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
        if "load_error" in record:
            load_error = str(record["load_error"])
        elif isinstance(record.get("index"), int):
            records[record["index"]] = record
    return records, load_error


def report(problem: Problem, run: RunResult, large_expected: list[Any]) -> CodeReport:
    """Compare a run's outputs with the expected ones (the large cases' from the reference's own run)."""
    records, load_error = _records(run)
    cases = [*problem.examples, *problem.tests]
    results: list[CaseResult] = []
    for index, case in enumerate(cases):
        record, hidden = records.get(index), index >= len(problem.examples)
        name = case.name or f"example {index + 1}"
        results.append(_case(problem, name, hidden, record, case.args, case.expected))
    for offset, large in enumerate(problem.large):
        record = records.get(len(cases) + offset)
        expected = large_expected[offset] if offset < len(large_expected) else None
        result = _case(problem, large.name, True, record, None, expected)
        if result.passed and record is not None and float(record.get("seconds", 0)) > large.seconds:
            result = result.model_copy(update={"passed": False, "error": "too slow"})
        results.append(result)
    return CodeReport(
        cases=results,
        load_error=load_error,
        run_problem=None if run.ok else run.problem(),
        warnings=run.warnings,
        stdout=run.stdout[:2000],
    )


def _case(
    problem: Problem, name: str, hidden: bool, record: dict[str, Any] | None, args: dict[str, Any] | None, want: Any
) -> CaseResult:
    if record is None:
        return CaseResult(
            name=name, hidden=hidden, passed=False, error="not run (the run ended, or earlier cases were too slow)"
        )
    seconds = round(float(record.get("seconds", 0.0)), 4)
    if "error" in record:
        return CaseResult(name=name, hidden=hidden, passed=False, seconds=seconds, error=str(record["error"]))
    passed = same_output(problem, args, want, record.get("value"))
    shown = "" if hidden or passed else json.dumps(args)[:300]
    error = None if passed else "wrong answer"
    return CaseResult(name=name, hidden=hidden, passed=passed, seconds=seconds, error=error, shown_args=shown)


def large_outputs(problem: Problem, run: RunResult) -> list[Any]:
    """The reference's outputs on the large cases, from its own run."""
    records, _ = _records(run)
    first = len(problem.examples) + len(problem.tests)
    return [records.get(first + i, {}).get("value") for i in range(len(problem.large))]
