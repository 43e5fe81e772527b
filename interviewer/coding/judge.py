"""The judge: runs a candidate's code for a problem (Run: the examples; Submit: every hidden test) and reports what
passed. It keeps the reference outputs it needs (the large cases', the SQL results), computed once per problem in
the same sandbox."""

from __future__ import annotations

import threading
from typing import Any

from interviewer.coding.cases import large_outputs, report, run_solution
from interviewer.coding.sql import outcome, run_query, sql_report
from interviewer.domain.problems import Problem, ProblemKind
from interviewer.domain.questions import LoadError
from interviewer.domain.runs import CodeReport, RunMode, Sandbox

MAX_CODE_CHARS = 50_000
"""The longest solution run; a longer one is refused with a message (a real solution is a page or two)."""


class Judge:
    """Runs solutions to the bank's problems in a sandbox; safe to share between candidates (threads)."""

    def __init__(
        self, problems: dict[str, Problem], sandbox: Sandbox, database: str, skipped: list[LoadError] | None = None
    ) -> None:
        self.problems = problems
        self.skipped = skipped or []
        """Problem files that did not load, and why."""
        self.sandbox = sandbox
        self.database = database
        """The SQL round's schema and seed data, as one script."""
        self._expected: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def problem(self, problem_id: str) -> Problem:
        if problem_id not in self.problems:
            raise ValueError(f"no problem {problem_id!r}; `interviewer problems` lists them")
        return self.problems[problem_id]

    def _reference(self, problem: Problem) -> Any:
        """The reference's outputs this problem's checks need, computed on first use (one run per problem)."""
        with self._guard:
            lock = self._locks.setdefault(problem.id, threading.Lock())
        with lock:
            if problem.id not in self._expected:
                if problem.kind == ProblemKind.SQL:
                    self._expected[problem.id] = outcome(run_query(problem.reference, self.sandbox, self.database))
                else:
                    # Only the large cases' outputs are needed: the growth sizes are timed, not compared.
                    run = run_solution(problem, problem.reference, self.sandbox, with_growth=False)
                    self._expected[problem.id] = large_outputs(problem, run)
            return self._expected[problem.id]

    def check(self, problem_id: str, code: str, mode: RunMode = "submit", talk: str = "") -> CodeReport:
        """Run `code` (Python defining the function, or one SQL query) for a problem; `talk` is the candidate's
        talk-through, whose stated complexity the measured growth is compared with."""
        problem = self.problem(problem_id)
        if not code.strip():
            return CodeReport(problem_id=problem.id, mode=mode, load_error="There is no code to run.")
        if len(code) > MAX_CODE_CHARS:
            return CodeReport(
                problem_id=problem.id, mode=mode, load_error=f"The code is over {MAX_CODE_CHARS:,} characters."
            )
        if problem.kind == ProblemKind.SQL:
            expected = self._reference(problem) if mode == "submit" else None
            return sql_report(problem, run_query(code, self.sandbox, self.database), expected, mode)
        large = self._reference(problem) if mode == "submit" and problem.large else []
        return report(problem, run_solution(problem, code, self.sandbox, mode), large, mode, talk)
