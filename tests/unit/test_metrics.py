"""The agreement metrics on hand-worked examples, ties and degenerate inputs."""

from __future__ import annotations

import pytest

from interviewer.evaluation.metrics import (
    macro_f1,
    percentile,
    precision_recall_f1,
    quadratic_weighted_kappa,
    roc_auc,
    spearman,
)


def test_spearman_orders_ties_and_constants() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # Ranks [1, 2.5, 2.5, 4] against [1, 2, 3, 4]: 4.5 / sqrt(4.5 * 5).
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / (4.5 * 5) ** 0.5)
    assert spearman([3, 3, 3], [1, 2, 3]) == 0.0
    assert spearman([1], [1]) == 0.0


def test_quadratic_weighted_kappa() -> None:
    assert quadratic_weighted_kappa([0, 1, 2, 2], [0, 1, 2, 2], 3) == pytest.approx(1.0)
    assert quadratic_weighted_kappa([0, 1, 2], [2, 1, 0], 3) == pytest.approx(-1.0)
    assert quadratic_weighted_kappa([1, 1], [1, 1], 3) == 0.0
    assert quadratic_weighted_kappa([], [], 3) == 0.0


def test_macro_f1_counts_unseen_classes_as_zero() -> None:
    # Class 0: P 1, R 0.5; class 1: P 2/3, R 1; class 2 never occurs.
    assert macro_f1([0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 2]) == pytest.approx((2 / 3 + 0.8 + 0.0) / 3)


def test_roc_auc_counts_ties_half_and_one_class_as_chance() -> None:
    assert roc_auc([True, False, True, False], [0.9, 0.1, 0.5, 0.5]) == pytest.approx(3.5 / 4)
    assert roc_auc([True, True], [0.2, 0.3]) == 0.5


def test_precision_recall_f1_and_percentile() -> None:
    assert precision_recall_f1([True, True, False, False], [True, False, True, False]) == pytest.approx((0.5, 0.5, 0.5))
    assert precision_recall_f1([False, False], [False, False]) == (0.0, 0.0, 0.0)
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile([5.0], 50) == 5.0
    assert percentile([], 50) == 0.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_threshold_fit_by_counts_finds_the_best_macro_f1_that_classifying_every_answer_finds(seed: int) -> None:
    import random

    from interviewer.evaluation.grader_eval import Thresholds, fit_thresholds

    rng = random.Random(seed)
    classes = [rng.choice([0, 1, 2]) for _ in range(120)]
    scores = [round(2 * (1 + c + rng.gauss(0, 0.9))) / 2 for c in classes]
    if seed == 3:
        classes = [2 if c == 1 else c for c in classes]  # only incorrect / correct present
    present = sorted(set(classes))
    fitted = fit_thresholds(scores, classes)
    cuts = sorted(set(scores))
    brute = max(
        macro_f1(classes, [Thresholds(partial_from=lo, correct_from=hi).classify(s) for s in scores], present)
        for i, lo in enumerate(cuts)
        for hi in cuts[i:]
    )
    got = macro_f1(classes, [fitted.classify(s) for s in scores], present)
    assert got == pytest.approx(brute)
