"""The interview session: a pure, serialisable state machine over questions, answers and feedback."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Bank, Difficulty, Question, Round
from interviewer.domain.runs import CodeReport
from interviewer.interview.resume import JOB_AD_PREFIX, is_job_ad, job_ad_question, resume_questions

LOOP_ORDER = [Round.SCREEN, Round.CODING, Round.ML_THEORY, Round.SYSTEM_DESIGN, Round.BEHAVIORAL]
"""The order of a real loop."""
ROUND_MINUTES: dict[Round, tuple[int, int]] = {
    Round.SCREEN: (30, 30),
    Round.CODING: (45, 60),
    Round.ML_THEORY: (45, 45),
    Round.SYSTEM_DESIGN: (45, 60),
    Round.BEHAVIORAL: (30, 45),
    Round.SQL: (30, 45),
}
"""Typical length of each round, in minutes (low, high)."""
MAX_CONTEXT_CHARS = 20_000
"""The longest resume or job description a session keeps (its first 20,000 characters)."""
MAX_FOLLOW_UPS = 2
GOOD_ENOUGH = 4.0
_LEVELS = [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD]


class SessionConfig(BaseModel):
    """How a session runs."""

    rounds: list[Round] = Field(min_length=1)
    """Rounds in the order they run (the loop order for a full loop)."""
    questions_per_round: int = Field(default=3, ge=1, le=20)
    """Bank questions per round; follow-ups come on top."""
    difficulty: Difficulty | None = None
    """Starting difficulty; None starts at medium. Later picks adapt to scores."""
    seed: int = 0
    """Makes question order reproducible; the interface chooses it."""
    candidate_context: str | None = Field(default=None, max_length=MAX_CONTEXT_CHARS)
    """The candidate's resume, pasted or uploaded (screen round); a job ad pasted here is read as the job ad."""
    job_ad: str | None = Field(default=None, max_length=MAX_CONTEXT_CHARS)
    """The job ad, pasted or uploaded: the screen round closes on the role's stated needs."""


class Turn(BaseModel):
    """One interviewer prompt and the candidate's reply."""

    round: Round
    """The round it belongs to."""
    question_id: str
    """The bank (or resume) question."""
    kind: Literal["question", "follow_up"]
    """A main question or a follow-up."""
    prompt: str
    """What the interviewer asked, as shown."""
    intro: str | None = None
    """What the interviewer said before it (closing the last round, opening this one); not part of the question."""
    target_point: str | None = None
    """For a follow-up: the missed key point it probes."""
    probe: str | None = None
    """For a follow-up: the bank's probe it was phrased from, kept apart from the prompt (which may quote the
    candidate or be reworded by an LLM), so the same probe is never asked twice in a session."""
    answer: str | None = None
    """The candidate's answer."""
    seconds: float | None = Field(default=None, ge=0)
    """Time the candidate took, as measured by the interface."""
    asked_at: datetime | None = None
    """When the interface showed the prompt (or showed it again on resume): stored with the session, so whichever
    app process takes the answer times it from the same moment."""
    feedback: Feedback | None = None
    """The grade."""
    skipped: bool = False
    """Skipped by the candidate."""
    hints: int = 0
    """Hints asked for on this turn."""
    code: str | None = None
    """For a coding or SQL problem: the code submitted with the answer."""
    tests: CodeReport | None = None
    """For a coding or SQL problem: what running the submitted code against the hidden tests showed."""
    runs: int = 0
    """For a coding or SQL problem: how many times the candidate ran their code on the examples first."""


class Decision(BaseModel):
    """What happens after an answer; the two reasons to move on are kept apart."""

    good_enough: bool
    """The answer covered enough: move on."""
    follow_up_budget_used: bool
    """No follow-up left for this question (at most 2)."""
    follow_up_target: str | None = None
    """The missed key point the next follow-up aims at, if there is one."""
    follow_up_prompt: str | None = None
    """The bank's probe for that point: a question that draws it out without stating it."""
    follow_up_quote: str | None = None
    """Words of the candidate's answers on this question the follow-up can build on ("You mentioned ...")."""


class Session(BaseModel):
    """Everything about one interview; serialisable to JSON for storage and resume."""

    id: str
    """Chosen by the interface."""
    config: SessionConfig
    """How it runs."""
    round_index: int = 0
    """Index into config.rounds of the current round."""
    turns: list[Turn] = Field(default_factory=list)
    """Every prompt so far."""
    extra_questions: list[Question] = Field(default_factory=list)
    """Questions made from the candidate's resume or job description."""
    pending: Decision | None = None
    """A follow-up decided after the last answer and not asked yet."""
    done: bool = False
    """The session has ended."""
    closing: str | None = None
    """What the interviewer said at the end: the summary of the session."""
    revision: int = Field(default=0, ge=0)
    """How many times the store has saved this session (0: never). The store refuses a save from a copy whose
    revision is behind its own, so two app processes cannot overwrite each other's turns."""

    @property
    def round(self) -> Round | None:
        """The current round, or None when done."""
        return None if self.done else self.config.rounds[self.round_index]

    @property
    def current(self) -> Turn | None:
        """The turn awaiting an answer, if any."""
        if self.turns and self.turns[-1].answer is None and not self.turns[-1].skipped:
            return self.turns[-1]
        return None

    def round_turns(self, round_: Round | None = None) -> list[Turn]:
        """Turns of a round (the current one by default)."""
        wanted = round_ or self.round
        return [t for t in self.turns if t.round == wanted]

    def asked_ids(self) -> set[str]:
        """Every question asked so far in the session."""
        return {t.question_id for t in self.turns}


