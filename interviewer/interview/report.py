"""End-of-round and end-of-session reports: per-criterion averages, best and weakest answers, what to practise."""

from __future__ import annotations

import json
from collections import defaultdict

from pydantic import BaseModel, Field

from interviewer.domain.questions import Bank
from interviewer.interview.render import CRITERION_LABELS
from interviewer.interview.session import Session, Turn


class AnswerSummary(BaseModel):
    """One graded answer in a report."""

    round: str
    """Its round."""
    question: str
    """What was asked."""
    topic: str
    """The question's topic."""
    overall: float
    """Its overall score."""
    kind: str
    """question or follow_up."""


class Report(BaseModel):
    """A summary of a session (or of one of its rounds)."""

    session_id: str
    """The session."""
    rounds: list[str]
    """Rounds covered."""
    answered: int
    """Answers graded."""
    skipped: int
    """Questions skipped."""
    overall_average: float | None
    """Mean overall score of the answers."""
    criteria: dict[str, float] = Field(default_factory=dict)
    """Mean score per criterion."""
    best: list[AnswerSummary] = Field(default_factory=list)
    """Strongest answers."""
    weakest: list[AnswerSummary] = Field(default_factory=list)
    """Weakest answers."""
    practise_next: list[str] = Field(default_factory=list)
    """Topics to practise next, weakest first."""
    missed_points: list[str] = Field(default_factory=list)
    """Key points most often missed."""
    engines: list[str] = Field(default_factory=list)
    """Engines that graded (offline, model names)."""
    prompt_versions: list[str] = Field(default_factory=list)
    """Prompt versions used by LLM grades."""


def _topic(bank: Bank, session: Session, turn: Turn) -> str:
    question = bank.get(turn.question_id) or next(
        (q for q in session.extra_questions if q.id == turn.question_id), None
    )
    return question.topic if question else "unknown"


def build_report(session: Session, bank: Bank, round_: str | None = None) -> Report:
    """Summarise the answered turns of a session, or of one round."""
    turns = [t for t in session.turns if round_ is None or t.round == round_]
    graded = [t for t in turns if t.feedback is not None and t.answer is not None]
    criteria: dict[str, list[int]] = defaultdict(list)
    topics: dict[str, list[float]] = defaultdict(list)
    missed: dict[str, int] = defaultdict(int)
    for turn in graded:
        assert turn.feedback is not None
        for criterion in turn.feedback.criteria:
            criteria[criterion.name].append(criterion.score)
        topics[_topic(bank, session, turn)].append(turn.feedback.overall)
        for point in turn.feedback.key_points:
            if not point.covered:
                missed[point.point] += 1
    summaries = [
        AnswerSummary(
            round=t.round.value,
            question=t.prompt,
            topic=_topic(bank, session, t),
            overall=t.feedback.overall if t.feedback else 0.0,
            kind=t.kind,
        )
        for t in graded
    ]
    ranked = sorted(summaries, key=lambda s: -s.overall)
    weak_topics = sorted(topics, key=lambda t: sum(topics[t]) / len(topics[t]))
    return Report(
        session_id=session.id,
        rounds=list(dict.fromkeys(t.round.value for t in turns)) or [r.value for r in session.config.rounds],
        answered=len(graded),
        skipped=sum(t.skipped for t in turns),
        overall_average=round(sum(s.overall for s in summaries) / len(summaries), 2) if summaries else None,
        criteria={name: round(sum(v) / len(v), 2) for name, v in criteria.items()},
        best=ranked[: min(2, max(1, len(ranked) // 2))],
        weakest=list(reversed(ranked[len(ranked) - min(2, len(ranked) // 2) :])) if len(ranked) > 1 else [],
        practise_next=[t for t in weak_topics if sum(topics[t]) / len(topics[t]) < 4.0][:5],
        missed_points=sorted(missed, key=lambda p: -missed[p])[:5],
        engines=sorted({t.feedback.engine for t in graded if t.feedback}),
        prompt_versions=sorted({t.feedback.prompt_version for t in graded if t.feedback and t.feedback.prompt_version}),
    )


def report_markdown(report: Report, bank: Bank | None = None) -> str:
    """The report as Markdown, for the screen and for download."""
    titles = {t.id: t.title for t in bank.topics.values()} if bank else {}
    average = f"{report.overall_average:.1f} / 5" if report.overall_average is not None else "no graded answers"
    lines = [
        f"# Interview report · {', '.join(report.rounds)}",
        "",
        f"**Average: {average}** · {report.answered} answers graded, {report.skipped} skipped · "
        f"graded by {', '.join(report.engines) or 'nobody yet'}",
    ]
    if report.criteria:
        lines += ["", "| Criterion | Average |", "|---|---|"]
        lines += [
            f"| {CRITERION_LABELS.get(n, n)} | {v:.1f} |"
            for n, v in sorted(report.criteria.items(), key=lambda kv: kv[1])
        ]
    for title, answers in (("Best answers", report.best), ("Weakest answers", report.weakest)):
        if answers:
            lines += ["", f"## {title}", *[f"- **{a.overall:.1f}** ({a.round}) {a.question}" for a in answers]]
    if report.practise_next:
        lines += ["", "## Practise next", *[f"- {titles.get(t, t)}" for t in report.practise_next]]
    if report.missed_points:
        lines += ["", "## Points you missed most", *[f"- {p}" for p in report.missed_points]]
    if report.prompt_versions:
        lines += ["", f"_Prompt versions: {', '.join(report.prompt_versions)}_"]
    return "\n".join(lines) + "\n"


def report_json(report: Report, session: Session) -> str:
    """The report plus the full transcript, as JSON."""
    return json.dumps(
        {"report": report.model_dump(), "session": json.loads(session.model_dump_json())}, ensure_ascii=False, indent=2
    )
