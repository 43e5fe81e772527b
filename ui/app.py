"""The Gradio app: start screen, interview chat with a feedback panel, reports and history."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import gradio as gr
from gradio.blocks import Block

from interviewer.adapters.documents import DocumentError
from interviewer.domain.feedback import Feedback
from interviewer.domain.history import LOCAL_USER, HistoryError, StaleSession
from interviewer.domain.problems import TARGET_MINUTES
from interviewer.domain.questions import MAX_ANSWER_CHARS
from interviewer.interview.answers import short_answer_notice, with_code
from interviewer.interview.engine import Interviewer
from interviewer.interview.render import code_report_markdown
from interviewer.interview.report import build_report, report_markdown
from interviewer.interview.session import answer_seconds
from ui import inputs, views
from ui.charts import progress_chart
from ui.downloads import report_files
from ui.layout import Layout
from ui.practice import EngineNotReady, Practice

STREAM_EVERY_S = 0.05
log = logging.getLogger("interviewer.ui")


def user_of(request: gr.Request | None) -> str:
    """Who is asking: the signed-in user in hosted mode, else the single local user."""
    return (request.username if request is not None else None) or LOCAL_USER


def _last_feedback(interviewer: Interviewer) -> Feedback | None:
    """The feedback on the latest graded turn, which the feedback panel keeps showing."""
    return next((t.feedback for t in reversed(interviewer.session.turns) if t.feedback), None)


# Gradio output values keyed by component: an event's outputs left out of the dict stay as they are (gr.skip()).
Updates = dict[Block, Any]


class Handlers:
    """The app's event handlers over one `Practice`; each returns or yields its outputs keyed by component."""

    def __init__(self, practice: Practice, layout: Layout) -> None:
        self.practice = practice
        self.layout = layout

    def _open(self, session_id: str | None, user: str, missing: str = "Start an interview first.") -> Interviewer:
        """The user's interview, or a Gradio error saying `missing` (or that the engine is not ready yet); another
        user's session id is answered exactly as a missing one."""
        try:
            interviewer = self.practice.open(session_id, user) if session_id else None
        except EngineNotReady as exc:
            raise gr.Error(str(exc)) from exc
        if interviewer is None:
            raise gr.Error(missing)
        return interviewer

    def whoami(self, request: gr.Request) -> tuple[str, Any]:
        """Who is signed in, and the sign-out button (neither for the single local user)."""
        if request.username is None:
            return "", gr.update(visible=False)
        return f"Signed in as **{views.plain(request.username)}**", gr.update(visible=True)

    def readiness(self) -> Updates:
        """/status (polled by the page until ready): how far preparing the engine has got; Start and Resume are
        enabled, and the polling stops, once it is ready."""
        practice, layout = self.practice, self.layout
        if not practice.prepared.is_set():
            return {layout.engine_status: views.preparing_text(practice.status)}
        if practice.failure:
            return {layout.engine_status: f"**{practice.failure}**", layout.ready_timer: gr.Timer(active=False)}
        engine = practice.engine
        return {
            layout.engine_status: views.engine_status(engine.name, engine.problem),
            layout.start_button: gr.update(interactive=True),
            layout.resume_button: gr.update(interactive=True),
            layout.ready_timer: gr.Timer(active=False),
        }

    def _shown(self, interviewer: Interviewer, feedback: Feedback | None) -> Updates:
        """Everything the interview shows, from the session; the feedback panel is left as it is without `feedback`."""
        layout, session, bank = self.layout, interviewer.session, self.practice.bank
        report = ""
        md = js = None
        if session.done:
            report = report_markdown(build_report(session, bank), bank, session)
            md, js = report_files(session, bank, date.today(), self.practice.reports)
        updates: Updates = {
            layout.chatbot: views.chat_messages(session),
            layout.report_panel: gr.update(visible=session.done),
            layout.report_md: report,
            layout.download_md: gr.update(value=md, visible=md is not None),
            layout.download_json: gr.update(value=js, visible=js is not None),
            layout.notice_md: "\n".join(f"⚠ {n}" for n in interviewer.notices),
            layout.code: gr.update(visible=views.wants_code(session), **views.editor(session)),
            layout.code_tools: gr.update(visible=interviewer.open_problem() is not None),
            layout.schema_box: gr.update(visible=views.code_language(session) == "sql"),
        }
        if feedback:
            updates |= {
                layout.feedback_md: views.feedback_view(feedback, session),
                layout.citations: views.citations_html(feedback),
            }
        return updates

    def _opened(self, interviewer: Interviewer) -> Updates:
        """The tab now holds this interview: the start screen gives way to the interview panel."""
        return {
            self.layout.session_state: interviewer.session.id,
            self.layout.start_panel: gr.update(visible=False),
            self.layout.interview_panel: gr.update(visible=True),
        }

    def _stream_next(self, interviewer: Interviewer, feedback: Feedback | None) -> Iterator[Updates]:
        """Ask the next question, streaming it into the chat, then save and show everything."""
        text, began, shown_at = "", time.monotonic(), 0.0
        for piece in interviewer.ask_next():
            text += piece
            now = time.monotonic()
            if now - began >= STREAM_EVERY_S and now - shown_at >= STREAM_EVERY_S:
                # Only the chat changes while a turn streams; throttled so a fast model doesn't flood the socket.
                yield {
                    self.layout.chatbot: [
                        *views.chat_messages(interviewer.session),
                        {"role": "assistant", "content": text},
                    ]
                }
                shown_at = time.monotonic()
        interviewer.mark_asked(datetime.now(UTC))
        self.practice.save(interviewer)
        yield self._shown(interviewer, feedback)

    def begin(
        self,
        round_choice: str,
        difficulty: str,
        questions: float,
        resume_text: str,
        resume_file: Any,
        job_ad_text: str | None = None,
        job_ad_file: Any = None,
        request: gr.Request = None,  # type: ignore[assignment]  # Gradio passes it
    ) -> Iterator[Updates]:
        """/start: a new interview from the start screen's choices, streaming its first question."""
        try:
            resume, job_ad = inputs.document(resume_text, resume_file), inputs.document(job_ad_text, job_ad_file)
        except DocumentError as exc:
            raise gr.Error(str(exc)) from exc
        config = inputs.session_config(round_choice, difficulty, questions, resume, job_ad)
        try:
            interviewer = self.practice.create(config, user_of(request))
        except EngineNotReady as exc:
            raise gr.Error(str(exc)) from exc
        for updates in self._stream_next(interviewer, None):
            yield self._opened(interviewer) | updates

    def resume(self, session_id: str | None, request: gr.Request) -> Iterator[Updates]:
        """/resume: reopen an unfinished session at its open question, or stream the next one."""
        interviewer = self._open(session_id, user_of(request), "Pick an unfinished session to resume.")
        last = _last_feedback(interviewer)
        if interviewer.session.current is not None:
            interviewer.mark_asked(datetime.now(UTC))  # the clock restarts on resume, as the question is shown again
            self.practice.save(interviewer)
            yield self._opened(interviewer) | self._shown(interviewer, last)
            return
        for updates in self._stream_next(interviewer, last):
            yield self._opened(interviewer) | updates

    def submit(
        self,
        answer: str,
        session_id: str | None,
        code: str | None = None,
        request: gr.Request = None,  # type: ignore[assignment]  # Gradio passes it
    ) -> Iterator[Updates]:
        """/answer: grade the answer (with the editor's code, if any) and stream the next question; one answer at a
        time per session. A very short answer is graded only when it is submitted a second time unchanged."""
        user = user_of(request)
        interviewer = self._open(session_id, user)
        unchanged = dict.fromkeys(self.layout.answer_outputs, gr.skip())
        if not (answer or "").strip() and not (code or "").strip():
            gr.Warning("Type an answer first (or use Skip).")
            yield unchanged
            return
        full, unconfirmed = with_code(answer, code), self.practice.unconfirmed  # what "unchanged" compares
        if (ask := short_answer_notice(answer, code)) and unconfirmed.pop(interviewer.session.id, None) != full:
            unconfirmed[interviewer.session.id] = full
            gr.Warning(ask, duration=8)
            yield unchanged
            return
        lock = self.practice.locks[interviewer.session.id]
        if not lock.acquire(blocking=False):
            gr.Info("Still grading your last answer.")
            yield unchanged
            return
        try:
            if interviewer.session.done:
                gr.Warning("This interview has ended. Press “New interview” to start another one.")
                yield unchanged
                return
            if interviewer.session.current is None:
                gr.Warning("There is no open question: wait for the next one.")
                yield unchanged
                return
            with self.practice.grading(user):
                yield from self._grade(interviewer, answer, code)
        finally:
            lock.release()

    def run_code(self, code: str | None, session_id: str | None, request: gr.Request) -> Updates:
        """/run_code: run the editor's code on the open problem's examples (SQL: show its rows); nothing is graded."""
        user = user_of(request)
        interviewer = self._open(session_id, user)
        if interviewer.open_problem() is None:
            raise gr.Error("There is no coding or SQL problem open: Run is for those.")
        if not (code or "").strip():
            raise gr.Error("Write some code in the editor first.")
        lock = self.practice.locks[interviewer.session.id]
        if not lock.acquire(blocking=False):
            gr.Info("Still busy with your last Run or Submit.")
            return {self.layout.run_md: gr.skip()}
        try:
            with self.practice.grading(user):
                report = interviewer.run_code(code or "")
        finally:
            lock.release()
        runs = interviewer.session.current.runs if interviewer.session.current else 0
        return {self.layout.run_md: f"_Run {runs} on this problem._\n\n{code_report_markdown(report)}"}

    def _grade(self, interviewer: Interviewer, answer: str, code: str | None) -> Iterator[Updates]:
        """Grade the answer to the open question (under the session's lock), clearing the answer box."""
        self.practice.unconfirmed.pop(interviewer.session.id, None)
        text, notice = views.clean_answer(answer, MAX_ANSWER_CHARS)
        if notice:
            gr.Info(notice)
        turn = interviewer.session.current
        seconds = answer_seconds(turn, datetime.now(UTC)) if turn else None
        interviewer.notices.clear()
        feedback = interviewer.submit(text, seconds, code if (code or "").strip() else None)
        try:
            self.practice.save(interviewer)
        except StaleSession as exc:
            raise gr.Error(str(exc)) from exc
        except HistoryError as exc:  # the grade is on screen; the operator's log has the database's own words
            error_id = uuid.uuid4().hex[:8]
            log.error("error %s saving session %s", error_id, interviewer.session.id, exc_info=exc)
            gr.Warning(f"{exc.action} (error {error_id})")

        def cleared(updates: Updates) -> Updates:
            """The updates with the answer box and the code editor emptied (the editor shown for a coding question)."""
            session = interviewer.session
            code = gr.update(value="", visible=views.wants_code(session), **views.editor(session))
            return updates | {self.layout.answer: "", self.layout.code: code, self.layout.run_md: ""}

        if interviewer.phraser is not interviewer.offline:
            yield cleared(self._shown(interviewer, feedback))  # show the grade while the LLM phrases what's next
        for updates in self._stream_next(interviewer, feedback):
            yield cleared(updates)

    @contextmanager
    def _changing(self, session_id: str | None, user: str) -> Iterator[Interviewer]:
        """The user's interview under its lock (the one Submit takes), or a Gradio error while it is busy."""
        interviewer = self._open(session_id, user)
        lock = self.practice.locks[interviewer.session.id]
        if not lock.acquire(blocking=False):
            raise gr.Error("Still grading your last answer: try again in a moment.")
        try:
            yield interviewer
        finally:
            lock.release()

    def hint(self, session_id: str | None, request: gr.Request) -> Iterator[Updates]:
        """/hint: a hint towards the open question's next key point, in the notice."""
        with self._changing(session_id, user_of(request)) as interviewer:
            last = _last_feedback(interviewer)
            hint = "".join(interviewer.hint())
            self.practice.save(interviewer)
            shown = self._shown(interviewer, last)
        yield shown | {self.layout.notice_md: hint}

    def repeat(self, session_id: str | None, request: gr.Request) -> Iterator[Updates]:
        """/repeat: the open question again, in the notice."""
        interviewer = self._open(session_id, user_of(request))
        shown = self._shown(interviewer, _last_feedback(interviewer))
        yield shown | {self.layout.notice_md: f"The question again: {interviewer.repeat()}"}

    def skip(self, session_id: str | None, request: gr.Request) -> Iterator[Updates]:
        """/skip: skip the open question (and any follow-up on it) and stream the next."""
        yield from self._move_on(session_id, user_of(request), Interviewer.skip)

    def end_round(self, session_id: str | None, request: gr.Request) -> Iterator[Updates]:
        """/end_round: close the round and stream the next round's first question, or the report."""
        yield from self._move_on(session_id, user_of(request), Interviewer.end_round)

    def _move_on(self, session_id: str | None, user: str, step: Callable[[Interviewer], None]) -> Iterator[Updates]:
        """Take a step past the open question, save, and stream what comes next (under the session's lock)."""
        with self._changing(session_id, user) as interviewer:
            last = _last_feedback(interviewer)
            step(interviewer)
            self.practice.save(interviewer)
            yield from self._stream_next(interviewer, last)

    def new_interview(self, request: gr.Request) -> Updates:
        """/new: back to the start screen for another interview (the finished one stays in the history)."""
        layout = self.layout
        return {
            layout.session_state: None,
            layout.start_panel: gr.update(visible=True),
            layout.interview_panel: gr.update(visible=False),
            layout.report_panel: gr.update(visible=False),
            layout.chatbot: [],
            layout.feedback_md: views.feedback_view(None),
            layout.citations: "",
            layout.notice_md: "",
            layout.resumable: gr.update(choices=self.practice.resumable(user_of(request))),
        }

    def tick(self, session_id: str | None, request: gr.Request) -> str:
        """The timer: time spent on the open question."""
        interviewer = self.practice.live_for(session_id or "", user_of(request))
        turn = interviewer.session.current if interviewer else None
        seconds = answer_seconds(turn, datetime.now(UTC)) if turn else None
        if interviewer is None or seconds is None:
            return views.timer_text(None)
        problem = interviewer.open_problem()
        target = TARGET_MINUTES[problem.difficulty] if problem is not None else None
        return views.timer_text(seconds, target)

    def refresh_history(self, by_criterion: bool = False, request: gr.Request = None) -> Updates:  # type: ignore[assignment]
        """/history (also on page load and after every answer): the History tab's table, chart, weakest topics,
        and both session pickers, of the user's own sessions."""
        user = user_of(request)
        layout, history = self.layout, self.practice.history(user)
        rows, points = history.sessions(), history.criterion_points()
        records = views.progress_records(points) if by_criterion else views.round_progress(history.round_averages())
        weakest = views.weakest_topics(history.question_scores(), self.practice.bank)
        patterns = views.pattern_pass_rates(history.problem_results(), self.practice.bank)
        picks = [(f"{r.updated_at.replace('T', ' ')[:16]} · {views.round_names(r.rounds)}", r.id) for r in rows]
        return {
            layout.table: views.history_table(rows),
            layout.chart: progress_chart(
                records, f"Average score per {'criterion' if by_criterion else 'round'}, session by session"
            ),
            layout.weakest: "\n\n".join([views.criterion_averages(points), weakest, patterns]).strip(),
            layout.pick: gr.update(choices=picks),
            layout.resumable: gr.update(choices=self.practice.resumable(user)),
            layout.delete_sure: False,
        }

    def delete_session(self, session_id: str | None, sure: bool, by_criterion: bool, request: gr.Request) -> Updates:
        """/delete: remove a past session once the candidate ticked "Yes, delete it"."""
        if not session_id:
            raise gr.Error("Pick a session to delete.")
        if not sure:
            gr.Warning("Tick “Yes, delete it” first: a deleted session cannot be brought back.")
            return {self.layout.delete_sure: False}
        if self.practice.delete(session_id, user_of(request)):
            gr.Info("Session deleted.")
        else:
            gr.Warning("There is no such session of yours.")
        return self.refresh_history(by_criterion, request) | {self.layout.history_report: ""}

    def open_report(self, session_id: str | None, request: gr.Request) -> str:
        """/report: one of the user's past sessions' report."""
        session = self.practice.history(user_of(request)).load(session_id) if session_id else None
        if session is None:
            return "_Pick a session._"
        return report_markdown(build_report(session, self.practice.bank), self.practice.bank, session)
