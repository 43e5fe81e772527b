"""The interviewer: runs a session, phrases turns through the model, grades answers, follows up."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from datetime import datetime

from interviewer.domain.feedback import Feedback
from interviewer.domain.model import ModelError, ModelUnavailable, Phraser, PhraseRequest
from interviewer.domain.questions import MAX_ANSWER_CHARS, ROUND_LABELS, Bank, Question, Round
from interviewer.domain.runs import CodeReport, CodeRunner
from interviewer.grading.analysis import GradeTarget
from interviewer.grading.grader import Grader, ModelBreaker
from interviewer.grading.targets import target_for
from interviewer.interview.answers import with_code
from interviewer.interview.phrasing import OfflineModel
from interviewer.interview.report import build_report, closing_text
from interviewer.interview.session import (
    ROUND_MINUTES,
    Session,
    advance_round,
    ask,
    ask_follow_up,
    decide,
    mark_asked,
    next_hint_point,
    note_hint,
    note_run,
    pick_question,
    record_answer,
    round_over,
    skip,
)
from interviewer.interview.solutions import fenced_code, with_tests


class Interviewer:
    """One candidate's interview: ask, listen, grade, follow up. The session is the whole state."""

    def __init__(
        self,
        bank: Bank,
        grader: Grader,
        phraser: Phraser,
        offline: OfflineModel,
        session: Session,
        prepare: Callable[[GradeTarget], None] | None = None,
        runner: CodeRunner | None = None,
    ) -> None:
        self.prepare = prepare or grader.prepare
        """Warms the grader for a question just asked; an interface may run it in the background."""
        self.bank = bank
        self.grader = grader
        self.phraser = phraser
        self.offline = offline
        self.session = session
        self.notices: list[str] = []
        self.runner = runner
        """Runs the candidate's code for coding and SQL problems; None where no sandbox was built (talk only)."""
        self.breaker = ModelBreaker()
        """This candidate's LLM circuit breaker: an outage seen here sends only this session offline for a while."""

    def question(self, question_id: str) -> Question:
        """A bank or resume question by id."""
        found = self.bank.get(question_id) or next(
            (q for q in self.session.extra_questions if q.id == question_id), None
        )
        if found is None:
            raise KeyError(f"unknown question {question_id}")
        return found

    def _phrase(self, request: PhraseRequest) -> Iterator[str]:
        """Stream the model's wording; on failure, carry on with the offline wording and leave a notice."""
        if self.phraser is self.offline:
            yield from self.offline.phrase(request)
            return
        produced: list[str] = []
        try:
            for piece in self.phraser.phrase(request):
                produced.append(piece)
                yield piece
        except ModelError as exc:
            self.notices.append(f"The LLM could not phrase this turn ({exc}); continuing offline.")
            if isinstance(exc, ModelUnavailable):
                self.phraser = self.offline  # don't pay a timeout on every turn of an unreachable endpoint
            if produced:
                yield "\n\n"
            yield from self.offline.phrase(request)
            return
        if not "".join(produced).strip():
            yield from self.offline.phrase(request)

    def _collect(self, request: PhraseRequest) -> Generator[str, None, str]:
        """Stream a phrased turn and return its full text."""
        pieces = []
        for piece in self._phrase(request):
            pieces.append(piece)
            yield piece
        return "".join(pieces).strip()

    def ask_next(self) -> Iterator[str]:
        """Stream the next interviewer turn: the open question again, a follow-up, or a new question."""
        session = self.session
        if session.done:
            yield self._close()
            return
        if session.current is not None:
            yield session.current.prompt
            return
        if session.pending and session.pending.follow_up_target:
            last = session.turns[-1]
            question = self.question(last.question_id)
            request = PhraseRequest(
                kind="follow_up",
                round=question.round,
                question=question.question,
                target=session.pending.follow_up_target,
                suggested=session.pending.follow_up_prompt,
                quote=session.pending.follow_up_quote,
                previous_answer=last.answer,
            )
            text = yield from self._collect(request)
            self.session = ask_follow_up(
                session.model_copy(update={"pending": None}),
                question.id,
                session.pending.follow_up_target,
                text,
                session.pending.follow_up_prompt,
            )
            self.prepare(target_for(question, session.pending.follow_up_target, text))
            return
        session = session.model_copy(update={"pending": None})
        next_question = None if round_over(session) else pick_question(session, self.bank)
        finished = session.round if next_question is None and session.round_turns() else None
        while next_question is None:
            session = advance_round(session)
            if session.done:
                self.session = session
                yield self._close()
                return
            next_question = None if round_over(session) else pick_question(session, self.bank)
        question = next_question
        intro = self.round_summary(session, finished) if finished and finished != question.round else ""
        if not session.round_turns():
            low, high = ROUND_MINUTES[question.round]
            minutes = f"{low}" if low == high else f"{low}-{high}"
            intro += f"{ROUND_LABELS[question.round]} round (about {minutes} minutes).\n\n"
            yield intro
        request = PhraseRequest(
            kind="question",
            round=question.round,
            question=question.question,
            candidate_context=session.config.candidate_context if question.round == Round.SCREEN else None,
        )
        text = yield from self._collect(request)
        # The round's opening line stays in the transcript, beside its first question, not inside it.
        self.session = ask(session, question, text, intro.strip())
        self.prepare(target_for(question))

    def _close(self) -> str:
        """The closing message with the session's summary, said once and kept with the session."""
        if self.session.closing is None:
            closing = closing_text(build_report(self.session, self.bank), self.bank)
            self.session = self.session.model_copy(update={"closing": closing})
        return self.session.closing or ""

    def round_summary(self, session: Session, round_: Round) -> str:
        """One line closing a round of a loop: its average and what to practise."""
        report = build_report(session, self.bank, round_.value)
        if report.overall_average is None:
            return f"{ROUND_LABELS[round_]} round finished.\n\n"
        known = self.bank.topic_titles()
        titles = [known[t] for t in report.practise_next[:2] if t in known]
        practise = f" Practise next: {'; '.join(titles)}." if titles else ""
        return (
            f"{ROUND_LABELS[round_]} round finished: {report.overall_average:.1f} / 5 over {report.answered} "
            f"answer{'' if report.answered == 1 else 's'}.{practise}\n\n"
        )

    def open_problem(self) -> Question | None:
        """The coding or SQL problem the open turn asks (a main question, not a follow-up on it), if any."""
        turn = self.session.current
        if turn is None or turn.kind != "question" or not self.bank.is_problem(turn.question_id):
            return None
        return self.question(turn.question_id)

    def run_code(self, code: str) -> CodeReport:
        """Run the candidate's code on the open problem's examples (SQL: show the query's rows); nothing is graded."""
        problem = self.open_problem()
        if problem is None or self.runner is None:
            raise ValueError("there is no coding or SQL problem open to run code for")
        report = self.runner.check(problem.id, code, "run")
        self.session = note_run(self.session)
        return report

    def submit(self, answer: str, seconds: float | None = None, code: str | None = None) -> Feedback:
        """Grade the answer to the open turn and decide whether to follow up. For a coding or SQL problem, `code`
        (or the answer's first fenced block) runs against the hidden tests, and their result joins the grade."""
        turn = self.session.current
        if turn is None:
            raise ValueError("there is no open question: ask the next one first")
        answer = answer[:MAX_ANSWER_CHARS]
        question = self.question(turn.question_id)
        problem = self.open_problem()
        tests = None
        if problem is not None:
            if code is None:
                answer, code = fenced_code(answer)
            if code and code.strip() and self.runner is not None:
                tests = self.runner.check(problem.id, code, "submit", talk=answer)
        answer = with_code(answer, code, "sql" if question.round == Round.SQL else "python")[:MAX_ANSWER_CHARS]
        target = (
            target_for(question, turn.target_point, turn.prompt) if turn.kind == "follow_up" else target_for(question)
        )
        feedback = self.grader.grade(target, answer, self.breaker)
        if problem is not None:
            feedback = with_tests(feedback, tests)
        if feedback.notes:
            self.notices.extend(feedback.notes)
        session = record_answer(self.session, answer, seconds, feedback, code if problem else None, tests)
        self.session = session.model_copy(update={"pending": decide(session, question)})
        return feedback

    def mark_asked(self, at: datetime) -> None:
        """Note when the interface showed the open prompt (the interface owns the clock)."""
        self.session = mark_asked(self.session, at)

    def hint(self) -> Iterator[str]:
        """Stream a hint towards the first key point not yet covered."""
        turn = self.session.current
        if turn is None:
            yield "There is no open question to give a hint for."
            return
        question = self.question(turn.question_id)
        target = turn.target_point or next_hint_point(self.session, question)
        self.session = note_hint(self.session)
        request = PhraseRequest(
            kind="hint",
            round=question.round,
            question=question.question,
            target=target,
            suggested=question.hint_for(target),
        )
        yield from self._phrase(request)

    def skip(self) -> None:
        """Skip the open turn and any follow-up on it."""
        if self.session.current is not None:
            self.session = skip(self.session).model_copy(update={"pending": None})

    def repeat(self) -> str:
        """The open question's text again."""
        turn = self.session.current
        return turn.prompt if turn else "There is no open question right now."

    def end_round(self) -> None:
        """Close the current round (an unanswered question is skipped); after the last one the session ends."""
        self.skip()
        self.session = advance_round(self.session.model_copy(update={"pending": None}))
        if self.session.done:
            self._close()
