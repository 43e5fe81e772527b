"""Choosing how agreement with a reference answer is scored, by leave-one-question-out cross-validation on one
split (SAF `training`): no held-out answer is graded, and each question is scored with class thresholds fitted on
the other questions only, as a question the grader has never seen would be."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from pydantic import BaseModel

from interviewer.evaluation.datasets import EvalItem
from interviewer.evaluation.grader_eval import fit_thresholds, human_grade
from interviewer.evaluation.metrics import macro_f1, quadratic_weighted_kappa, roc_auc, spearman
from interviewer.grading.analysis import Analysis, ReferenceScoring
from interviewer.grading.bounds import build_feedback
from interviewer.grading.grader import offline_judgement
from interviewer.grading.targets import reference_target

GRID: dict[str, tuple[float, ...]] = {
    "lexical_weight": (0.5, 0.75, 0.9, 1.0),
    "coverage_weight": (0.1, 0.2, 0.35, 0.5),
    "best_points": (2, 3, 5),
    "recall_full": (0.4, 0.5, 0.6, 0.7, 0.8),
}
"""The settings tried: every combination (240), plus the shipped one if it is not among them."""

Analyze = Callable[[EvalItem, ReferenceScoring], Analysis]


class SettingScore(BaseModel):
    """One setting's cross-validated agreement with the human grades."""

    scoring: ReferenceScoring
    """The setting."""
    spearman: float
    """Rank correlation of the overall with the human score (no threshold involved)."""
    qwk: float
    """Quadratic weighted kappa, each question classified with thresholds fitted on the other questions."""
    macro_f1: float
    """Macro F1 on incorrect / partial / correct, the same way."""
    auc: float
    """ROC AUC of the overall for correct vs not."""

    @property
    def objective(self) -> float:
        """What the setting is chosen by: the mean of the four figures the held-out splits are reported on."""
        return (self.spearman + self.qwk + self.macro_f1 + self.auc) / 4


class TuningReport(BaseModel):
    """The chosen setting, the shipped one, and the best few, on one split."""

    split: str
    """The split the settings were scored on."""
    questions: int
    """Questions in it (one fold each)."""
    answers: int
    """Answers in it."""
    chosen: SettingScore
    """The setting with the best objective."""
    shipped: SettingScore
    """The setting the grader uses now (ReferenceScoring's defaults)."""
    ranking: list[SettingScore]
    """The best settings, best first."""


def settings_grid() -> list[ReferenceScoring]:
    """Every combination of GRID, and the shipped defaults."""
    names = list(GRID)
    grid = [
        ReferenceScoring.model_validate(dict(zip(names, values, strict=True)))
        for values in itertools.product(*GRID.values())
    ]
    return grid if ReferenceScoring() in grid else [*grid, ReferenceScoring()]


def overall_for(item: EvalItem, analysis: Analysis, scoring: ReferenceScoring) -> float:
    """The overall `interviewer grade` gives this answer against its reference with this setting (offline)."""
    target = reference_target(item.round, item.question, item.reference, scoring)
    judgement = offline_judgement(target, analysis)
    return build_feedback(target, item.answer, analysis, judgement, citations=[], engine="offline").overall


def cross_validate(items: Sequence[EvalItem], overall: Sequence[float]) -> tuple[float, float]:
    """(QWK, macro F1) with every question's answers classified by thresholds fitted on the other questions."""
    truth = [human_grade(item)[1] for item in items]
    predicted = [0] * len(items)
    for question in sorted({item.question_id for item in items}):
        train = [i for i, item in enumerate(items) if item.question_id != question]
        thresholds = fit_thresholds([overall[i] for i in train], [truth[i] for i in train])
        for i, item in enumerate(items):
            if item.question_id == question:
                predicted[i] = thresholds.classify(overall[i])
    return quadratic_weighted_kappa(truth, predicted, 3), macro_f1(truth, predicted, [0, 1, 2])


def score_setting(items: Sequence[EvalItem], overall: Sequence[float], scoring: ReferenceScoring) -> SettingScore:
    """One setting's cross-validated figures from its overall scores."""
    qwk, f1 = cross_validate(items, overall)
    human = [human_grade(item) for item in items]
    return SettingScore(
        scoring=scoring,
        spearman=round(spearman(overall, [s for s, _ in human]), 4),
        qwk=round(qwk, 4),
        macro_f1=round(f1, 4),
        auc=round(roc_auc([c == 2 for _, c in human], overall), 4),
    )


def tune(
    items: Sequence[EvalItem],
    analyze: Analyze,
    split: str,
    progress: Callable[[int, int], None] | None = None,
    keep: int = 10,
) -> TuningReport:
    """Score every setting of the grid on one split by leave-one-question-out cross-validation."""
    items = [item for item in items if item.split == split]
    if not items:
        raise ValueError(f"no answers in split {split!r}")
    grid = settings_grid()
    scored: list[SettingScore] = []
    # Word overlap changes the analysis itself; the other settings only how it is scored, so each analysis is
    # made once per overlap share and scored under every other setting.
    shares = sorted({s.lexical_weight for s in grid})
    for step, lexical in enumerate(shares):
        analyses = [analyze(item, ReferenceScoring(lexical_weight=lexical)) for item in items]
        for scoring in (s for s in grid if s.lexical_weight == lexical):
            overall = [overall_for(item, a, scoring) for item, a in zip(items, analyses, strict=True)]
            scored.append(score_setting(items, overall, scoring))
        if progress:
            progress(step + 1, len(shares))
    ranking = sorted(scored, key=lambda s: -s.objective)
    shipped = next(s for s in scored if s.scoring == ReferenceScoring())
    return TuningReport(
        split=split,
        questions=len({item.question_id for item in items}),
        answers=len(items),
        chosen=ranking[0],
        shipped=shipped,
        ranking=ranking[:keep],
    )


def report_text(report: TuningReport) -> str:
    """The report as a table: the best settings, then the shipped one."""
    lines = [
        f"{report.split}: {report.answers} answers to {report.questions} questions, leave-one-question-out",
        "overlap  coverage  best  recall_full   Spearman  QWK     macroF1  AUC     mean",
    ]

    def row(s: SettingScore, mark: str = "") -> str:
        c = s.scoring
        return (
            f"{c.lexical_weight:<8} {c.coverage_weight:<9} {c.best_points:<5} {c.recall_full:<12} "
            f"{s.spearman:<9.4f} {s.qwk:<7.4f} {s.macro_f1:<8.4f} {s.auc:<7.4f} {s.objective:.4f}{mark}"
        )

    lines += [row(s, "  <- chosen" if i == 0 else "") for i, s in enumerate(report.ranking)]
    same = report.shipped.scoring == report.chosen.scoring
    lines.append(row(report.shipped, "  <- shipped" + (" (= chosen)" if same else "")))
    return "\n".join(lines)
