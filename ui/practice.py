"""Server-side state shared by every browser tab: the engine's parts, live interviews by session id, history.

Live interviews are a cache of the database, never the only copy: each is checked against the stored revision when
opened (another app process may have moved it on), dropped after `idle_minutes` untouched, and reloaded on return."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from interviewer.adapters.history_db import History, UserHistory
from interviewer.coding.judge import Judge
from interviewer.domain.history import StaleSession
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
        self.store = History(settings.history_location)
        self.offline = OfflineModel()
        self.status = "Preparing the interviewer…"
        self.failure: str | None = None
        self._engine: Engine | None = None
        self.prepared = threading.Event()
        self.live: dict[str, Interviewer] = {}
        self.owners: dict[str, str] = {}
        """Whose each live interview is: a live interview is only ever handed to its owner."""
        self.used_at: dict[str, float] = {}
        """When each live interview was last opened (monotonic), for dropping idle ones."""
        self.locks: dict[str, threading.Lock] = {}
        self.unconfirmed: dict[str, str] = {}
        """A very short answer per session, submitted once: it is graded when submitted again unchanged."""
        self._guard = threading.Lock()
        self._bank_loaded = threading.Event()
        self._gradings: defaultdict[str, threading.BoundedSemaphore] = defaultdict(
            lambda: threading.BoundedSemaphore(settings.gradings_per_user)
        )
        self.reports = Path(tempfile.mkdtemp(prefix="interviewer-reports-"))
        """This process's report files, a folder per session (deleted with the session, when it goes idle, and all of
        them when the process exits)."""
        atexit.register(shutil.rmtree, self.reports, True)

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

    def history(self, user: str) -> UserHistory:
        """One user's sessions: every read and write is limited to them in the database query."""
        return self.store.for_user(user)

    def open(self, session_id: str, user: str) -> Interviewer | None:
        """The user's live interview, (re)loaded from the database when it is not live here or was moved on by another
        process since; None when the user has no such session (also when it is someone else's)."""
        self.drop_idle()
        history = self.history(user)
        with self._guard:
            live = self.live.get(session_id)
            if live is not None and self.owners.get(session_id) != user:
                return None
        stored_revision = history.revision(session_id)
        if stored_revision is None:
            return None
        if live is None or live.session.revision != stored_revision:
            stored = history.load(session_id)
            if stored is None:
                return None
            live = self._interviewer(stored)
        with self._guard:
            self.live[session_id], self.owners[session_id] = live, user
            self.used_at[session_id] = time.monotonic()
            self.locks.setdefault(session_id, threading.Lock())
        return live

    def live_for(self, session_id: str, user: str) -> Interviewer | None:
        """The user's interview if it is live here (no database read: for the timer, which polls every second)."""
        with self._guard:
            return self.live.get(session_id) if self.owners.get(session_id) == user else None

    def drop_idle(self) -> None:
        """Forget live interviews untouched for `idle_minutes` (not one being graded), and their report files."""
        cutoff = time.monotonic() - self.settings.idle_minutes * 60
        with self._guard:
            idle = [sid for sid, used in self.used_at.items() if used < cutoff and not self.locks[sid].locked()]
        for session_id in idle:
            self.forget(session_id)

    def forget(self, session_id: str) -> None:
        """Drop one interview from memory (the database keeps it) with its report files."""
        with self._guard:
            for table in (self.live, self.owners, self.used_at, self.locks, self.unconfirmed):
                table.pop(session_id, None)
        shutil.rmtree(self.reports / session_id, ignore_errors=True)

    @contextmanager
    def grading(self, user: str) -> Iterator[None]:
        """A grading slot of the user's (`gradings_per_user` at once); the rest wait their turn."""
        slot = self._gradings[user]
        with slot:
            yield

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

    def create(self, config: SessionConfig, user: str) -> Interviewer:
        """A new interview for one tab of the user's."""
        self.drop_idle()
        session = start(uuid.uuid4().hex, config)
        interviewer = self._interviewer(session)
        with self._guard:
            self.live[session.id], self.owners[session.id] = interviewer, user
            self.used_at[session.id] = time.monotonic()
            self.locks[session.id] = threading.Lock()
        self.save(interviewer)
        return interviewer

    def save(self, interviewer: Interviewer) -> None:
        """Persist the session now (HistoryError if it cannot be; a stale copy is dropped, to be reloaded)."""
        session_id = interviewer.session.id
        owner = self.owners.get(session_id)
        if owner is None:
            raise StaleSession("this interview is no longer open here: reopen it from the History tab")
        try:
            self.history(owner).save(interviewer.session, interviewer.grader.engine, datetime.now())
        except StaleSession:
            self.forget(session_id)
            raise

    def delete(self, session_id: str, user: str) -> bool:
        """Forget one of the user's sessions: out of the live interviews and out of the history."""
        deleted = self.history(user).delete(session_id)
        if deleted:
            self.forget(session_id)
        return deleted

    def resumable(self, user: str) -> list[tuple[str, str]]:
        """The user's unfinished sessions for the resume dropdown."""
        return [
            (f"{r.updated_at.replace('T', ' ')} · {r.rounds} · {r.answered} answers", r.id)
            for r in self.history(user).sessions()
            if not r.done
        ]
