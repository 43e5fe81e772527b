"""The Gradio app: start screen, interview chat with a feedback panel, reports and history."""

from __future__ import annotations

import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from interviewer.adapters.sqlite_history import History, HistoryError
from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Difficulty, Round
from interviewer.grading.analysis import GradeTarget
from interviewer.interview.engine import Interviewer
from interviewer.interview.report import build_report, report_json, report_markdown
from interviewer.interview.session import LOOP_ORDER, Session, SessionConfig, start
from interviewer.kb.catalog import load_bank
from interviewer.kb.repair import decode_bytes
from interviewer.services import build_grader, build_knowledge_base, build_model, build_offline_model, run_ingest
from interviewer.settings import Settings
from ui import views

MAX_ANSWER_CHARS = 20_000
MAX_RESUME_BYTES = 200_000
STREAM_EVERY_S = 0.05


class Practice:
    """Server-side state shared by every tab: the engine's parts, live interviews by session id, history."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.kb = build_knowledge_base(settings)
        if self.kb.store.count() == 0:
            run_ingest(settings, store=self.kb.store)  # type: ignore[arg-type]
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
        self.offline = build_offline_model(settings)
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

    def resumable(self) -> list[tuple[str, str]]:
        """Unfinished sessions for the resume dropdown."""
        return [
            (f"{r.updated_at.replace('T', ' ')} · {r.rounds} · {r.answered} answers", r.id)
            for r in self.history.sessions()
            if not r.done
        ]


def _files(interviewer: Interviewer, bank: Any) -> tuple[str, str]:
    """Write the report as Markdown and JSON files for download."""
    report = build_report(interviewer.session, bank)
    folder = Path(tempfile.mkdtemp(prefix="interviewer-report-"))
    md, js = folder / "interview-report.md", folder / "interview-report.json"
    md.write_text(report_markdown(report, bank), encoding="utf-8")
    js.write_text(report_json(report, interviewer.session), encoding="utf-8")
    return str(md), str(js)


def build_app(settings: Settings) -> gr.Blocks:
    """The whole app."""
    practice = Practice(settings)

    def outputs_for(
        interviewer: Interviewer, feedback: Feedback | None, streaming: str | None = None
    ) -> tuple[Any, ...]:
        messages = views.chat_messages(interviewer.session)
        if streaming is not None:
            messages.append({"role": "assistant", "content": streaming})
        done = interviewer.session.done
        report = ""
        md = js = None
        if done:
            report = report_markdown(build_report(interviewer.session, practice.bank), practice.bank)
            md, js = _files(interviewer, practice.bank)
        notices = "\n".join(f"⚠ {n}" for n in interviewer.notices)
        return (
            messages,
            views.feedback_view(feedback) if feedback else gr.skip(),
            views.citations_html(feedback) if feedback else gr.skip(),
            gr.update(visible=done),
            report,
            gr.update(value=md, visible=md is not None),
            gr.update(value=js, visible=js is not None),
            notices,
        )

    def stream_next(interviewer: Interviewer, feedback: Feedback | None) -> Iterator[tuple[Any, ...]]:
        text, began, shown_at = "", time.monotonic(), 0.0
        for piece in interviewer.ask_next():
            text += piece
            now = time.monotonic()
            if now - began >= STREAM_EVERY_S and now - shown_at >= STREAM_EVERY_S:
                # Only the chat changes while a turn streams; throttled so a fast model doesn't flood the socket.
                messages = [*views.chat_messages(interviewer.session), {"role": "assistant", "content": text}]
                yield (messages, *[gr.skip()] * 7)
                shown_at = time.monotonic()
        practice.asked_at[interviewer.session.id] = time.monotonic()
        practice.save(interviewer)
        yield outputs_for(interviewer, feedback)

    def begin(
        round_choice: str, difficulty: str, questions: float, resume_text: str, resume_file: Any
    ) -> Iterator[Any]:
        context = (resume_text or "").strip() or None
        if resume_file is not None:
            data = Path(resume_file if isinstance(resume_file, str) else resume_file.name).read_bytes()
            if len(data) > MAX_RESUME_BYTES:
                raise gr.Error("That file is too large for a resume (200 KB at most).")
            try:
                context = decode_bytes(data)
            except ValueError as exc:
                raise gr.Error("That file is not text: paste your resume, or upload a .txt or .md file.") from exc
        rounds = list(LOOP_ORDER) if round_choice == "loop" else [Round(round_choice)]
        config = SessionConfig(
            rounds=rounds,
            questions_per_round=int(questions),
            difficulty=None if difficulty == "adaptive" else Difficulty(difficulty),
            seed=uuid.uuid4().int % 1_000_000,
            candidate_context=context[:20_000] if context else None,
        )
        interviewer = practice.create(config)
        for outputs in stream_next(interviewer, None):
            yield (interviewer.session.id, gr.update(visible=False), gr.update(visible=True), *outputs)

    def resume_session(session_id: str | None) -> Iterator[Any]:
        interviewer = practice.open(session_id) if session_id else None
        if interviewer is None:
            raise gr.Error("Pick an unfinished session to resume.")
        last = next((t.feedback for t in reversed(interviewer.session.turns) if t.feedback), None)
        if interviewer.session.current is not None:
            practice.asked_at[interviewer.session.id] = time.monotonic()
            yield (
                interviewer.session.id,
                gr.update(visible=False),
                gr.update(visible=True),
                *outputs_for(interviewer, last),
            )
            return
        for outputs in stream_next(interviewer, last):
            yield (interviewer.session.id, gr.update(visible=False), gr.update(visible=True), *outputs)

    def submit(answer: str, session_id: str | None) -> Iterator[Any]:
        interviewer = practice.open(session_id) if session_id else None
        if interviewer is None:
            raise gr.Error("Start an interview first.")
        if not (answer or "").strip():
            gr.Warning("Type an answer first (or use Skip).")
            yield (gr.skip(), *[gr.skip()] * 8)
            return
        lock = practice.locks[interviewer.session.id]
        if not lock.acquire(blocking=False):
            gr.Info("Still grading your last answer.")
            yield (gr.skip(), *[gr.skip()] * 8)
            return
        try:
            if interviewer.session.current is None:
                gr.Warning("There is no open question: wait for the next one.")
                yield (gr.skip(), *[gr.skip()] * 8)
                return
            text, notice = views.clean_answer(answer, MAX_ANSWER_CHARS)
            if notice:
                gr.Info(notice)
            started = practice.asked_at.get(interviewer.session.id)
            seconds = round(time.monotonic() - started, 1) if started else None
            interviewer.notices.clear()
            feedback = interviewer.submit(text, seconds)
            try:
                practice.save(interviewer)
            except HistoryError as exc:
                gr.Warning(str(exc))
            if interviewer.phraser is not interviewer.offline:
                yield ("", *outputs_for(interviewer, feedback))  # show the grade while the LLM phrases what's next
            for outputs in stream_next(interviewer, feedback):
                yield ("", *outputs)
        finally:
            lock.release()

    def control(action: str, session_id: str | None) -> Iterator[Any]:
        interviewer = practice.open(session_id) if session_id else None
        if interviewer is None:
            raise gr.Error("Start an interview first.")
        last = next((t.feedback for t in reversed(interviewer.session.turns) if t.feedback), None)
        if action == "hint":
            hint = "".join(interviewer.hint())
            practice.save(interviewer)
            yield (*outputs_for(interviewer, last, None)[:-1], hint)
            return
        if action == "repeat":
            yield (*outputs_for(interviewer, last)[:-1], f"The question again: {interviewer.repeat()}")
            return
        if action == "skip":
            interviewer.skip()
        elif action == "end_round":
            interviewer.end_round()
        practice.save(interviewer)
        yield from stream_next(interviewer, last)

    def control_handler(action: str) -> Any:
        def handler(session_id: str | None) -> Iterator[Any]:
            yield from control(action, session_id)

        return handler

    def tick(session_id: str | None) -> str:
        interviewer = practice.live.get(session_id or "")
        started = practice.asked_at.get(session_id or "")
        if interviewer is None or interviewer.session.current is None or started is None:
            return views.timer_text(None)
        return views.timer_text(time.monotonic() - started)

    def refresh_history() -> tuple[Any, ...]:
        rows = practice.history.sessions()
        points = practice.history.criterion_points()
        frame = pd.DataFrame(views.progress_records(points), columns=["answered_at", "criterion", "score"])
        return (
            views.history_table(rows),
            frame,
            views.criterion_averages(points)
            + "\n\n"
            + views.weakest_topics(practice.history.question_scores(), practice.bank),
            gr.update(choices=[(f"{r.updated_at.replace('T', ' ')} · {r.rounds}", r.id) for r in rows]),
            gr.update(choices=practice.resumable()),
        )

    def open_report(session_id: str | None) -> str:
        session = practice.history.load(session_id) if session_id else None
        if session is None:
            return "_Pick a session._"
        return report_markdown(build_report(session, practice.bank), practice.bank)

    app = gr.Blocks(title="interviewer · mock interviews for ML/AI engineers")
    with app:
        session_state = gr.State(None)
        gr.Markdown("# interviewer\nMock interviews for ML and AI engineering jobs, with honest rubric feedback.")
        with gr.Tabs():
            with gr.Tab("Practice"):
                with gr.Column(visible=True) as start_panel:
                    gr.Markdown(views.engine_status(practice.engine, practice.problem), elem_id="engine-status")
                    round_choice = gr.Radio(views.ROUND_CHOICES, value="behavioral", label="Round")
                    difficulty = gr.Radio(views.DIFFICULTY_CHOICES, value="adaptive", label="Difficulty")
                    questions = gr.Slider(
                        1, 10, value=settings.questions_per_round, step=1, label="Questions per round"
                    )
                    resume_text = gr.Textbox(
                        lines=5, label="Resume or job description (optional; the screen round asks about it)"
                    )
                    resume_file = gr.File(label="…or upload it as .txt / .md", file_types=[".txt", ".md"])
                    start_button = gr.Button("Start interview", variant="primary", elem_id="start")
                    with gr.Row():
                        resumable = gr.Dropdown(practice.resumable(), label="Resume an unfinished session")
                        resume_button = gr.Button("Resume", elem_id="resume")
                with gr.Row(visible=False) as interview_panel:
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(height=460, label="Interview", elem_id="chat")
                        timer_md = gr.Markdown(views.timer_text(None), elem_id="timer")
                        notice_md = gr.Markdown("", elem_id="notices")
                        answer = gr.Textbox(
                            lines=6, label="Your answer", placeholder="Type your answer…", elem_id="answer"
                        )
                        with gr.Row():
                            submit_button = gr.Button("Submit answer", variant="primary", elem_id="submit")
                            hint_button = gr.Button("Hint", elem_id="hint")
                            skip_button = gr.Button("Skip", elem_id="skip")
                            repeat_button = gr.Button("Repeat question", elem_id="repeat")
                            end_button = gr.Button("End round", elem_id="end-round")
                    with gr.Column(scale=2):
                        feedback_md = gr.Markdown(views.feedback_view(None), elem_id="feedback")
                        citations = gr.HTML("", elem_id="citations")
                with gr.Column(visible=False, elem_id="report-panel") as report_panel:
                    report_md = gr.Markdown("", elem_id="report")
                    with gr.Row():
                        download_md = gr.DownloadButton(
                            "Download report (Markdown)", visible=False, elem_id="download-md"
                        )
                        download_json = gr.DownloadButton(
                            "Download report (JSON)", visible=False, elem_id="download-json"
                        )
            with gr.Tab("History", elem_id="history-tab"):
                refresh_button = gr.Button("Refresh", elem_id="refresh-history")
                table = gr.Dataframe(headers=views.HISTORY_HEADERS, interactive=False, elem_id="history-table")
                chart = gr.LinePlot(
                    x="answered_at",
                    y="score",
                    color="criterion",
                    title="Scores over time",
                    y_lim=[1, 5],
                    elem_id="progress-chart",
                )
                weakest = gr.Markdown("")
                with gr.Row():
                    pick = gr.Dropdown([], label="Open a session's report")
                    open_button = gr.Button("Open report", elem_id="open-report")
                history_report = gr.Markdown("", elem_id="history-report")

        shown = [chatbot, feedback_md, citations, report_panel, report_md, download_md, download_json, notice_md]
        start_button.click(
            begin,
            [round_choice, difficulty, questions, resume_text, resume_file],
            [session_state, start_panel, interview_panel, *shown],
            api_name="start",
        )
        resume_button.click(
            resume_session, [resumable], [session_state, start_panel, interview_panel, *shown], api_name="resume"
        )
        # trigger_mode="once": a double click while grading is ignored by the browser; the lock covers API callers.
        submit_button.click(
            submit,
            [answer, session_state],
            [answer, *shown],
            api_name="answer",
            concurrency_limit=None,
            trigger_mode="once",
        )
        for button, action in (
            (hint_button, "hint"),
            (repeat_button, "repeat"),
            (skip_button, "skip"),
            (end_button, "end_round"),
        ):
            button.click(control_handler(action), [session_state], shown, api_name=action)
        gr.Timer(1.0).tick(tick, [session_state], [timer_md], show_progress="hidden", api_visibility="private")
        history_outputs = [table, chart, weakest, pick, resumable]
        refresh_button.click(refresh_history, None, history_outputs, api_name="history")
        open_button.click(open_report, [pick], [history_report], api_name="report")
        app.load(refresh_history, None, history_outputs, api_visibility="private")
    return app


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Start the app and block."""
    app = build_app(settings)
    app.queue(default_concurrency_limit=8)
    app.launch(
        server_name=host or settings.ui_host,
        server_port=port or settings.ui_port,
        ssr_mode=False,
        show_error=True,
        quiet=False,
    )
