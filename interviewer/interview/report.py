"""End-of-round and end-of-session reports: per-criterion averages, best and weakest answers, what to practise."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from pydantic import BaseModel, Field

from interviewer.domain.questions import ROUND_LABELS, Bank
from interviewer.domain.text import markdown_literal
from interviewer.interview.render import CRITERION_LABELS, code_report_markdown, feedback_markdown, prompt_markdown
from interviewer.interview.session import Session, Turn, turn_labels


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


class PatternRate(BaseModel):
    """How a candidate's code did on the problems of one pattern ("sliding window")."""

    topic: str
    """The pattern's topic id."""
    title: str
    """The pattern as the candidate reads it."""
    tests_passed: int = Field(ge=0)
    tests_total: int = Field(ge=0)
    problems: int = Field(ge=0)
    """Problems submitted."""
    solved: int = Field(ge=0)
    """Problems whose every test passed."""

    @property
    def rate(self) -> float:
        return self.tests_passed / self.tests_total if self.tests_total else 0.0


def pattern_rates(results: list[tuple[str, int, int]], bank: Bank) -> list[PatternRate]:
    """Test pass rates per pattern from (problem id, tests passed, tests run) of submitted solutions, weakest first."""
    titles = bank.topic_titles()
    by_topic: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for problem_id, passed, total in results:
        problem = bank.get(problem_id)
        if problem is not None:
            by_topic[problem.topic].append((passed, total))
    rates = [
        PatternRate(
            topic=topic,
            title=titles.get(topic, topic),
            tests_passed=sum(p for p, _ in runs),
            tests_total=sum(t for _, t in runs),
            problems=len(runs),
            solved=sum(1 for p, t in runs if t and p == t),
        )
        for topic, runs in by_topic.items()
    ]
    return sorted(rates, key=lambda r: (r.rate, r.title))


def pattern_table(rates: list[PatternRate]) -> list[str]:
    """Tests passed per pattern as Markdown table lines (the report's and the History tab's)."""
    lines = ["| Pattern | Tests passed | Problems solved |", "|---|---|---|"]
    return lines + [f"| {r.title} | {r.tests_passed} of {r.tests_total} ({r.rate:.0%}) | {r.solved} of {r.problems} |"
                    for r in rates]  # fmt: skip


