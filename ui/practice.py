"""Server-side state shared by every browser tab: the engine's parts, live interviews by session id, history."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime

from interviewer.adapters.sqlite_history import History
from interviewer.grading.analysis import GradeTarget
from interviewer.interview.engine import Interviewer
from interviewer.interview.phrasing import OfflineModel
from interviewer.interview.session import Session, SessionConfig, start
from interviewer.kb.catalog import load_bank
from interviewer.services import build_grader, build_model, ready_knowledge_base
from interviewer.settings import Settings


class Practice:
    """Server-side state shared by every tab: the engine's parts, live interviews by session id, history."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.kb = ready_knowledge_base(settings)
        self.bank = load_bank()
        self.history = History(settings.resolved_history_path)
        model = build_model(settings)
        self.problem: str | None = None
        if model is not None:
            try:
                model.check()  # type: ignore[attr-defined]
            except Exception as exc:  # reachability only: any failure means offline
                self.problem = str(exc)
                model = None
        self.engine = model.name if model else (settings.llm_model if self.problem else "offline") or "offline"
        self.model = model
        self.offline = OfflineModel()
        self.grader = build_grader(settings, model, self.kb)
        # Load the embedding model and Chroma's index now, not inside the first candidate's answer.
        self.kb.search("warm up the knowledge base", k=1)
        self.grader.embed(["warm up the grader"])
        self.live: dict[str, Interviewer] = {}
        self.locks: dict[str, threading.Lock] = {}
        self.asked_at: dict[str, float] = {}
        self._guard = threading.Lock()

    def open(self, session_id: str) -> Interviewer | None:
        """A live interview, reloaded from history after a restart."""
        with self._guard:
            if session_id not in self.live:
                stored = self.history.load(session_id)
                if stored is None:
                    return None
                self.live[session_id] = Interviewer(
                    self.bank, self.grader, self.model or self.offline, self.offline, stored
                )
            self.locks.setdefault(session_id, threading.Lock())
            return self.live[session_id]

    def _interviewer(self, session: Session) -> Interviewer:
        def prepare_in_background(target: GradeTarget) -> None:
            # Embedding the next question's key points while the candidate reads it keeps it off the answer's path.
            threading.Thread(target=self.grader.prepare, args=(target,), daemon=True).start()

        return Interviewer(
            self.bank, self.grader, self.model or self.offline, self.offline, session, prepare=prepare_in_background
        )

    def create(self, config: SessionConfig) -> Interviewer:
        """A new interview for one tab."""
        session = start(uuid.uuid4().hex, config)
        interviewer = self._interviewer(session)
        with self._guard:
            self.live[session.id] = interviewer
            self.locks[session.id] = threading.Lock()
        self.save(interviewer)
        return interviewer

    def save(self, interviewer: Interviewer) -> None:
        """Persist the session now."""
        self.history.save(interviewer.session, self.grader.engine, datetime.now())

    def delete(self, session_id: str) -> bool:
        """Forget a session: out of the live interviews and out of the history."""
        with self._guard:
            self.live.pop(session_id, None)
            self.locks.pop(session_id, None)
        return self.history.delete(session_id)

    def resumable(self) -> list[tuple[str, str]]:
        """Unfinished sessions for the resume dropdown."""
        return [
            (f"{r.updated_at.replace('T', ' ')} · {r.rounds} · {r.answered} answers", r.id)
            for r in self.history.sessions()
            if not r.done
        ]
