"""Agreement metrics, pure Python: Spearman, quadratic weighted kappa, macro F1, ROC AUC, percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence


def _ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties getting their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation (0 when either side is constant)."""
    n = len(x)
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sxy / (sx * sy) if sx and sy else 0.0


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation."""
    return pearson(_ranks(x), _ranks(y))


def quadratic_weighted_kappa(truth: Sequence[int], predicted: Sequence[int], classes: int) -> float:
    """Cohen's kappa with quadratic weights, for ordinal classes 0..classes-1."""
    n = len(truth)
    if n == 0:
        return 0.0
    observed = [[0.0] * classes for _ in range(classes)]
    for t, p in zip(truth, predicted, strict=True):
        observed[t][p] += 1
    hist_t = [sum(row) for row in observed]
    hist_p = [sum(observed[r][c] for r in range(classes)) for c in range(classes)]
    numerator = denominator = 0.0
    for i in range(classes):
        for j in range(classes):
            weight = (i - j) ** 2 / (classes - 1) ** 2 if classes > 1 else 0.0
            expected = hist_t[i] * hist_p[j] / n
            numerator += weight * observed[i][j]
            denominator += weight * expected
    return 1 - numerator / denominator if denominator else 0.0


def macro_f1(truth: Sequence[int], predicted: Sequence[int], classes: Sequence[int]) -> float:
    """Unweighted mean of per-class F1."""
    scores = []
    for c in classes:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == c and p == c)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != c and p == c)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def roc_auc(positive: Sequence[bool], scores: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney U), ties counting half."""
    ranks = _ranks(scores)
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return 0.5
    rank_sum = sum(r for r, p in zip(ranks, positive, strict=True) if p)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (0-100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def precision_recall_f1(truth: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Binary precision, recall and F1."""
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if not t and p)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