def turn_labels(session: Session) -> list[str]:
    """A short name for each turn, in order: "Q1", "Q1 follow-up 1", "Q2"... so feedback says what it is about."""
    labels, number, follow_ups = [], 0, 0
    for turn in session.turns:
        if turn.kind == "question":
            number, follow_ups = number + 1, 0
            labels.append(f"Q{number}")
        else:
            follow_ups += 1
            labels.append(f"Q{max(number, 1)} follow-up {follow_ups}")
    return labels


def start(session_id: str, config: SessionConfig) -> Session:
    """A new session; a screen round asks about the resume's own projects and closes on the job ad's needs."""
    resume, job_ad = config.candidate_context, config.job_ad
    if resume and not job_ad and is_job_ad(resume):
        resume, job_ad = None, resume  # one box, and what was pasted in it is a job ad
    extra = resume_questions(resume) if resume else []
    closing = job_ad_question(job_ad) if job_ad else None
    return Session(id=session_id, config=config, extra_questions=[*extra, *([closing] if closing else [])])


def _rank(seed: int, question_id: str) -> str:
    return hashlib.sha256(f"{seed}:{question_id}".encode()).hexdigest()


def target_difficulty(session: Session) -> Difficulty:
    """Start where configured (medium by default); step up after strong answers and down after weak ones."""
    level = _LEVELS.index(session.config.difficulty or Difficulty.MEDIUM)
    graded = [t.feedback.overall for t in session.round_turns() if t.kind == "question" and t.feedback]
    if graded:
        last = graded[-1]
        level += 1 if last >= GOOD_ENOUGH else -1 if last <= 2.5 else 0
    return _LEVELS[max(0, min(2, level))]


def pick_question(session: Session, bank: Bank) -> Question | None:
    """The next question: unasked, a topic this round has not covered yet, nearest the target difficulty."""
    round_ = session.round
    if round_ is None:
        return None
    asked = session.asked_ids()
    pool = [q for q in [*session.extra_questions, *bank.for_round(round_)] if q.round == round_ and q.id not in asked]
    if not pool:
        return None
    asked_here = len([t for t in session.round_turns() if t.kind == "question"])
    closing = [q for q in pool if q.id.startswith(JOB_AD_PREFIX)]
    if closing and asked_here >= session.config.questions_per_round - 1:
        return closing[0]  # the last question of the round is about the role's stated needs
    pool = [q for q in pool if q not in closing] or closing
    resume = [q for q in pool if q in session.extra_questions]
    if resume and asked_here < 2:
        return resume[0]
    asked_questions = [bank.get(t.question_id) for t in session.round_turns()]
    covered = {q.topic for q in asked_questions if q is not None}
    target = _LEVELS.index(target_difficulty(session))
    return min(
        pool,
        key=lambda q: (q.topic in covered, abs(_LEVELS.index(q.difficulty) - target), _rank(session.config.seed, q.id)),
    )


def round_over(session: Session) -> bool:
    """The current round has asked its questions or used its time."""
    turns = session.round_turns()
    asked = len([t for t in turns if t.kind == "question"])
    seconds = sum(t.seconds or 0 for t in turns)
    budget = ROUND_MINUTES[session.round][1] * 60 if session.round else 0
    return asked >= session.config.questions_per_round or seconds >= budget


def advance_round(session: Session) -> Session:
    """Move to the next round, or end the session after the last."""
    if session.round_index + 1 >= len(session.config.rounds):
        return session.model_copy(update={"done": True})
    return session.model_copy(update={"round_index": session.round_index + 1})


def ask(session: Session, question: Question, prompt: str, intro: str | None = None) -> Session:
    """Record a main question as asked (with what was said before it, if anything)."""
    turn = Turn(round=question.round, question_id=question.id, kind="question", prompt=prompt, intro=intro or None)
    return session.model_copy(update={"turns": [*session.turns, turn]})


def ask_follow_up(session: Session, question_id: str, target: str, prompt: str, probe: str | None = None) -> Session:
    """Record a follow-up aimed at a missed key point (and the bank probe it was phrased from)."""
    turn = Turn(
        round=session.round or Round.SCREEN,
        question_id=question_id,
        kind="follow_up",
        prompt=prompt,
        target_point=target,
        probe=probe,
    )
    return session.model_copy(update={"turns": [*session.turns, turn]})


def _replace_last(session: Session, **changes: object) -> Session:
    last = session.turns[-1].model_copy(update=changes)
    return session.model_copy(update={"turns": [*session.turns[:-1], last]})


