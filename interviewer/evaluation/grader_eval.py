"""Measure the grader against human grades, beside two baselines computed in the same run."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from interviewer.domain.questions import Round
from interviewer.evaluation.datasets import LABEL_INDEX, EvalItem
from interviewer.evaluation.metrics import macro_f1, percentile, quadratic_weighted_kappa, roc_auc, spearman
from interviewer.grading.analysis import Embed, GradeTarget, word_overlap_f1
from interviewer.grading.grader import Grader
from interviewer.grading.points import cosine
from interviewer.grading.targets import reference_target

SYSTEMS = ("ours", "lexical_overlap", "embedding_cosine")


class Metrics(BaseModel):
    """Agreement of one system with the human grades on one set of answers."""

    n: int
    """Answers."""
    spearman: float
    """Rank correlation of the system's score with the human score."""
    qwk: float
    """Quadratic weighted kappa on 3 classes (or 2 when the set has only correct/incorrect)."""
    macro_f1: float
    """Macro F1 on those classes."""
    auc: float
    """ROC AUC of the score for correct vs not correct."""


class Thresholds(BaseModel):
    """Cut points mapping a continuous score to incorrect / partial / correct."""

    partial_from: float
    """Scores at or above this are at least partial."""
    correct_from: float
    """Scores at or above this are correct."""

    def classify(self, score: float) -> int:
        """0 incorrect, 1 partial, 2 correct."""
        return 2 if score >= self.correct_from else 1 if score >= self.partial_from else 0


class GraderEvalReport(BaseModel):
    """The figures for the reported splits, with baselines, the calibration used, and breakdowns."""

    n: int
    """Answers reported on."""
    spearman: float
    """Ours: Spearman with the human score."""
    qwk: float
    """Ours: quadratic weighted kappa."""
    macro_f1: float
    """Ours: macro F1."""
    auc: float
    """Ours: ROC AUC (correct vs not)."""
    latency_ms_p50: float
    """Our grader's median time per answer."""
    latency_ms_p95: float
    """Our grader's 95th-percentile time per answer."""
    baselines: dict[str, Metrics]
    """lexical_overlap and embedding_cosine on the same answers."""
    calibrated_on: str | None
    """The split the thresholds were fitted on (never a reported split)."""
    calibration: dict[str, Thresholds]
    """Thresholds per system."""
    per_split: dict[str, dict[str, Metrics]] = Field(default_factory=dict)
    """Split -> system -> metrics."""
    per_question: dict[str, dict[str, Metrics]] = Field(default_factory=dict)
    """Question -> system -> metrics."""
    stability_mean_std: float | None = None
    """Test-retest: mean standard deviation of the overall score over repeated gradings (None if not run)."""
    engine: str = "offline"
    """Who graded: offline or the LLM's name."""


def human_grade(item: EvalItem) -> tuple[float, int]:
    """The human score (0-1) and class (0 incorrect, 1 partial, 2 correct) of an answer."""
    label = item.label or (
        "correct" if (item.score or 0) >= 0.99 else "partial" if (item.score or 0) > 0 else "incorrect"
    )
    score = item.score if item.score is not None else LABEL_INDEX[label] / 2
    return score, LABEL_INDEX[label]


def lexical_overlap(answer: str, reference: str) -> float:
    """F1 of content-word overlap between answer and reference (the SemEval-2013 lexical baseline's core)."""
    return word_overlap_f1(answer, reference)


