"""The ladder figures on hand-made scores, and the shipped halves load whole."""

from __future__ import annotations

import pytest

from interviewer.evaluation.ladder import LEVELS, LadderItem, default_halves, ladder_report, load_ladder


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


def test_shipped_halves_have_four_levels_per_question() -> None:
    halves = default_halves()
    assert set(halves) == {"dev", "blind"}
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
