"""The ladder: four answers to each question (strong, partial but correct, fluent but wrong, substance-free), and
whether the grade puts them in that order."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Round
from interviewer.evaluation.metrics import spearman
from interviewer.paths import eval_datasets_dir

Level = Literal["strong", "partial", "fluent_wrong", "substance_free"]
LEVELS: tuple[Level, ...] = ("strong", "partial", "fluent_wrong", "substance_free")
"""Best first; a level's label is 4 for strong down to 1 for substance-free."""
HALVES = {
    "dev": "ladder_dev.jsonl",
    "dev2": "ladder_dev2.jsonl",
    "dev3": "ladder_dev3.jsonl",
    "blind": "ladder_blind.jsonl",
}
"""The shipped sets: the development half, and the blind half written without sight of the grader. dev2 is a second
development set, written (like the blind half) by a helper who never read the grader or the bank's key points, on
bank questions neither half uses; it was first measured as it came and has been tuned on since. dev3 is a third,
written the same way by two helpers in session 16 (the bank's last unused coding, ML theory and screen questions, and
their own behavioral and system design questions, which the bank does not have), also first measured as it came."""


class LadderItem(BaseModel):
    """One answer of the ladder."""

    id: str = Field(min_length=1)
    """Unique within the set, e.g. lb-07-fluent_wrong."""
    question_id: str | None = None
    """The bank question, or None for a question from outside the bank."""
    round: Round
    """The round whose rubric applies."""
    question: str = Field(min_length=1)
    """The question as asked (a bank question's exact text)."""
    level: Level
    """How good the answer is."""
    label: int = Field(ge=1, le=4)
    """The level as a number: strong 4, partial 3, fluent_wrong 2, substance_free 1."""
    answer: str
    """The answer."""
    error: str | None = None
    """For a fluent-but-wrong answer: its central error, in one sentence."""

    def group(self) -> str:
        """The question this answer belongs to (answers to one question share their id's stem)."""
        return self.id.rsplit("-", 1)[0]


class LadderReport(BaseModel):
    """How well the grade orders the ladder."""

    n: int
    """Answers graded."""
    questions: int
    """Questions with answers."""
    spearman: float
    """Rank correlation of the overall score with the level."""
    pairwise: dict[str, float]
    """For each pair of levels ("partial>fluent_wrong"), the share of questions where the better one scored strictly
    higher."""
    mean_by_level: dict[str, float]
    """Mean overall score per level."""
    mean_by_round: dict[str, dict[str, float]]
    """Mean overall score per round and level."""
    with_mistakes: dict[str, int] = Field(default_factory=dict)
    """Per level, answers in which a known mistake was found."""
    contradicted: dict[str, int] = Field(default_factory=dict)
    """Per level, key points shown as contradicted."""
    wrong_claims_credited: int = 0
    """Key points shown as covered by a sentence that states a wrong claim found in the same answer (should be 0)."""