def fit_thresholds(scores: Sequence[float], classes: Sequence[int]) -> Thresholds:
    """The cut points that maximise macro F1 (over the classes present) on a training split. Every pair of
    candidate cuts is scored from counts of each class below each cut, not by classifying every answer again, so
    a fit takes milliseconds and cross-validation can afford thousands of them."""
    candidates = sorted(set(scores))
    if len(candidates) > 60:
        candidates = [candidates[int(i * (len(candidates) - 1) / 59)] for i in range(60)]
    present = sorted(set(classes))
    totals = {k: sum(1 for c in classes if c == k) for k in (0, 1, 2)}
    ordered = sorted(zip(scores, classes, strict=True))
    below: list[dict[int, int]] = []  # per candidate: how many answers of each class score under it
    counts, position = {0: 0, 1: 0, 2: 0}, 0
    for cut in candidates:
        while position < len(ordered) and ordered[position][0] < cut:
            counts[ordered[position][1]] += 1
            position += 1
        below.append(dict(counts))

    def macro(low: dict[int, int], high: dict[int, int]) -> float:
        regions = [low, {k: high[k] - low[k] for k in low}, {k: totals[k] - high[k] for k in low}]
        f1 = [2 * regions[k][k] / (sum(regions[k].values()) + totals[k]) if totals[k] else 0.0 for k in present]
        return sum(f1) / len(f1)

    best, best_f1 = Thresholds(partial_from=candidates[0], correct_from=candidates[-1]), -1.0
    for i, low in enumerate(candidates):
        for j in range(i, len(candidates)):
            f1 = macro(below[i], below[j])
            if f1 > best_f1:
                best, best_f1 = Thresholds(partial_from=low, correct_from=candidates[j]), f1
    return best


def metrics(items: Sequence[EvalItem], scores: Sequence[float], thresholds: Thresholds) -> Metrics:
    """Agreement of scores with the human grades of items."""
    human = [human_grade(i) for i in items]
    truth = [c for _, c in human]
    present = sorted(set(truth))
    binary = present == [0, 2]
    predicted = [thresholds.classify(s) for s in scores]
    if binary:
        predicted = [2 if p == 2 else 0 for p in predicted]
    classes = [0, 2] if binary else [0, 1, 2]
    squeeze = {0: 0, 1: 1, 2: 2} if not binary else {0: 0, 2: 1}
    return Metrics(
        n=len(items),
        spearman=round(spearman(scores, [s for s, _ in human]), 4),
        qwk=round(
            quadratic_weighted_kappa([squeeze[t] for t in truth], [squeeze[p] for p in predicted], len(classes)), 4
        ),
        macro_f1=round(macro_f1(truth, predicted, classes), 4),
        auc=round(roc_auc([t == 2 for t in truth], scores), 4),
    )


def score_items(
    items: Sequence[EvalItem],
    grader: Grader,
    embed: Embed,
    target_for: Callable[[Round, str, str | None], GradeTarget] = reference_target,
    progress: Callable[[int, int], None] | None = None,
    repeats: int = 1,
    spreads: list[float] | None = None,
) -> tuple[dict[str, list[float]], list[float]]:
    """Score every item with our grader and both baselines; returns scores per system and our latencies.

    With repeats > 1 each answer is graded that many times (test-retest for an LLM judge): the mean is the
    score, and each answer's standard deviation is appended to spreads.
    """
    scores: dict[str, list[float]] = {name: [] for name in SYSTEMS}
    latencies: list[float] = []
    for index, item in enumerate(items):
        reference = item.reference or ""
        target = target_for(item.round, item.question, item.reference)
        grader.prepare(target)
        overalls, took = [], []
        for _ in range(max(1, repeats)):
            started = time.perf_counter()
            overalls.append(grader.grade(target, item.answer).overall)
            took.append((time.perf_counter() - started) * 1000)
        latencies.append(sum(took) / len(took))
        if spreads is not None and repeats > 1:
            spreads.append(statistics.pstdev(overalls))
        scores["ours"].append(sum(overalls) / len(overalls))
        scores["lexical_overlap"].append(lexical_overlap(item.answer, reference or item.question))
        if item.answer.strip():
            answer_vec, reference_vec = embed([item.answer[:3000], reference or item.question])
            scores["embedding_cosine"].append(cosine(answer_vec, reference_vec))
        else:
            scores["embedding_cosine"].append(0.0)
        if progress:
            progress(index + 1, len(items))
    return scores, latencies


