"""Running a Python solution against a problem's tests in a sandbox, and comparing what came back outside it (the
expected outputs never enter the sandbox)."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from interviewer.coding.growth import measure_growth
from interviewer.domain.problems import Compare, Problem
from interviewer.domain.runs import CaseOutcome, CodeReport, RunLimits, RunMode, RunResult, Sandbox

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
    if not callable(namespace.get(spec["function"])):
        results.write(json.dumps({"load_error": f"Your code does not define {spec['function']}()."}) + "\n")
        sys.exit(0)
    function = namespace[spec["function"]]
except BaseException as exc:
    line = traceback.format_exception_only(type(exc), exc)[-1].strip()
    results.write(json.dumps({"load_error": line}) + "\n")
    sys.exit(0)
signal.signal(signal.SIGALRM, _alarm)
too_slow = growth_slow = 0
for call in spec["calls"]:
    if too_slow >= 2 and not call.get("setup"):
        continue  # it loops (or crawls) on every small case: reporting the rest as not run saves the candidate's wait
    if growth_slow and "n" in call:
        continue  # a larger size would be slower still
    args = call.get("args")
    if call.get("setup"):
        scope = {"n": call["n"]} if "n" in call else {}
        exec(call["setup"], scope)
        args = scope["args"]
    record = {"index": call["index"]}
    signal.setitimer(signal.ITIMER_REAL, call["seconds"])
    began, cpu_began = time.perf_counter(), time.process_time()
    try:
        value = function(**args)
        record["seconds"] = time.perf_counter() - began
        record["cpu"] = time.process_time() - cpu_began
        signal.setitimer(signal.ITIMER_REAL, 0)
        if "n" not in call:  # a growth call is timed only: its output is not compared (and may be large)
            record["value"] = json.loads(json.dumps(value, default=_plain))
    except _TooSlow:
        record["seconds"] = time.perf_counter() - began
        record["error"] = "too slow"
        if "n" in call:
            growth_slow += 1
        else:
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
GROWTH_CASE_SECONDS = 1.0
"""How long one call of the growth measurement may take; the sizes after a slower one are not run."""
SHOWN_CHARS = 300
"""How much of a failing case's input, expected and actual output is shown."""


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


def _calls(problem: Problem, mode: RunMode, with_growth: bool = True) -> list[dict[str, Any]]:
    """The calls a run makes: the examples; on submit also the hidden tests, the large inputs and the growth sizes."""
    cases = problem.examples if mode == "run" else [*problem.examples, *problem.tests]
    calls: list[dict[str, Any]] = [
        {"index": i, "args": case.args, "seconds": SMALL_CASE_SECONDS} for i, case in enumerate(cases)
    ]
    if mode == "run":
        return calls
    calls += [
        {"index": len(cases) + i, "setup": large.setup, "seconds": large.seconds}
        for i, large in enumerate(problem.large)
    ]
    if problem.growth is not None and with_growth:
        first = len(cases) + len(problem.large)
        calls += [
            {"index": first + i, "setup": problem.growth.setup, "n": n, "seconds": GROWTH_CASE_SECONDS}
            for i, n in enumerate(problem.growth.sizes)
        ]
    return calls


def run_solution(
    problem: Problem,
    code: str,
    sandbox: Sandbox,
    mode: RunMode = "submit",
    limits: RunLimits | None = None,
    with_growth: bool = True,
) -> RunResult:
    """Run `code` (which defines the problem's function) in the sandbox: on the examples (run), or on every example,
    hidden, large and (unless `with_growth` is off) growth case (submit)."""
    calls = _calls(problem, mode, with_growth)
    # Room for every call, twice each timed call's limit, and start-up; a Run of the examples gets less, so code
    # that loops while loading is stopped in seconds.
    budget = len(calls) * 0.05 + sum(c["seconds"] for c in calls if "setup" in c) * 2 + (3 if mode == "run" else 8)
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
            load_error = _plain_error(str(record["load_error"]))
        elif isinstance(record.get("index"), int):
            records[record["index"]] = record
    return records, load_error


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _plain_error(error: str) -> str:
    """An error in the candidate's words where the raw one hides a limit (Python raises "File too large" when the
    output cap is hit)."""
    return "Your code wrote more output than allowed (OSError: File too large)." if "File too large" in error else error