def load_ladder(path: Path) -> list[LadderItem]:
    """A ladder file (JSON lines); a malformed line is an error naming the line, since a set must be whole."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = LadderItem.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
        if LEVELS.index(item.level) != 4 - item.label:
            raise ValueError(f"{path}:{number}: label {item.label} does not match level {item.level}")
        items.append(item)
    return items


def default_halves() -> dict[str, Path]:
    """The shipped halves that exist."""
    return {name: eval_datasets_dir() / file for name, file in HALVES.items() if (eval_datasets_dir() / file).exists()}


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def ladder_report(items: Sequence[LadderItem], overall: Sequence[float]) -> LadderReport:
    """Order figures from one overall score per item."""
    by_question: dict[str, dict[str, float]] = defaultdict(dict)
    by_level: dict[str, list[float]] = defaultdict(list)
    by_round: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for item, score in zip(items, overall, strict=True):
        by_question[item.group()][item.level] = score
        by_level[item.level].append(score)
        by_round[item.round.value][item.level].append(score)
    pairwise = {}
    for better, worse in combinations(LEVELS, 2):
        pairs = [q for q in by_question.values() if better in q and worse in q]
        above = sum(q[better] > q[worse] for q in pairs)
        pairwise[f"{better}>{worse}"] = round(above / len(pairs), 3) if pairs else 0.0
    return LadderReport(
        n=len(items),
        questions=len(by_question),
        spearman=round(spearman(list(overall), [float(i.label) for i in items]), 4),
        pairwise=pairwise,
        mean_by_level={level: _mean(by_level[level]) for level in LEVELS if by_level[level]},
        mean_by_round={
            round_: {level: _mean(scores[level]) for level in LEVELS if scores[level]}
            for round_, scores in sorted(by_round.items())
        },
    )


def run_ladder(items: Sequence[LadderItem], grade: Callable[[LadderItem], Feedback]) -> LadderReport:
    """Grade every item with `grade` (the product's path: a bank question's key points, else guidance), and count
    the errors the grade found per level."""
    feedback = [grade(item) for item in items]
    report = ladder_report(items, [f.overall for f in feedback])
    for item, graded in zip(items, feedback, strict=True):
        report.with_mistakes[item.level] = report.with_mistakes.get(item.level, 0) + bool(graded.mistakes)
        found = sum(k.contradicted for k in graded.key_points)
        report.contradicted[item.level] = report.contradicted.get(item.level, 0) + found
        quotes = [m.quote for m in graded.mistakes]
        report.wrong_claims_credited += sum(
            bool(k.covered and k.evidence and any(q in k.evidence for q in quotes)) for k in graded.key_points
        )
    return report


TARGETS: tuple[tuple[str, str, float], ...] = (
    ("spearman", ">=", 0.75),
    ("partial>fluent_wrong", ">=", 0.80),
    ("strong>partial", ">=", 0.85),
    ("mean strong", ">=", 4.0),
    ("mean substance_free", "<=", 1.8),
    ("wrong claims credited", "<=", 0),
)
"""What the grade must reach on a blind half: an honest grade ranks a short correct answer above a fluent wrong
one and gives a strong answer a strong score."""


def figure(report: LadderReport, name: str) -> float:
    """One of the report's figures by the name TARGETS uses."""
    if name == "spearman":
        return report.spearman
    if name == "wrong claims credited":
        return report.wrong_claims_credited
    if name.startswith("mean "):
        return report.mean_by_level.get(name.removeprefix("mean "), 0.0)
    return report.pairwise.get(name, 0.0)


def missed_targets(report: LadderReport) -> list[str]:
    """Each target the report misses, with the figure it reached."""
    missed = []
    for name, relation, goal in TARGETS:
        value = figure(report, name)
        if not (value >= goal if relation == ">=" else value <= goal):
            missed.append(f"{name} {value:g} (target {relation} {goal:g})")
    return missed


def report_text(name: str, report: LadderReport) -> str:
    """The figures as plain text lines."""
    lines = [
        f"{name}: {report.n} answers to {report.questions} questions, Spearman with the level {report.spearman:.3f}"
    ]
    lines += [f"  {pair:<32} {share:.1%}" for pair, share in report.pairwise.items()]
    lines.append("  mean overall " + ", ".join(f"{level} {mean:.2f}" for level, mean in report.mean_by_level.items()))
    if report.with_mistakes:
        counts = ", ".join(f"{level} {report.with_mistakes.get(level, 0)}" for level in LEVELS)
        lines.append(f"  answers with a known mistake: {counts}")
        counts = ", ".join(f"{level} {report.contradicted.get(level, 0)}" for level in LEVELS)
        lines.append(
            f"  contradicted key points: {counts}; wrong claims credited as covered: {report.wrong_claims_credited}"
        )
    for round_, means in report.mean_by_round.items():
        lines.append(f"    {round_:<14} " + ", ".join(f"{level} {mean:.2f}" for level, mean in means.items()))
    missed = missed_targets(report)
    met = f"  targets met: {len(TARGETS) - len(missed)} of {len(TARGETS)}"
    lines.append(met + "".join(f"; missed {m}" for m in missed))
    return "\n".join(lines)
