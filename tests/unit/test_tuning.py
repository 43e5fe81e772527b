"""Choosing the reference-grading setting: leave-one-question-out on one split, never reading another."""

from __future__ import annotations

import pytest

from interviewer.adapters.embedder import default_model_path, load_vocabulary
from interviewer.evaluation.datasets import EvalItem
from interviewer.evaluation.tuning import cross_validate, report_text, settings_grid, tune
from interviewer.grading.analysis import Analysis, ReferenceScoring, analyze
from interviewer.grading.targets import reference_target
from tests.conftest import HashingEmbedder

VOCAB = load_vocabulary(default_model_path())
EMBED = HashingEmbedder().embed
REFERENCES = {
    "q1": "TCP retransmits lost segments and orders bytes; UDP sends datagrams without delivery guarantees.",
    "q2": "Slow start doubles the congestion window every round trip until the threshold, then grows linearly.",
    "q3": "CSMA/CD listens before sending and stops when it detects a collision, then backs off randomly.",
}
ANSWERS = [
    ("correct", "{ref}"),
    ("partial", "{half}"),
    ("incorrect", "I am not sure, something about networks and cables."),
]


def _items(split: str) -> list[EvalItem]:
    items = []
    for question, reference in REFERENCES.items():
        for label, template in ANSWERS:
            answer = template.format(ref=reference, half=reference.split(";")[0].split(",")[0])
            items.append(
                EvalItem.model_validate(
                    {"id": f"{split}-{question}-{label}", "split": split, "question_id": question}
                    | {"question": f"Explain {question}.", "answer": answer, "reference": reference, "label": label}
                )
            )
    return items


def _analyze(item: EvalItem, scoring: ReferenceScoring) -> Analysis:
    target = reference_target(item.round, item.question, item.reference, scoring)
    return analyze(target, item.answer, EMBED, VOCAB)


def test_the_grid_holds_the_shipped_setting_and_every_combination() -> None:
    grid = settings_grid()
    assert ReferenceScoring() in grid
    assert len(set(grid)) == len(grid) >= 240


def test_cross_validation_classifies_each_question_with_thresholds_from_the_others() -> None:
    items = _items("training")
    perfect = [{"correct": 4.0, "partial": 3.0, "incorrect": 1.0}[i.label or ""] for i in items]
    assert cross_validate(items, perfect) == pytest.approx((1.0, 1.0))
    backwards = [6.0 - s for s in perfect]
    qwk, f1 = cross_validate(items, backwards)
    assert qwk < 0 and f1 < 0.5


def test_tuning_reads_only_its_split_and_ranks_the_settings() -> None:
    seen: list[str] = []

    def analyze_and_note(item: EvalItem, scoring: ReferenceScoring) -> Analysis:
        seen.append(item.split)
        return _analyze(item, scoring)

    report = tune(_items("training") + _items("unseen_answers"), analyze_and_note, "training", keep=5)
    assert set(seen) == {"training"}
    assert report.answers == 9 and report.questions == 3 and len(report.ranking) == 5
    assert report.chosen == report.ranking[0]
    assert all(a.objective >= b.objective for a, b in zip(report.ranking, report.ranking[1:], strict=False))
    assert report.shipped.scoring == ReferenceScoring()
    assert "<- chosen" in report_text(report) and "<- shipped" in report_text(report)
    with pytest.raises(ValueError, match="no answers in split"):
        tune(_items("training"), _analyze, "unseen_questions")
