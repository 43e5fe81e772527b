"""The ladder's blind half through the product's grading path: a regression here fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.evaluation.ladder import LadderReport, default_halves, load_ladder, missed_targets, run_ladder
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import answer_grading
from interviewer.settings import Settings


@pytest.fixture(scope="module")
def blind(builtin_store_dir: Path, kb: KnowledgeBase) -> LadderReport:
    target, grader = answer_grading(Settings(data_dir=builtin_store_dir))
    items = load_ladder(default_halves()["blind"])
    return run_ladder(items, lambda i: grader.grade(target(i.round, i.question, None), i.answer))


def test_the_blind_half_holds_its_floors(blind: LadderReport) -> None:
    # The six targets, all met when this test was last changed (session 19: Spearman 0.767, partial above
    # fluent-wrong on 83.3%, strong above partial on 87.5%, strong mean 4.00, substance-free 1.77, nothing credited).
    # The blind half is never tuned on (the README lists every time it was measured and what it decided).
    assert missed_targets(blind) == []
    assert blind.questions >= 20
    assert blind.spearman >= 0.75
    assert blind.pairwise["partial>fluent_wrong"] >= 0.8
    assert blind.pairwise["strong>partial"] >= 0.85
    assert blind.mean_by_level["strong"] >= 4.0
    assert blind.mean_by_level["substance_free"] <= 1.8
    assert blind.wrong_claims_credited == 0


def test_missed_targets_name_the_figure_and_the_goal(blind: LadderReport) -> None:
    perfect = blind.model_copy(
        update={
            "spearman": 0.9,
            "pairwise": {"partial>fluent_wrong": 0.9, "strong>partial": 0.9},
            "mean_by_level": {"strong": 4.2, "substance_free": 1.2},
            "wrong_claims_credited": 0,
        }
    )
    assert missed_targets(perfect) == []
    short = perfect.model_copy(update={"spearman": 0.7, "mean_by_level": {"strong": 3.9, "substance_free": 1.2}})
    assert missed_targets(short) == ["spearman 0.7 (target >= 0.75)", "mean strong 3.9 (target >= 4)"]
