"""Loaders for human-graded answer sets: our JSONL, Short Answer Feedback (SAF) XML, SemEval-2013 Task 7 XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from interviewer.domain.questions import Round

Label = Literal["correct", "partial", "incorrect"]
LABEL_INDEX: dict[str, int] = {"incorrect": 0, "partial": 1, "correct": 2}


class EvalItem(BaseModel):
    """One human-graded answer."""

    id: str
    """Answer id."""
    split: str
    """training, unseen_answers, ... (the folder or file it came from)."""
    question_id: str
    """Question id within the set."""
    question: str
    """The question text."""
    answer: str
    """The student's or candidate's answer."""
    reference: str | None = None
    """A reference answer, if the set has one."""
    round: Round = Round.ML_THEORY
    """The rubric to grade with."""
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    """Human score as a 0-1 fraction."""
    label: Label | None = None
    """Human 3-way verdict."""


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _multiline(element: ET.Element | None) -> str:
    return (
        "\n".join(line.strip() for line in "".join(element.itertext()).splitlines() if line.strip())
        if (element is not None)
        else ""
    )


def load_jsonl(path: Path, split: str | None = None) -> list[EvalItem]:
    """Our JSONL: id, question, answer, optional round/reference, and score (0-1 or with max_score) and/or label."""
    items: list[EvalItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        score = raw.get("score")
        if score is not None and raw.get("max_score"):
            score = float(score) / float(raw["max_score"])
        items.append(
            EvalItem(
                id=str(raw["id"]),
                split=split or path.stem,
                question_id=str(raw.get("question_id", raw["id"])),
                question=raw["question"],
                answer=raw.get("answer", ""),
                reference=raw.get("reference"),
                round=Round(raw.get("round", "ml_theory")),
                score=score,
                label=raw.get("label"),
            )
        )
    return items


_SAF_LABELS: dict[str, Label] = {"correct": "correct", "partially correct": "partial", "incorrect": "incorrect"}


def _question_files(path: Path) -> Iterator[tuple[Path, ET.Element, str]]:
    """Each question XML file under path (or path itself): the file, its root element and the question id."""
    for file in sorted(path.rglob("*.xml")) if path.is_dir() else [path]:
        root = ET.parse(file).getroot()
        yield file, root, root.get("id") or file.stem


def _student_item(
    where: tuple[Path, ET.Element, str], answer: ET.Element, index: int, text: str, **graded: object
) -> EvalItem:
    """One student answer of a question file (file, root, question id); graded holds reference, score, label."""
    file, root, question_id = where
    return EvalItem.model_validate(
        {
            "id": answer.get("id") or f"{question_id}.{index}",
            "split": file.parent.name,
            "question_id": question_id,
            "question": _text(root.find("questionText")),
            "answer": text,
            **graded,
        }
    )


def load_saf(path: Path) -> list[EvalItem]:
    """Short Answer Feedback XML: one file per question, or a folder of split folders / files."""
    items: list[EvalItem] = []
    for where in _question_files(path):
        _, root, _ = where
        reference = next((_multiline(r) for r in root.iter("referenceAnswer")), None)
        for answer in root.iter("studentAnswer"):
            verdict = _text(answer.find("verification_feedback")).lower()
            score_text = _text(answer.find("score"))
            score = min(1.0, max(0.0, float(score_text))) if score_text else None
            text = _multiline(answer.find("response"))
            label = _SAF_LABELS.get(verdict)
            items.append(_student_item(where, answer, len(items), text, reference=reference, score=score, label=label))
    return items


_SEMEVAL_LABELS: dict[str, Label] = {
    "correct": "correct",
    "partially_correct_incomplete": "partial",
    "contradictory": "incorrect",
    "irrelevant": "incorrect",
    "non_domain": "incorrect",
    "incorrect": "incorrect",
}


def load_semeval(path: Path) -> list[EvalItem]:
    """SemEval-2013 Task 7 XML: questionText, referenceAnswers, studentAnswers with an accuracy attribute."""
    items: list[EvalItem] = []
    for where in _question_files(path):
        _, root, _ = where
        references = list(root.iter("referenceAnswer"))
        best = next((r for r in references if r.get("category") == "BEST"), references[0] if references else None)
        for answer in root.iter("studentAnswer"):
            label = _SEMEVAL_LABELS.get((answer.get("accuracy") or "").lower())
            score = {"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[label] if label else None
            reference = _text(best) if best is not None else None
            text = _text(answer)
            items.append(_student_item(where, answer, len(items), text, reference=reference, score=score, label=label))
    return items


def load(path: Path, fmt: str) -> list[EvalItem]:
    """Load a set in the given format."""
    if not path.exists():
        raise ValueError(f"no such file or folder: {path}")
    loaders = {"jsonl": load_jsonl, "saf": load_saf, "semeval": load_semeval}
    if fmt not in loaders:
        raise ValueError(f"unknown format {fmt!r}: use jsonl, saf or semeval")
    if fmt == "jsonl" and path.is_dir():
        return [item for file in sorted(path.glob("*.jsonl")) for item in load_jsonl(file)]
    try:
        return loaders[fmt](path)
    except ET.ParseError as exc:
        raise ValueError(f"{path}: malformed XML ({exc})") from exc