def evaluate(
    items: Sequence[EvalItem],
    scores: dict[str, list[float]],
    latencies: Sequence[float],
    report_splits: Sequence[str],
    calibrate_on: str | None,
) -> GraderEvalReport:
    """Calibrate on one split, report on others: ours and the baselines, overall, per split and per question."""
    if calibrate_on in report_splits:
        raise ValueError("the calibration split cannot also be a reported split")
    train = [i for i, item in enumerate(items) if item.split == calibrate_on]
    calibration: dict[str, Thresholds] = {}
    for system in SYSTEMS:
        if train:
            calibration[system] = fit_thresholds(
                [scores[system][i] for i in train], [human_grade(items[i])[1] for i in train]
            )
        else:
            default = {"ours": (2.5, 3.5), "lexical_overlap": (0.2, 0.4), "embedding_cosine": (0.4, 0.6)}[system]
            calibration[system] = Thresholds(partial_from=default[0], correct_from=default[1])
    chosen = [i for i, item in enumerate(items) if item.split in report_splits]
    if not chosen:
        raise ValueError(f"no answers in split(s) {', '.join(report_splits)}")

    def block(indices: list[int]) -> dict[str, Metrics]:
        subset = [items[i] for i in indices]
        return {s: metrics(subset, [scores[s][i] for i in indices], calibration[s]) for s in SYSTEMS}

    overall = block(chosen)
    per_split: dict[str, list[int]] = defaultdict(list)
    per_question: dict[str, list[int]] = defaultdict(list)
    for i in chosen:
        per_split[items[i].split].append(i)
        per_question[f"{items[i].split}/{items[i].question_id}"].append(i)
    chosen_latencies = [latencies[i] for i in chosen]
    ours = overall["ours"]
    return GraderEvalReport(
        n=ours.n,
        spearman=ours.spearman,
        qwk=ours.qwk,
        macro_f1=ours.macro_f1,
        auc=ours.auc,
        latency_ms_p50=round(percentile(chosen_latencies, 50), 2),
        latency_ms_p95=round(percentile(chosen_latencies, 95), 2),
        baselines={s: overall[s] for s in SYSTEMS if s != "ours"},
        calibrated_on=calibrate_on if train else None,
        calibration=calibration,
        per_split={split: block(idx) for split, idx in sorted(per_split.items())},
        per_question={q: block(idx) for q, idx in sorted(per_question.items())},
    )


def report_markdown(report: GraderEvalReport, title: str) -> str:
    """The report as Markdown tables."""
    lines = [f"# Grader evaluation: {title}", ""]
    lines.append(
        f"Calibrated on: {report.calibrated_on or 'nothing (default thresholds)'}. "
        f"Latency per answer p50 {report.latency_ms_p50:.1f} ms, p95 {report.latency_ms_p95:.1f} ms."
    )

    def table(rows: dict[str, Metrics]) -> list[str]:
        out = ["| system | n | Spearman | QWK | macro F1 | AUC |", "|---|---|---|---|---|---|"]
        for name, m in rows.items():
            out.append(f"| {name} | {m.n} | {m.spearman:.3f} | {m.qwk:.3f} | {m.macro_f1:.3f} | {m.auc:.3f} |")
        return out

    ours = Metrics(n=report.n, spearman=report.spearman, qwk=report.qwk, macro_f1=report.macro_f1, auc=report.auc)
    lines += ["", "## All reported answers", *table({"ours": ours, **report.baselines})]
    for split, rows in report.per_split.items():
        lines += ["", f"## {split}", *table(rows)]
    lines += [
        "",
        "## Per question (ours)",
        "| question | n | Spearman | QWK | macro F1 | AUC |",
        "|---|---|---|---|---|---|",
    ]
    for question, rows in report.per_question.items():
        m = rows["ours"]
        lines.append(f"| {question} | {m.n} | {m.spearman:.3f} | {m.qwk:.3f} | {m.macro_f1:.3f} | {m.auc:.3f} |")
    lines += ["", "## Calibration (fitted on the calibration split only)"]
    lines += [
        f"- {s}: partial from {t.partial_from:.3f}, correct from {t.correct_from:.3f}"
        for s, t in report.calibration.items()
    ]
    return "\n".join(lines) + "\n"
