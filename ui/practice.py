"""Server-side state shared by every browser tab: the engine's parts, live interviews by session id, history."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime

from interviewer.adapters.sqlite_history import History
from interviewer.coding.judge import Judge
from interviewer.domain.model import InterviewModel
from interviewer.domain.questions import Bank
from interviewer.grading.analysis import GradeTarget
from interviewer.grading.grader import Grader
from interviewer.interview.engine import Interviewer
from interviewer.interview.phrasing import OfflineModel
from interviewer.interview.session import Session, SessionConfig, start
from interviewer.kb.catalog import load_bank
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_grader, build_judge, build_model, ready_knowledge_base
from interviewer.settings import Settings

# How long a request for an interview waits for the engine before it is told to come back (a fresh machine's first
# ingest takes about a minute here).
PREPARE_WAIT_S = 180.0


class EngineNotReady(RuntimeError):
    """An interview was asked for before the engine was prepared, or preparing it failed."""


@dataclass(frozen=True)
class Engine:
    """What grading needs, prepared once in the background: the knowledge base, the model (None offline), the grader,
    the engine's name and why a configured LLM is not used, if it is not."""

    kb: KnowledgeBase
    model: InterviewModel | None
    grader: Grader
    name: str
    problem: str | None
    judge: Judge
    """Runs candidates' code for the coding and SQL problems."""


class Practice:
    """Server-side state shared by every tab: the engine's parts, live interviews by session id, history.

    The page is served at once: the engine (embedding model, knowledge store, first-run ingest, LLM check) is prepared
    in a background thread, and `status` says how far it has got until `engine` is set."""

    def __init__(self, settings: Settings) -> None:
        """Nothing slow happens here: `prepare` (or `prepare_in_background`) loads the bank and the engine."""
        self.settings = settings
        self._bank: Bank | None = None
        self.history = History(settings.resolved_history_path)
        self.offline = OfflineModel()
        self.status = "Preparing the interviewer…"
        self.failure: str | None = None
        self._engine: Engine | None = None
        self.prepared = threading.Event()
        self.live: dict[str, Interviewer] = {}
        self.locks: dict[str, threading.Lock] = {}
        self.asked_at: dict[str, float] = {}
        self.unconfirmed: dict[str, str] = {}
        """A very short answer per session, submitted once: it is graded when submitted again unchanged."""
        self._guard = threading.Lock()
        self._bank_loaded = threading.Event()

    def prepare_in_background(self) -> None:
        """Start `prepare` in a daemon thread (the app calls it once its page is being served)."""
        threading.Thread(target=self.prepare, name="prepare-engine", daemon=True).start()

    def prepare(self) -> None:
        """Load the question bank, then build the engine, saying how far it has got in `status`; a failure is kept in
        `failure` (and shown on the page), not raised."""
        try:
            self.status = "Loading the question bank…"
            self._bank = load_bank()
            self._bank_loaded.set()
            self.status = "Loading the embedding model and the knowledge store…"

            def embedded(done: int, total: int) -> None:
                self.status = f"Building the knowledge base (first run only): {done} of {total} passages embedded…"

            kb = ready_knowledge_base(self.settings, progress=embedded)
            model, problem = build_model(self.settings), None
            if model is not None:
                self.status = "Checking the LLM endpoint…"
                try:
                    model.check()  # type: ignore[attr-defined]
                except Exception as exc:  # reachability only: any failure means offline
                    problem, model = str(exc), None
            name = model.name if model else (self.settings.llm_model if problem else "offline") or "offline"
            grader = build_grader(self.settings, model, kb)
            self.status = "Warming up the grader…"
            # Load the embedding model and Chroma's index now, not inside the first candidate's answer.
            kb.search("warm up the knowledge base", k=1)
            grader.embed(["warm up the grader"])
            self._engine = Engine(kb, model, grader, name, problem, build_judge())
            self.status = "Ready."
        except Exception as exc:  # shown on the page: the History tab keeps working without the engine
            self.failure = f"The interviewer could not start: {exc}"
            self.status = self.failure
        finally:
            self._bank_loaded.set()
            self.prepared.set()

    @property
    def bank(self) -> Bank:
        """The question bank, waiting for `prepare` to have loaded it (a second or so after the start)."""
        self._bank_loaded.wait(PREPARE_WAIT_S)
        if self._bank is None:
            raise EngineNotReady(self.failure or f"Not ready yet: {self.status}")
        return self._bank

    @property
    def engine(self) -> Engine:
        """The prepared engine, waiting up to `PREPARE_WAIT_S` for it (API callers may come before the page says it is
        ready); a clear error if it is still not ready or preparing it failed."""
        self.prepared.wait(PREPARE_WAIT_S)
        if self._engine is None:
            raise EngineNotReady(self.failure or f"Not ready yet: {self.status} The page says when it is.")
        return self._engine

    def open(self, session_id: str) -> Interviewer | None:
        """A live interview, reloaded from history after a restart."""
        with self._guard:
            if session_id not in self.live:
                stored = self.history.load(session_id)
                if stored is None:
                    return None
                self.live[session_id] = self._interviewer(stored)
            self.locks.setdefault(session_id, threading.Lock())
            return self.live[session_id]

    def _interviewer(self, session: Session) -> Interviewer:
        engine = self.engine

        def prepare_in_background(target: GradeTarget) -> None:
            # Embedding the next question's key points while the candidate reads it keeps it off the answer's path.
            threading.Thread(target=engine.grader.prepare, args=(target,), daemon=True).start()

        return Interviewer(
            self.bank,
            engine.grader,
            engine.model or self.offline,
            self.offline,
            session,
            prepare=prepare_in_background,
            runner=engine.judge,
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
        self.history.save(interviewer.session, interviewer.grader.engine, datetime.now())

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