def session_results(session: Session) -> list[tuple[str, int, int]]:
    """(problem id, tests passed, tests run) of every solution submitted in a session."""
    return [(t.question_id, t.tests.passed, t.tests.total) for t in session.turns if t.tests is not None]


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
    patterns: list[PatternRate] = Field(default_factory=list)
    """Coding and SQL: tests passed per pattern, weakest first."""


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
    patterns = pattern_rates([r for r in session_results(session) if round_ is None or _in_round(bank, r[0], round_)],
                             bank)  # fmt: skip
    # Patterns whose tests failed come first: code that does not pass is the clearest thing to practise.
    failing = [r.topic for r in patterns if r.rate < 1.0]
    weak_topics = failing + sorted(
        (t for t in topics if t not in failing), key=lambda t: sum(topics[t]) / len(topics[t])
    )
    return Report(
        session_id=session.id,
        rounds=list(dict.fromkeys(t.round.value for t in turns)) or [r.value for r in session.config.rounds],
        answered=len(graded),
        skipped=sum(t.skipped for t in turns),
        overall_average=round(sum(s.overall for s in summaries) / len(summaries), 2) if summaries else None,
        criteria={name: round(sum(v) / len(v), 2) for name, v in criteria.items()},
        best=ranked[: min(2, max(1, len(ranked) // 2))],
        weakest=list(reversed(ranked[len(ranked) - min(2, len(ranked) // 2) :])) if len(ranked) > 1 else [],
        practise_next=[t for t in weak_topics if t in failing or sum(topics[t]) / len(topics[t]) < 4.0][:5],
        missed_points=sorted(missed, key=lambda p: -missed[p])[:5],
        engines=sorted({t.feedback.engine for t in graded if t.feedback}),
        prompt_versions=sorted({t.feedback.prompt_version for t in graded if t.feedback and t.feedback.prompt_version}),
        patterns=patterns,
    )


def _in_round(bank: Bank, problem_id: str, round_: str) -> bool:
    question = bank.get(problem_id)
    return question is not None and question.round.value == round_


def _short(text: str, limit: int = 90) -> str:
    """A question cut to fit in a sentence."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def closing_text(report: Report, bank: Bank) -> str:
    """The interviewer's last words: how it went, the best and weakest answers, and what to practise next."""
    if report.overall_average is None:
        return "That's the end of the interview. No answers were graded this time; start a new interview to practise."
    titles = bank.topic_titles()
    lines = [
        f"That's the end of the interview. You answered {_plural(report.answered, 'question')}"
        f"{f' and skipped {report.skipped}' if report.skipped else ''}: "
        f"{report.overall_average:.1f} / 5 on average."
    ]
    if report.best and report.answered > 1:
        lines.append(f"Strongest: {_short(report.best[0].question)} ({report.best[0].overall:.1f}).")
    if report.weakest:
        lines.append(f"Weakest: {_short(report.weakest[0].question)} ({report.weakest[0].overall:.1f}).")
    if report.practise_next:
        lines.append(f"Practise next: {', '.join(titles.get(t, t) for t in report.practise_next[:3])}.")
    lines.append("Your full report, with every answer and its feedback, is saved with this session.")
    return " ".join(lines)


def report_filename(session: Session, day: date, suffix: str) -> str:
    """`interview-2026-12-02-ml-theory.md`: the day and the round (`loop` for several rounds)."""
    rounds = session.config.rounds
    name = rounds[0].value.replace("_", "-") if len(rounds) == 1 else "loop"
    return f"interview-{day.isoformat()}-{name}.{suffix}"


def _transcript(session: Session) -> list[str]:
    """Every question and answer in order, each with its score, verdicts and what to say next time."""
    lines = ["", "## Transcript"]
    for turn, label in zip(session.turns, turn_labels(session), strict=True):
        lines += [
            "",
            f"### {label} · {ROUND_LABELS[turn.round]}",
            "",
            f"**Asked:** {prompt_markdown(turn.question_id, turn.prompt)}",
            "",
        ]
        if turn.skipped:
            lines.append("_Skipped._")
            continue
        if turn.answer is None:
            lines.append("_Not answered._")
            continue
        answer = [f"> {markdown_literal(line)}" if line else ">" for line in turn.answer.splitlines()]
        lines += ["**Answer:**", "", *answer]
        if turn.tests is not None:
            lines += ["", code_report_markdown(turn.tests)]
        if turn.feedback is not None:
            lines += ["", feedback_markdown(turn.feedback.model_copy(update={"citations": []})).strip()]
    return lines


def report_markdown(report: Report, bank: Bank | None = None, session: Session | None = None) -> str:
    """The report as Markdown, for the screen and for download; with the session, the full transcript follows."""
    titles = bank.topic_titles() if bank else {}
    average = f"{report.overall_average:.1f} / 5" if report.overall_average is not None else "no graded answers"
    graded_by = f" · graded by {', '.join(report.engines)}" if report.engines else ""
    lines = [
        f"# Interview report · {', '.join(report.rounds)}",
        "",
        f"**Average: {average}** · {_plural(report.answered, 'answer')} graded, {report.skipped} skipped{graded_by}",
    ]
    if report.criteria:
        lines += ["", "| Criterion | Average |", "|---|---|"]
        lines += [
            f"| {CRITERION_LABELS.get(n, n)} | {v:.1f} |"
            for n, v in sorted(report.criteria.items(), key=lambda kv: kv[1])
        ]
    for title, answers in (("Best answers", report.best), ("Weakest answers", report.weakest)):
        if answers:
            lines += ["", f"## {title}"]
            lines += [f"- **{a.overall:.1f}** ({a.round}) {_short(a.question.splitlines()[0])}" for a in answers]
    if report.patterns:
        lines += ["", "## Tests passed by pattern", "", *pattern_table(report.patterns)]
    if report.practise_next:
        lines += ["", "## Practise next", *[f"- {titles.get(t, t)}" for t in report.practise_next]]
    if report.missed_points:
        lines += ["", "## Points you missed most", *[f"- {p}" for p in report.missed_points]]
    if session is not None:
        lines += _transcript(session)
    if report.prompt_versions:
        lines += ["", f"_Prompt versions: {', '.join(report.prompt_versions)}_"]
    return "\n".join(lines) + "\n"


def report_json(report: Report, session: Session) -> str:
    """The report plus the full transcript, as JSON."""
    return json.dumps(
        {"report": report.model_dump(), "session": json.loads(session.model_dump_json())}, ensure_ascii=False, indent=2
    )
