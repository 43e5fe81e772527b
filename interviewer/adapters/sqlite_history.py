"""Session history in SQLite: every turn is written as it happens, so a crash loses no answered turn."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from interviewer.interview.session import Session

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rounds TEXT NOT NULL,
    engine TEXT NOT NULL,
    done INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    idx INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    round TEXT NOT NULL,
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    overall REAL,
    criteria TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
);
"""


class HistoryError(RuntimeError):
    """The history database could not be read or written (full disk, permissions, corruption)."""


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


class History:
    """The SQLite store of sessions and graded turns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise HistoryError(f"cannot open the history database {path}: {exc}") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a committed answer survives the process being killed (kill -9); only an OS crash or
            # power cut can lose the last commits. FULL would fsync every answer and slow every turn.
            db.execute("PRAGMA synchronous=NORMAL")
            with db:
                yield db
        finally:
            db.close()

    def save(self, session: Session, engine: str, now: datetime) -> None:
        """Write the session and any newly graded turns, in one transaction."""
        stamp = now.isoformat(timespec="seconds")
        rows = [
            (
                session.id,
                i,
                stamp,
                t.round.value,
                t.question_id,
                t.kind,
                t.feedback.overall,
                json.dumps({c.name: c.score for c in t.feedback.criteria}),
            )
            for i, t in enumerate(session.turns)
            if t.feedback is not None
        ]
        try:
            with self._lock, self._connect() as db:
                db.execute(
                    "INSERT INTO sessions (id, created_at, updated_at, rounds, engine, done, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, "
                    "engine=excluded.engine, done=excluded.done, data=excluded.data",
                    (
                        session.id,
                        stamp,
                        stamp,
                        ",".join(r.value for r in session.config.rounds),
                        engine,
                        int(session.done),
                        session.model_dump_json(),
                    ),
                )
                # Existing turns keep their first timestamp: the chart shows when each answer was given.
                db.executemany("INSERT OR IGNORE INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise HistoryError(f"could not save the session ({exc}); your answer is still on screen") from exc

    def load(self, session_id: str) -> Session | None:
        """A stored session, or None."""
        try:
            with self._connect() as db:
                row = db.execute("SELECT data FROM sessions WHERE id = ?", (session_id,)).fetchone()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history: {exc}") from exc
        return Session.model_validate_json(row[0]) if row else None

    def sessions(self, limit: int = 200) -> list[SessionRow]:
        """Recent sessions, newest first."""
        query = (
            "SELECT s.id, s.created_at, s.updated_at, s.rounds, s.engine, s.done, COUNT(t.idx), AVG(t.overall) "
            "FROM sessions s LEFT JOIN turns t ON t.session_id = s.id GROUP BY s.id ORDER BY s.updated_at DESC LIMIT ?"
        )
        try:
            with self._connect() as db:
                rows = db.execute(query, (limit,)).fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history: {exc}") from exc
        return [
            SessionRow(
                id=r[0],
                created_at=r[1],
                updated_at=r[2],
                rounds=r[3],
                engine=r[4],
                done=bool(r[5]),
                answered=r[6],
                average=round(r[7], 2) if r[7] is not None else None,
            )
            for r in rows
        ]

    def round_averages(self) -> list[RoundPoint]:
        """For the progress chart: each session's average per round, at the time its first answer was given."""
        query = (
            "SELECT session_id, MIN(answered_at), round, AVG(overall) FROM turns WHERE overall IS NOT NULL "
            "GROUP BY session_id, round ORDER BY MIN(answered_at)"
        )
        try:
            with self._connect() as db:
                rows = db.execute(query).fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history: {exc}") from exc
        return [RoundPoint(session_id=r[0], started_at=r[1], round=r[2], average=round(r[3], 2)) for r in rows]

    def delete(self, session_id: str) -> bool:
        """Remove a session and its answers; False if there was no such session."""
        try:
            with self._lock, self._connect() as db:
                db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
                return db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0
        except sqlite3.Error as exc:
            raise HistoryError(f"could not delete the session ({exc})") from exc

    def question_scores(self) -> list[tuple[str, float]]:
        """(question id, overall) of every graded main answer, for finding weak topics."""
        try:
            with self._connect() as db:
                rows = db.execute("SELECT question_id, overall FROM turns WHERE kind = 'question'").fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history: {exc}") from exc
        return [(str(q), float(o)) for q, o in rows if o is not None]

    def problem_results(self) -> list[tuple[str, int, int]]:
        """(problem id, tests passed, tests run) of every coding or SQL solution submitted, in every session."""
        query = (
            "SELECT json_extract(t.value, '$.question_id'), json_extract(t.value, '$.tests.cases') "
            "FROM sessions AS s, json_each(s.data, '$.turns') AS t WHERE json_extract(t.value, '$.tests') IS NOT NULL"
        )
        try:
            with self._connect() as db:
                rows = db.execute(query).fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history: {exc}") from exc
        results = []
        for problem_id, cases in rows:
            listed = json.loads(cases or "[]")
            results.append((str(problem_id), sum(bool(c.get("passed")) for c in listed), len(listed)))
        return results

    def criterion_points(self) -> list[CriterionPoint]:
        """Every criterion score of every graded answer, oldest first."""
        try:
            with self._connect() as db:
                rows = db.execute("SELECT answered_at, criteria FROM turns ORDER BY answered_at, idx").fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history: {exc}") from exc
        return [
            CriterionPoint(answered_at=stamp, criterion=name, score=score)
            for stamp, criteria in rows
            for name, score in json.loads(criteria).items()
        ]
