"""Problems on the command line: rows for `interviewer problems`, the JSON `interviewer solve` prints."""

from __future__ import annotations

from typing import Any

from interviewer.domain.problems import Problem, problem_round
from interviewer.domain.runs import CodeReport


def problem_rows(problems: dict[str, Problem], round_: str | None = None) -> list[dict[str, str]]:
    """One row per problem (id, title, round, difficulty, pattern, kind), optionally of one round."""
    rows = [
        {
            "id": p.id,
            "title": p.title,
            "round": problem_round(p).value,
            "difficulty": p.difficulty.value,
            "pattern": p.pattern,
            "kind": p.kind.value,
        }
        for p in sorted(problems.values(), key=lambda p: (p.kind.value, p.pattern, p.id))
    ]
    return [r for r in rows if round_ is None or r["round"] == round_]


def solve_json(result: CodeReport) -> dict[str, Any]:
    """What `interviewer solve --json` prints: the status, the counts, and every test."""
    return {
        "problem": result.problem_id,
        "status": result.status,
        "passed": result.passed,
        "total": result.total,
        "message": result.failure,
        "tests": [c.model_dump() for c in result.cases],
        "growth": result.growth.model_dump() if result.growth else None,
        "seconds": result.seconds,
        "warnings": result.warnings,
    }
