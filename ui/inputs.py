"""The start screen's choices as a session's settings: the round, the difficulty, and the resume and job ad, pasted
or uploaded (PDF, DOCX, Markdown or text; an upload wins over pasted text)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from interviewer.adapters.documents import read_document
from interviewer.domain.questions import Difficulty, Round
from interviewer.interview.session import LOOP_ORDER, MAX_CONTEXT_CHARS, SessionConfig

UPLOAD_TYPES = [".pdf", ".docx", ".md", ".txt"]
"""What the upload boxes accept."""


def document(pasted: str | None, upload: Any) -> str | None:
    """The pasted text, or the uploaded file's (DocumentError, with a message for the candidate, if unreadable)."""
    if upload is not None:
        return read_document(Path(upload if isinstance(upload, str) else upload.name))
    return (pasted or "").strip() or None


def session_config(
    round_choice: str, difficulty: str, questions: float, resume: str | None, job_ad: str | None
) -> SessionConfig:
    """A new session's settings from the start screen's choices."""
    rounds = list(LOOP_ORDER) if round_choice == "loop" else [Round(round_choice)]
    return SessionConfig(
        rounds=rounds,
        questions_per_round=int(questions),
        difficulty=None if difficulty == "adaptive" else Difficulty(difficulty),
        seed=uuid.uuid4().int % 1_000_000,
        candidate_context=resume[:MAX_CONTEXT_CHARS] if resume else None,
        job_ad=job_ad[:MAX_CONTEXT_CHARS] if job_ad else None,
    )
