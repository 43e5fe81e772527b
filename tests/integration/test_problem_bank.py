"""The shipped problems hold up in the real sandbox: every reference passes every case, a solution of the wrong
complexity fails the large input, wrong and hostile solutions are reported case by case, and every SQL reference runs
on the seed data and differs from its plausible wrong query."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from interviewer.adapters.sandbox import BubblewrapSandbox
from interviewer.cli import main
from interviewer.coding.cases import CodeReport, large_outputs, report, run_solution
from interviewer.coding.judge import Judge
from interviewer.domain.problems import Problem, ProblemKind
from interviewer.kb.problems import load_problems, sql_database_script

PROBLEMS, _ = load_problems()
PYTHON = sorted(p.id for p in PROBLEMS.values() if p.kind != ProblemKind.SQL)
SQL = sorted(p.id for p in PROBLEMS.values() if p.kind == ProblemKind.SQL)
SANDBOX = BubblewrapSandbox()


@cache
def _expected_large(problem_id: str) -> tuple[object, ...]:
    problem = PROBLEMS[problem_id]
    return tuple(large_outputs(problem, run_solution(problem, problem.reference, SANDBOX, with_growth=False)))


def _check(problem: Problem, code: str) -> CodeReport:
    """A submit whose talk-through said "time O(n)"."""
    return report(problem, run_solution(problem, code, SANDBOX), list(_expected_large(problem.id)), stated="time O(n)")


def _reference_failures(problem_id: str) -> list[str]:
    problem = PROBLEMS[problem_id]
    run = run_solution(problem, problem.reference, SANDBOX)  # one run: its large outputs are the expected ones
    result = report(problem, run, large_outputs(problem, run))
    assert len(result.cases) == len(problem.examples) + len(problem.tests) + len(problem.large)
    return [f"{problem_id}: {c.name}: {c.error}" for c in result.cases if not c.passed]


def test_every_reference_passes_every_case() -> None:
    assert len(PYTHON) >= 55
    # Two sandboxes at a time: each run is one process on one core.
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for found in pool.map(_reference_failures, PYTHON) for f in found]
    assert failures == []


@pytest.mark.parametrize("problem_id", [p for p in ("two-sum", "longest-substring-without-repeat", "roc-auc")])
def test_the_wrong_complexity_fails_the_large_input(problem_id: str) -> None:
    if problem_id not in PROBLEMS:
        pytest.fail(f"{problem_id} is missing from knowledge/problems")
    problem = PROBLEMS[problem_id]
    assert problem.naive and problem.large
    result = _check(problem, problem.naive)
    small = result.cases[: len(problem.examples) + len(problem.tests)]
    assert all(c.passed for c in small)
    assert not any(c.passed for c in result.cases[len(small) :])
    assert {c.error for c in result.cases[len(small) :]} <= {
        "too slow",
        "not run (the run ended, or earlier cases were too slow)",
    }
    # Growth over the smaller sizes shows the quadratic (or worse) shape, even where the large input only timed out.
    growth = result.growth
    assert growth is not None
    assert growth.exponent is None or (growth.exponent > 1.5 and "grows faster than that" in growth.verdict)


def test_wrong_and_hostile_solutions_are_reported_case_by_case() -> None:
    problem = PROBLEMS["softmax"]
    wrong = _check(problem, "def softmax(x):\n    return [1.0 / len(x)] * len(x)")
    assert wrong.status == "failed" and any(c.passed is False and c.error == "wrong answer" for c in wrong.cases)
    failing = [c for c in wrong.cases if not c.passed]
    assert failing[0].shown_input and failing[0].expected and failing[0].got  # the first failure is shown whole
    assert all(c.shown_input == c.expected == c.got == "" for c in failing[1:])  # the rest of the test set is not
    naive = _check(
        problem, "import math\ndef softmax(x):\n    e = [math.exp(v) for v in x]\n    return [v / sum(e) for v in e]"
    )
    assert any("OverflowError" in (c.error or "") for c in naive.cases)  # 1000.0 overflows exp
    looping = _check(problem, "def softmax(x):\n    while True:\n        pass")
    assert looping.cases[0].error == "too slow" and looping.status == "timeout"
    assert looping.cases[2].error and looping.cases[2].error.startswith("not run")  # two too-slow cases stop it
    broken = _check(problem, "def softmax(x) return x")
    assert broken.load_error and "SyntaxError" in broken.load_error and broken.passed == 0


@cache
def _database() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(sql_database_script())
    return db


def _rows(query: str, ordered: bool) -> list[tuple[object, ...]] | Counter[tuple[object, ...]]:
    rows = [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in _database().execute(query)]
    return rows if ordered else Counter(rows)


@pytest.mark.parametrize("problem_id", SQL)
def test_every_sql_reference_runs_and_tells_the_wrong_query_apart(problem_id: str) -> None:
    problem = PROBLEMS[problem_id]
    rows = _rows(problem.reference, problem.ordered)
    assert rows
    if problem.wrong:
        assert _rows(problem.wrong, problem.ordered) != rows


def test_solve_prints_the_status_and_every_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`interviewer solve ID FILE --json` as a script would call it: passed, failed, error and refused."""
    listed = _cli(capsys, "problems", "--round", "sql", "--json")
    assert listed["problems"] and {p["round"] for p in listed["problems"]} == {"sql"}
    assert {"id", "title", "round", "difficulty"} <= set(listed["problems"][0])
    solution = tmp_path / "two_sum.py"
    solution.write_text(PROBLEMS["two-sum"].reference, encoding="utf-8")
    passed = _cli(capsys, "solve", "two-sum", str(solution), "--json", code=0)
    assert passed["problem"] == "two-sum" and passed["status"] == "passed"
    assert passed["passed"] == passed["total"] == len(passed["tests"]) > 5
    solution.write_text("def two_sum(nums, target):\n    return [0, 0]\n", encoding="utf-8")
    assert _cli(capsys, "solve", "two-sum", str(solution), "--json", code=1)["status"] == "failed"
    solution.write_text("def two_sum(nums, target) return", encoding="utf-8")
    assert _cli(capsys, "solve", "two-sum", str(solution), "--json", code=1)["status"] == "error"
    query = tmp_path / "q.sql"
    query.write_text("DELETE FROM users;", encoding="utf-8")
    assert _cli(capsys, "solve", "users-without-orders", str(query), "--json", code=1)["status"] == "refused"
    assert main(["solve", "no-such-problem", str(query)]) == 2 and "no problem" in capsys.readouterr().err


