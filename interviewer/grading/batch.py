"""Grading many answers in one go: JSON lines in, one result per line out, a bad line never stops the rest."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from pydantic import BaseModel, Field, ValidationError

from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Round
from interviewer.grading.analysis import GradeTarget

MAX_LINE_BYTES = 1_000_000
"""A longer input line is refused (the answer itself is cut to MAX_ANSWER_CHARS when graded)."""


class BatchItem(BaseModel):
    """One answer to grade, as one line of a batch file."""

    id: str = Field(min_length=1, max_length=200)
    """The caller's id, repeated on the result line."""
    round: Round
    """The round whose rubric applies."""
    question: str = Field(min_length=1)
    """The question asked: a bank question is graded by its key points, any other by retrieved guidance."""
    answer: str
    """The candidate's answer."""
    reference: str | None = None
    """A reference answer to grade against, if there is one."""


class BatchResult(BaseModel):
    """The outcome of one input line: a feedback, or the error that kept it from being graded."""

    id: str
    """The input line's id (or "line N" when the line had none)."""
    feedback: Feedback | None = None
    """The grade."""
    error: str | None = None
    """Why the line was not graded."""

    def to_json(self) -> str:
        """One output line: the feedback as `interviewer grade --json` prints it, with the id first."""
        body: dict[str, object] = {"id": self.id}
        body.update(self.feedback.to_report() if self.feedback else {"error": self.error})
        return json.dumps(body, ensure_ascii=False)


def parse_line(number: int, raw: bytes) -> BatchItem | BatchResult:
    """A batch item, or a result carrying the error and whatever id the line had."""
    label = f"line {number}"
    if len(raw) > MAX_LINE_BYTES:
        return BatchResult(id=label, error=f"the line is longer than {MAX_LINE_BYTES:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return BatchResult(id=label, error=f"not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return BatchResult(id=label, error=f"not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(data, dict):
        return BatchResult(id=label, error="expected a JSON object")
    given = data.get("id")
    label = str(given) if isinstance(given, str | int) and str(given) else label
    try:
        return BatchItem.model_validate({**data, "id": label})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return BatchResult(id=label, error=problems)


def grade_lines(
    lines: Iterable[bytes],
    target_for: Callable[[BatchItem], GradeTarget],
    grade: Callable[[GradeTarget, str], Feedback],
) -> Iterator[BatchResult]:
    """Grade every non-blank line in order; a line that cannot be read or graded yields its error and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # blank lines separate nothing and are skipped
        parsed = parse_line(number, line)
        if isinstance(parsed, BatchResult):
            yield parsed
            continue
        try:
            yield BatchResult(id=parsed.id, feedback=grade(target_for(parsed), parsed.answer))
        except ValueError as exc:
            yield BatchResult(id=parsed.id, error=str(exc))
        except Exception as exc:  # a fault grading one answer must not lose the answers after it
            yield BatchResult(id=parsed.id, error=f"internal error while grading ({type(exc).__name__}: {exc})")
