"""Batch grading keeps going: a fault grading one answer is that answer's error line, and the rest are graded."""

from __future__ import annotations

import json

from interviewer.domain.feedback import Feedback, MetricsCheck
from interviewer.grading.analysis import GradeTarget
from interviewer.grading.batch import BatchItem, grade_lines


def test_a_fault_grading_one_answer_does_not_lose_the_rest() -> None:
    def target(item: BatchItem) -> GradeTarget:
        return GradeTarget(round=item.round, question=item.question)

    def grade(target: GradeTarget, answer: str) -> Feedback:
        if answer == "boom":
            raise KeyError("a bug")
        return Feedback(
            question_id=None, round="ml_theory", overall=3.0, criteria=[], metrics=MetricsCheck(present=False)
        )

    lines = [
        json.dumps({"id": i, "round": "ml_theory", "question": "Q?", "answer": a}).encode()
        for i, a in (("a", "fine"), ("b", "boom"), ("c", "fine"))
    ]
    results = list(grade_lines(lines, target, grade))
    assert [r.id for r in results] == ["a", "b", "c"]
    assert results[0].feedback and results[2].feedback
    assert results[1].error and "internal error" in results[1].error and "KeyError" in results[1].error
