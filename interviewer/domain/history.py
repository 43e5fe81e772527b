"""What the session history stores and lists, and how storing can fail: the storage adapter's vocabulary."""

from __future__ import annotations

from pydantic import BaseModel

LOCAL_USER = "local"
"""The one user of a single-user install (no sign-in): the terminal's and the local app's sessions are theirs."""


class HistoryError(RuntimeError):
    """The history database could not be read or written (full disk, permissions, corruption, server down)."""

    def __init__(self, action: str, detail: str = "") -> None:
        super().__init__(f"{action} ({detail})" if detail else action)
        self.action = action
        """What could not be done, in words for the person using the app (the detail is for the operator's log)."""


class StaleSession(HistoryError):
    """The session was saved elsewhere (another app process or tab) since this copy was loaded."""


class SessionRow(BaseModel):
    """A session in the history list."""

    id: str
    """Session id."""
    created_at: str
    """When it started (ISO 8601)."""
    updated_at: str
    """Last change (ISO 8601)."""
    rounds: str
    """Rounds, comma-separated."""
    engine: str
    """Who graded."""
    done: bool
    """Finished, or resumable."""
    answered: int
    """Answers graded."""
    average: float | None
    """Mean overall score."""


class RoundPoint(BaseModel):
    """One session's average in one round, for the progress chart."""

    session_id: str
    """The session."""
    started_at: str
    """When its first answer in that round was graded (ISO 8601)."""
    round: str
    """The round."""
    average: float
    """Mean overall score of its answers in that round."""


class CriterionPoint(BaseModel):
    """One criterion score at one time, for the progress chart."""

    answered_at: str
    """When the answer was graded (ISO 8601)."""
    criterion: str
    """Criterion id."""
    score: int
    """1-5."""


class UserRow(BaseModel):
    """An account, as the operator lists them."""

    name: str
    """The sign-in name."""
    created_at: str
    """When it was added (ISO 8601)."""
    sessions: int
    """How many sessions it has."""