def _cli(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> dict[str, Any]:
    assert main(list(argv)) == code
    return dict(json.loads(capsys.readouterr().out))


# A deliberately wrong variant of any reference: the same function with every return value changed a little (one
# more element, one more unit, the other truth value), so it is wrong in every case under every comparison rule.
PERTURBED = """

def _perturbed(value):
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, (list, tuple)):
        return [*value, value[0] if value else 0]
    if isinstance(value, dict):
        return {**value, "_extra": 0}
    return 0

_reference_solution = {function}


def {function}(*args, **kwargs):
    return _perturbed(_reference_solution(*args, **kwargs))
"""


def _wrong_variant_status(problem_id: str) -> tuple[str, str]:
    problem = PROBLEMS[problem_id].model_copy(update={"large": [], "growth": None})  # the small cases tell
    code = problem.reference + PERTURBED.replace("{function}", problem.function)
    return problem_id, report(problem, run_solution(problem, code, SANDBOX), []).status


def test_a_deliberately_wrong_variant_of_every_problem_fails() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = dict(pool.map(_wrong_variant_status, PYTHON))
    assert {i: s for i, s in statuses.items() if s != "failed"} == {}
    judge = Judge(PROBLEMS, SANDBOX, sql_database_script())
    for problem_id in SQL:
        problem = PROBLEMS[problem_id]
        wrong = problem.wrong or f"SELECT * FROM ({problem.reference.strip().rstrip(';')}) LIMIT -1 OFFSET 1"
        assert judge.check(problem_id, wrong).status == "failed", problem_id
