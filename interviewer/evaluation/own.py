"""Our own labeled sets: STAR and metric detection, score agreement, and the adversarial floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from interviewer.domain.questions import Bank
from interviewer.evaluation.metrics import precision_recall_f1, spearman
from interviewer.grading.grader import Grader
from interviewer.grading.targets import target_for
from interviewer.paths import eval_datasets_dir

STAR_PARTS = ("situation", "task", "action", "result")


class Detection(BaseModel):
    """Precision, recall and F1 of one detector against the labels."""

    precision: float
    """Of the answers flagged present, the share labeled present."""
    recall: float
    """Of the answers labeled present, the share flagged present."""
    f1: float
    """Harmonic mean."""
    n: int
    """Answers."""


class AdversarialFailure(BaseModel):
    """A case the grader did not handle as expected."""

    id: str
    """Case id."""
    category: str
    """What kind of attack or non-answer."""
    overall: float
    """Score given."""
    flags: list[str]
    """Flags raised."""
    expected: dict[str, Any]
    """What was expected."""


class OwnEvalReport(BaseModel):
    """Figures on the project's own labeled sets."""

    star_detection: dict[str, Detection] = Field(default_factory=dict)
    """Per STAR part."""
    metric_detection: Detection | None = None
    """Quantified impact present or not."""
    holdout_detection: dict[str, Detection] = Field(default_factory=dict)
    """STAR parts and metric on the held-out behavioral set (written after the rules, never tuned on)."""
    spearman: dict[str, float] = Field(default_factory=dict)
    """Overall score vs the 1-5 label, per set."""
    adversarial_n: int = 0
    """Adversarial cases."""
    adversarial_passed: int = 0
    """Handled as expected."""
    adversarial_pass_rate: float = 0.0
    """Share handled as expected."""
    adversarial_failures: list[AdversarialFailure] = Field(default_factory=list)
    """The cases that failed."""


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _detection(truth: list[bool], predicted: list[bool]) -> Detection:
    p, r, f = precision_recall_f1(truth, predicted)
    return Detection(precision=round(p, 4), recall=round(r, 4), f1=round(f, 4), n=len(truth))


def _story_figures(grader: Grader, bank: Bank, path: Path) -> tuple[dict[str, Detection], float]:
    """STAR-part and metric detection (keyed by part and "metric") and Spearman on one behavioral set."""
    truth: dict[str, list[bool]] = {p: [] for p in (*STAR_PARTS, "metric")}
    predicted: dict[str, list[bool]] = {p: [] for p in (*STAR_PARTS, "metric")}
    overall, labels = [], []
    for row in _rows(path):
        question = bank.get(row["question_id"])
        if question is None:
            raise ValueError(f"{path}: unknown question {row['question_id']}")
        feedback = grader.grade(target_for(question), row["answer"])
        found: dict[str, bool] = (
            {name: part.present for name, part in feedback.star.parts().items()} if feedback.star else {}
        )
        for part in STAR_PARTS:
            truth[part].append(bool(row["labels"][part]))
            predicted[part].append(found.get(part, False))
        truth["metric"].append(bool(row["labels"]["metric"]))
        predicted["metric"].append(feedback.metrics.present)
        overall.append(feedback.overall)
        labels.append(float(row["labels"]["overall"]))
    detection = {p: _detection(truth[p], predicted[p]) for p in truth}
    return detection, round(spearman(overall, labels), 4)


def run_own(grader: Grader, bank: Bank, folder: Path | None = None) -> OwnEvalReport:
    """Grade every labeled answer in the own sets and compare with the labels."""
    folder = folder or eval_datasets_dir()
    report = OwnEvalReport()
    behavioral = folder / "behavioral.jsonl"
    if behavioral.exists():
        detection, report.spearman["behavioral"] = _story_figures(grader, bank, behavioral)
        report.metric_detection = detection.pop("metric")
        report.star_detection = detection
    holdout = folder / "behavioral_holdout.jsonl"
    if holdout.exists():
        report.holdout_detection, report.spearman["behavioral_holdout"] = _story_figures(grader, bank, holdout)
    for name in ("ml_theory", "system_design"):
        path = folder / f"{name}.jsonl"
        if not path.exists():
            continue
        scores, labels = [], []
        for row in _rows(path):
            question = bank.get(row["question_id"])
            if question is None:
                raise ValueError(f"{path}: unknown question {row['question_id']}")
            scores.append(grader.grade(target_for(question), row["answer"]).overall)
            labels.append(float(row["overall"]))
        report.spearman[name] = round(spearman(scores, labels), 4)
    adversarial = folder / "adversarial.jsonl"
    if adversarial.exists():
        for row in _rows(adversarial):
            question = bank.get(row["question_id"])
            if question is None:
                raise ValueError(f"{adversarial}: unknown question {row['question_id']}")
            expect = row["expect"]
            feedback = grader.grade(target_for(question), row["answer"])
            flagged = bool(set(expect.get("flags_any", [])) & set(feedback.flags))
            if expect.get("graded_on_content"):
                clean = grader.grade(target_for(question), expect["clean_answer"])
                passed = flagged and feedback.overall <= clean.overall
            else:
                passed = flagged and feedback.overall <= expect.get("max_overall", 2)
            report.adversarial_n += 1
            if passed:
                report.adversarial_passed += 1
            else:
                report.adversarial_failures.append(
                    AdversarialFailure(
                        id=row["id"],
                        category=row.get("category", ""),
                        overall=feedback.overall,
                        flags=feedback.flags,
                        expected=expect,
                    )
                )
        report.adversarial_pass_rate = round(report.adversarial_passed / max(1, report.adversarial_n), 4)
    return report


def report_text(report: OwnEvalReport) -> str:
    """The figures as plain text lines, failures listed."""

    def detection(label: str, d: Detection) -> str:
        return f"{label:<19} precision {d.precision:.3f}  recall {d.recall:.3f}  F1 {d.f1:.3f}  (n={d.n})"

    lines = [detection(f"STAR {part}", d) for part, d in report.star_detection.items()]
    lines += [detection("metric", report.metric_detection)] if report.metric_detection else []
    lines += [detection(f"held-out {part}", d) for part, d in report.holdout_detection.items()]
    lines += [f"Spearman {name:<18} {value:.3f}" for name, value in report.spearman.items()]
    passed = f"{report.adversarial_passed}/{report.adversarial_n}"
    lines.append(f"adversarial     {passed} passed ({report.adversarial_pass_rate:.1%})")
    lines += [f"  FAIL {f.id} [{f.category}] overall {f.overall} flags {f.flags}" for f in report.adversarial_failures]
    return "\n".join(lines)