def record_answer(
    session: Session,
    answer: str,
    seconds: float | None,
    feedback: Feedback,
    code: str | None = None,
    tests: CodeReport | None = None,
) -> Session:
    """Store the answer and its grade on the open turn (with the code and its test results, for a problem)."""
    if session.current is None:
        raise ValueError("there is no open question to answer")
    return _replace_last(session, answer=answer, seconds=seconds, feedback=feedback, code=code, tests=tests)


def note_run(session: Session) -> Session:
    """Count a Run of the candidate's code on the open turn."""
    if session.current is None:
        raise ValueError("there is no open question to run code for")
    return _replace_last(session, runs=session.turns[-1].runs + 1)


def skip(session: Session) -> Session:
    """Skip the open turn."""
    if session.current is None:
        raise ValueError("there is no open question to skip")
    return _replace_last(session, skipped=True)


def mark_asked(session: Session, at: datetime) -> Session:
    """Note when the open prompt was shown; without an open prompt, the session as it is."""
    return _replace_last(session, asked_at=at) if session.current is not None else session


def answer_seconds(turn: Turn, now: datetime) -> float | None:
    """Seconds from when the turn's prompt was shown to `now`; None if that is not known. Two machines' clocks
    may disagree a little: never below zero."""
    return max(0.0, round((now - turn.asked_at).total_seconds(), 1)) if turn.asked_at else None


def note_hint(session: Session) -> Session:
    """Count a hint on the open turn."""
    if session.current is None:
        raise ValueError("there is no open question to hint at")
    return _replace_last(session, hints=session.turns[-1].hints + 1)


def _question_turns(session: Session, question_id: str) -> list[Turn]:
    return [t for t in session.turns if t.question_id == question_id]


def covered_points(session: Session, question: Question) -> set[str]:
    """Key points any answer on this question covered (a follow-up answered well covers the point it probed)."""
    covered = set()
    for turn in _question_turns(session, question.id):
        if turn.feedback is None:
            continue
        covered |= {k.point for k in turn.feedback.key_points if k.covered}
        if turn.kind == "follow_up" and turn.target_point and turn.feedback.overall >= 3:
            covered.add(turn.target_point)
    return covered


QUOTE_WORDS = 14
"""The longest quote of the candidate's words a follow-up builds on."""


def short_quote(sentence: str) -> str:
    """The opening of a sentence, up to its first clause break once it says something, at most QUOTE_WORDS words:
    the candidate's own words, never reworded."""
    tokens = sentence.strip().rstrip(".!?;:").split()
    cut = []
    for token in tokens[:QUOTE_WORDS]:
        cut.append(token)
        if len(cut) >= 5 and token[-1:] in ",;:—–)":
            break
    return " ".join(cut).rstrip(",;:—–")


def _quote_for(session: Session, question: Question, point: str) -> str | None:
    """The candidate's closest words to a point they only partly made, from the latest answer that touched it."""
    for turn in reversed(_question_turns(session, question.id)):
        result = next((k for k in turn.feedback.key_points if k.point == point), None) if turn.feedback else None
        if result and result.verdict == "partly" and result.evidence:
            return short_quote(result.evidence)
    return None


def decide(session: Session, question: Question) -> Decision:
    """After a graded answer: move on when it is good enough, else follow up (at most twice) on the most important
    key point still missing from every answer on this question (the bank lists points most important first), never
    one already probed, with the bank's probe for it and, when an answer came close, the candidate's own words."""
    turns = _question_turns(session, question.id)
    last = turns[-1]
    feedback = last.feedback
    follow_ups = [t for t in turns if t.kind == "follow_up"]
    budget_used = len(follow_ups) >= MAX_FOLLOW_UPS
    if feedback is None:
        return Decision(good_enough=False, follow_up_budget_used=budget_used)
    covered = covered_points(session, question)
    missed = [p for p in question.key_points if p not in covered]
    good_enough = (feedback.overall >= GOOD_ENOUGH and len(missed) <= len(question.key_points) // 3) or not missed
    # A follow-up answer off its own point may still be on the question: only a main answer off topic ends it.
    stop = {"empty", "gibberish", "dont_know"} | ({"off_topic"} if last.kind == "question" else set())
    if good_enough or budget_used or set(feedback.flags) & stop:
        return Decision(good_enough=good_enough, follow_up_budget_used=budget_used)
    # Never the same point twice on a question, and never the same probe twice in a session (resume questions
    # share their probes; a prompt may wrap its probe in the candidate's words, so prompts alone can't tell).
    probed = {t.target_point for t in follow_ups}
    asked = {t.prompt for t in session.turns} | {t.probe for t in session.turns if t.probe}
    target = next((p for p in missed if p not in probed and question.probe_for(p) not in asked), None)
    if target is None:
        return Decision(good_enough=False, follow_up_budget_used=budget_used)
    return Decision(
        good_enough=False,
        follow_up_budget_used=False,
        follow_up_target=target,
        follow_up_prompt=question.probe_for(target),
        follow_up_quote=_quote_for(session, question, target),
    )


def next_hint_point(session: Session, question: Question) -> str:
    """The key point a hint should steer towards: the most important one no answer on this question covered."""
    covered = covered_points(session, question)
    return next((p for p in question.key_points if p not in covered), question.key_points[0])
