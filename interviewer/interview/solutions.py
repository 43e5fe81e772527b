"""A coding or SQL problem's answer: the code in it, and what its tests add to the grade of the talk-through."""

from __future__ import annotations

import re

from interviewer.domain.feedback import CriterionScore, Feedback
from interviewer.domain.runs import CodeReport

TESTS_WEIGHT = 0.5
"""The share of a problem's overall that its tests decide; the talk-through (approach, complexity, edge cases,
testing, key points) decides the rest. Code that passes nothing caps the overall at 3.0."""

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n(.*?)```", re.S)


def fenced_code(answer: str) -> tuple[str, str | None]:
    """The talk-through and the first fenced code block of an answer written in one box (the terminal's way):
    (the text without the block, the code or None)."""
    found = _FENCE.search(answer or "")
    if found is None:
        return answer, None
    talk = re.sub(r"\n{3,}", "\n\n", answer[: found.start()] + answer[found.end() :]).strip()
    return talk, found.group(2).strip("\n")


def _tests_reason(report: CodeReport | None) -> str:
    if report is None:
        return "No code was submitted: write it in the editor (or in a fenced block) and Submit."
    reason = f"{report.passed} of {report.total} tests passed"
    failing = next((c for c in report.cases if not c.passed), None)
    if report.failure:
        reason += f"; {report.failure[:160]}"
    elif failing is not None:
        reason += f"; first failing: {failing.name} ({failing.error or 'failed'})"
    return reason[:400]


def with_tests(feedback: Feedback, report: CodeReport | None) -> Feedback:
    """The talk-through's feedback with the tests' result added: a "Tests passed" criterion, the overall mixed
    TESTS_WEIGHT from the share of tests passed, and what to fix first."""
    share = report.passed / report.total if report and report.total else 0.0
    tests_score = max(1, min(5, round(1 + 4 * share)))
    overall = (1 - TESTS_WEIGHT) * feedback.overall + TESTS_WEIGHT * (1 + 4 * share)
    improvements = list(feedback.improvements)
    if report is None:
        improvements.insert(
            0, "Write the code: a coding round is judged on code that runs, then on how you explain it."
        )
    elif report.status != "passed":
        failing = next((c for c in report.cases if not c.passed), None)
        if report.failure:
            improvements.insert(0, f"Make the code run first: {report.failure[:200]}")
        elif failing is not None:
            shown = (
                f" (input {failing.shown_input}: expected {failing.expected}, got {failing.got})"
                if failing.expected
                else ""
            )
            improvements.insert(0, f"Fix the failing test {failing.name!r}{shown}"[:400])
    if report and report.growth and "faster than" in report.growth.verdict:
        improvements.insert(0, report.growth.verdict.split(". ", 1)[-1])
    criterion = CriterionScore(name="tests_passed", score=tests_score, reason=_tests_reason(report))
    return feedback.model_copy(
        update={
            "overall": round(max(1.0, min(5.0, overall)), 2),
            "criteria": [criterion, *feedback.criteria],
            "improvements": improvements,
        }
    )
