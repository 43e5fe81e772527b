"""The ladder figures on hand-made scores, and the shipped halves load whole."""

from __future__ import annotations

import pytest

from interviewer.evaluation.ladder import (
    LEVELS,
    LadderItem,
    default_halves,
    ladder_report,
    load_ladder,
    run_ladder,
)


def _items(questions: int) -> list[LadderItem]:
    return [
        LadderItem(id=f"q-{n}-{level}", round="ml_theory", question=f"Q{n}?", level=level, label=4 - i, answer="a")
        for n in range(questions)
        for i, level in enumerate(LEVELS)
    ]


def test_pairwise_order_and_means() -> None:
    items = _items(2)
    # Question 0 in order; question 1 puts fluent-wrong above partial and ties strong with partial.
    scores = [4.5, 3.5, 2.5, 1.0, 3.0, 3.0, 3.5, 1.0]
    report = ladder_report(items, scores)
    assert report.n == 8 and report.questions == 2
    assert report.pairwise["strong>partial"] == 0.5  # a tie is not "above"
    assert report.pairwise["partial>fluent_wrong"] == 0.5
    assert report.pairwise["strong>substance_free"] == 1.0
    assert report.mean_by_level == {"strong": 3.75, "partial": 3.25, "fluent_wrong": 3.0, "substance_free": 1.0}
    assert report.mean_by_round["ml_theory"]["substance_free"] == 1.0
    assert 0 < report.spearman < 1


def test_the_errors_found_are_counted_per_level_and_a_credited_wrong_claim_is_caught() -> None:
    from interviewer.domain.confusions import MistakeFound
    from interviewer.domain.feedback import Feedback, KeyPointResult, MetricsCheck

    def graded(item: LadderItem) -> Feedback:
        wrong = item.level == "fluent_wrong"
        quote = "Bagging mainly reduces bias"
        point = KeyPointResult(
            point="Bagging mainly reduces variance",
            covered=wrong and item.id.startswith("q-1"),  # question 1 credits the point with the wrong sentence
            contradicted=wrong and item.id.startswith("q-0"),
            evidence=f"{quote}, as it averages." if wrong else None,
            similarity=0.8,
        )
        mistakes = [MistakeFound(claim="x", quote=quote, correction="y")] if wrong else []
        return Feedback(
            question_id=None,
            round="ml_theory",
            overall=2.0,
            criteria=[],
            key_points=[point],
            metrics=MetricsCheck(present=False),
            mistakes=mistakes,
        )

    report = run_ladder(_items(2), graded)
    assert report.with_mistakes == {"strong": 0, "partial": 0, "fluent_wrong": 2, "substance_free": 0}
    assert report.contradicted["fluent_wrong"] == 1 and report.contradicted["strong"] == 0
    assert report.wrong_claims_credited == 1


def test_shipped_halves_have_four_levels_per_question() -> None:
    halves = default_halves()
    assert set(halves) == {"dev", "dev2", "dev3", "blind"}
    for path in halves.values():
        items = load_ladder(path)
        groups: dict[str, set[str]] = {}
        for item in items:
            groups.setdefault(item.group(), set()).add(item.level)
        assert len(groups) >= 20 and all(levels == set(LEVELS) for levels in groups.values())
        assert {i.round.value for i in items} == {"screen", "coding", "ml_theory", "system_design", "behavioral"}


def test_a_label_that_contradicts_its_level_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "x-1-strong", "round": "coding", "question": "Q?", "level": "strong", "label": 2, "answer": "a"}\n'
    )
    with pytest.raises(ValueError, match="does not match"):
        load_ladder(bad)