def report(
    problem: Problem, run: RunResult, large_expected: list[Any], mode: RunMode = "submit", stated: str = ""
) -> CodeReport:
    """Compare a run's outputs with the expected ones (the large cases' from the reference's own run); on submit,
    measure the growth of the running time against the complexity the candidate `stated`."""
    records, load_error = _records(run)
    cases = problem.examples if mode == "run" else [*problem.examples, *problem.tests]
    results: list[CaseOutcome] = []
    for index, case in enumerate(cases):
        record, hidden = records.get(index), index >= len(problem.examples)
        name = case.name or f"example {index + 1}"
        results.append(_case(problem, name, hidden, record, case.args, case.expected))
    for offset, large in enumerate(problem.large) if mode == "submit" else []:
        record = records.get(len(cases) + offset)
        expected = large_expected[offset] if offset < len(large_expected) else None
        result = _case(problem, large.name, True, record, None, expected)
        if result.passed and record is not None and float(record.get("seconds", 0)) > large.seconds:
            result = result.model_copy(update={"passed": False, "error": "too slow"})
        results.append(result)
    growth = None
    if mode == "submit" and problem.growth is not None and load_error is None:
        first = len(cases) + len(problem.large)
        timed = [records.get(first + i, {}) for i in range(len(problem.growth.sizes))]
        # CPU time, not wall time: on a shared machine a call that waits for a core looks slower than it is, and two
        # such waits can make a quadratic solution look linear.
        seconds = [float(r.get("cpu", r["seconds"])) if "seconds" in r and "error" not in r else None for r in timed]
        growth = measure_growth(problem.growth.sizes, seconds, stated)
    return CodeReport(
        problem_id=problem.id,
        mode=mode,
        cases=_show_first_failure(results),
        load_error=load_error,
        run_problem=None if run.ok else run.problem(),
        run_end=None if run.ok else run.end,
        warnings=run.warnings,
        stdout=run.stdout[:2000],
        growth=growth,
        seconds=run.seconds,
    )


def _show_first_failure(results: list[CaseOutcome]) -> list[CaseOutcome]:
    """Only the first failing case keeps its input, expected and actual output: enough to debug, not the test set."""
    failing = next((i for i, c in enumerate(results) if not c.passed and c.shown_input), None)
    return [c if i == failing else c.model_copy(update={"shown_input": "", "expected": "", "got": ""})
            for i, c in enumerate(results)]  # fmt: skip


def _case(
    problem: Problem, name: str, hidden: bool, record: dict[str, Any] | None, args: dict[str, Any] | None, want: Any
) -> CaseOutcome:
    shown = _short(args) if args is not None else f"({name})"
    if record is None:
        return CaseOutcome(name=name, hidden=hidden, passed=False, error=NOT_RUN)
    seconds = round(float(record.get("seconds", 0.0)), 6)
    if "error" in record:
        error = _plain_error(str(record["error"]))
        return CaseOutcome(name=name, hidden=hidden, passed=False, seconds=seconds, error=error, shown_input=shown,
                        expected=_short(want))  # fmt: skip
    got = record.get("value")
    if same_output(problem, args, want, got):
        return CaseOutcome(name=name, hidden=hidden, passed=True, seconds=seconds)
    return CaseOutcome(name=name, hidden=hidden, passed=False, seconds=seconds, error="wrong answer", shown_input=shown,
                    expected=_short(want), got=_short(got))  # fmt: skip


def large_outputs(problem: Problem, run: RunResult) -> list[Any]:
    """The reference's outputs on the large cases, from its own run."""
    records, _ = _records(run)
    first = len(problem.examples) + len(problem.tests)
    return [records.get(first + i, {}).get("value") for i in range(len(problem.large))]
