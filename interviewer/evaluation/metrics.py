"""Agreement metrics from scipy and scikit-learn (the only module that imports them), with the degenerate cases
an eval can hit (a constant score, one class) answered instead of raised."""

from __future__ import annotations

import math
from collections.abc import Sequence


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation, ties averaged; 0 when either side is constant or there are fewer than 2 values."""
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return 0.0
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def quadratic_weighted_kappa(truth: Sequence[int], predicted: Sequence[int], classes: int) -> float:
    """Cohen's kappa with quadratic weights, for ordinal classes 0..classes-1; 0 when agreement is undefined."""
    if not truth or classes < 2:
        return 0.0
    from sklearn.metrics import cohen_kappa_score

    labels = list(range(classes))
    if len(set(truth) | set(predicted)) < 2:
        return 0.0  # one class everywhere: chance agreement is total, kappa is undefined
    value = float(cohen_kappa_score(truth, predicted, labels=labels, weights="quadratic"))
    return 0.0 if math.isnan(value) else value


def macro_f1(truth: Sequence[int], predicted: Sequence[int], classes: Sequence[int]) -> float:
    """Unweighted mean of per-class F1 over the given classes (a class never seen nor predicted scores 0)."""
    if not classes:
        return 0.0
    from sklearn.metrics import f1_score

    return float(f1_score(truth, predicted, labels=list(classes), average="macro", zero_division=0))


def roc_auc(positive: Sequence[bool], scores: Sequence[float]) -> float:
    """Area under the ROC curve, ties counting half; 0.5 when only one class is present."""
    if all(positive) or not any(positive):
        return 0.5
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([bool(p) for p in positive], scores))


def precision_recall_f1(truth: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Binary precision, recall and F1 (0 where undefined)."""
    from sklearn.metrics import precision_recall_fscore_support

    precision, recall, f1, _ = precision_recall_fscore_support(
        [bool(t) for t in truth], [bool(p) for p in predicted], average="binary", pos_label=True, zero_division=0
    )
    return float(precision), float(recall), float(f1)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (0-100): the smallest value with at least q% of the values at or below it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]
