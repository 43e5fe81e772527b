"""Pure functions from domain objects to what the app shows; unit-tested without a server."""

from __future__ import annotations

import html
from typing import Any

from interviewer.domain.feedback import Feedback
from interviewer.domain.history import CriterionPoint, RoundPoint, SessionRow
from interviewer.domain.questions import ROUND_LABELS, Bank, Round
from interviewer.domain.text import markdown_literal
from interviewer.interview.render import CRITERION_LABELS, code_report_markdown, feedback_markdown, prompt_markdown
from interviewer.interview.report import pattern_rates, pattern_table
from interviewer.interview.session import LOOP_ORDER, Session, turn_labels

ROUND_CHOICES = [
    ("Screen", "screen"),
    ("Coding (write and run code)", "coding"),
    ("SQL", "sql"),
    ("ML theory", "ml_theory"),
    ("ML system design", "system_design"),
    ("Behavioral", "behavioral"),
    ("Full loop (all rounds in order)", "loop"),
]
DIFFICULTY_CHOICES = [("Adaptive (start medium)", "adaptive"), ("Easy", "easy"), ("Medium", "medium"), ("Hard", "hard")]


def plain(text: str) -> str:
    """Someone's text (a user name, an answer) shown in Markdown exactly as typed."""
    return markdown_literal(text)


def engine_status(engine: str, problem: str | None = None) -> str:
    """Which engine grades, and whether the LLM is reachable."""
    if engine == "offline":
        return "**Grading: offline** (embeddings and rules, no LLM needed)."
    if problem:
        return f"**LLM {engine} is unreachable** ({problem}). Carrying on **offline**."
    return f"**Grading: {engine}** (LLM judgement, bounded by the offline checks)."


def preparing_text(status: str) -> str:
    """The start screen's line while the engine is prepared in the background."""
    return f"⏳ **{status}** Start is enabled as soon as the interviewer is ready; the History tab works meanwhile."


def wants_code(session: Session) -> bool:
    """Whether the open question is a coding or SQL one, so the code editor is shown under the answer box."""
    current = session.current
    return current is not None and current.round in (Round.CODING, Round.SQL)


def code_language(session: Session) -> str:
    """The editor's language for the open question: SQL in the SQL round, else Python."""
    current = session.current
    return "sql" if current is not None and current.round == Round.SQL else "python"


def editor(session: Session) -> dict[str, str]:
    """The code editor's language and label for the open question."""
    language = code_language(session)
    return {"language": language, "label": f"Your code ({'SQL' if language == 'sql' else 'Python'})"}


def chat_messages(session: Session | None) -> list[dict[str, str]]:
    """The transcript as chat messages: interviewer prompts, the candidate's answers, and a score line."""
    if session is None:
        return []
    messages: list[dict[str, str]] = []
    for turn, label in zip(session.turns, turn_labels(session), strict=True):
        if turn.intro:
            messages.append({"role": "assistant", "content": turn.intro})
        prompt = prompt_markdown(turn.question_id, turn.prompt)
        messages.append({"role": "assistant", "content": f"**{label}.** {prompt}"})
        if turn.skipped:
            messages.append({"role": "user", "content": "_(skipped)_"})
        elif turn.answer is not None:
            messages.append({"role": "user", "content": markdown_literal(turn.answer)})
            if turn.feedback is not None:
                messages.append(
                    {
                        "role": "assistant",
                        "content": f"{label} scored **{turn.feedback.overall:.1f} / 5** — feedback is on the right.",
                    }
                )
    if session.done and session.closing:
        messages.append({"role": "assistant", "content": session.closing})
    return messages


def feedback_view(feedback: Feedback | None, session: Session | None = None) -> str:
    """The feedback panel (without citations, which get their own expandable view), headed by the question it is
    about when the session is given."""
    if feedback is None:
        return "_Answer the question to see rubric feedback here._"
    body = feedback_markdown(feedback.model_copy(update={"citations": []}))
    labelled = list(zip(session.turns, turn_labels(session), strict=True)) if session else []
    about = next(((t, label) for t, label in reversed(labelled) if t.feedback == feedback), None)
    if about is None:
        return body
    turn, label = about
    prompt = turn.prompt if len(turn.prompt) <= 120 else turn.prompt[:119].rsplit(" ", 1)[0] + "…"
    prompt = prompt_markdown(turn.question_id, prompt)
    if turn.tests is not None:  # the tests first, under the overall: they are the exact part of the grade
        overall, _, rest = body.partition("\n")
        body = f"{overall}\n\n{code_report_markdown(turn.tests)}\n{rest}"
    return f"**Feedback on {label}:** {prompt}\n\n{body}"


def citations_html(feedback: Feedback | None) -> str:
    """The guidance the grade used, each expandable to its text."""
    if feedback is None or not feedback.citations:
        return ""
    items = "".join(
        f"<details><summary>{html.escape(c.source)} › {html.escape(c.section)}</summary>"
        f"<p>{html.escape(c.text)}</p></details>"
        for c in feedback.citations
    )
    return f"<div class='citations'><strong>Guidance cited</strong>{items}</div>"


def timer_text(seconds: float | None, target_minutes: int | None = None) -> str:
    """The per-answer timer; for a coding or SQL problem, against the guides' target for its difficulty."""
    if seconds is None:
        return "Time on this answer: —"
    minutes, secs = divmod(int(seconds), 60)
    if target_minutes is None:
        return f"Time on this answer: {minutes}:{secs:02d}"
    over = " — over the target: finish what you have and Submit" if seconds > target_minutes * 60 else ""
    return f"Time on this problem: {minutes}:{secs:02d} (aim for under {target_minutes}:00){over}"


def round_name(value: str) -> str:
    """A stored round id as the candidate reads it ("ml_theory" -> "ML theory"); an unknown id as it is."""
    return ROUND_LABELS.get(Round(value), value) if value in Round._value2member_map_ else value


def round_names(rounds: str) -> str:
    """ "ml_theory,system_design" as the candidate reads it: "ML theory, ML system design"."""
    names = [round_name(r) for r in rounds.split(",") if r]
    return "Full loop" if names == [round_name(r.value) for r in LOOP_ORDER] else ", ".join(names)


def history_table(rows: list[SessionRow]) -> list[list[Any]]:
    """Rows for the History table: friendly round names, averages to one decimal like everywhere else."""
    return [
        [
            r.updated_at.replace("T", " ")[:16],
            round_names(r.rounds),
            r.answered,
            f"{r.average:.1f}" if r.average is not None else "",
            "done" if r.done else "in progress",
            r.engine,
            r.id,
        ]
        for r in rows
    ]


def round_progress(points: list[RoundPoint]) -> list[dict[str, Any]]:
    """Chart records: each session's average per round over time, one colour per round."""
    return [
        {
            "when": p.started_at.replace("T", " ")[:16],
            "series": round_name(p.round),
            "score": p.average,
        }
        for p in points
    ]


HISTORY_HEADERS = ["Last activity", "Rounds", "Answers", "Average", "Status", "Graded by", "Session id"]


def progress_records(points: list[CriterionPoint]) -> list[dict[str, Any]]:
    """Chart records on demand: one per criterion per answer, with readable criterion names."""
    return [
        {
            "when": p.answered_at.replace("T", " ")[:16],
            "series": CRITERION_LABELS.get(p.criterion, p.criterion),
            "score": p.score,
        }
        for p in points
    ]


def criterion_averages(points: list[CriterionPoint]) -> str:
    """The weakest criteria over all history, as Markdown."""
    if not points:
        return "_No graded answers yet._"
    totals: dict[str, list[int]] = {}
    for p in points:
        totals.setdefault(p.criterion, []).append(p.score)
    ranked = sorted(totals.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
    lines = ["**Weakest criteria so far**"]
    lines += [f"- {CRITERION_LABELS.get(n, n)}: {sum(v) / len(v):.1f} over {len(v)} answers" for n, v in ranked[:4]]
    return "\n".join(lines)


def clean_answer(text: str, limit: int) -> tuple[str, str | None]:
    """Strip control characters and cut to the limit; returns the text and a notice for the candidate, if any."""
    cleaned = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    notice = None
    if len(cleaned) != len(text):
        notice = "Removed unreadable control characters from your answer."
    if len(cleaned) > limit:
        cleaned = cleaned[:limit]
        notice = f"Your answer was very long; the first {limit:,} characters were graded."
    return cleaned, notice


def pattern_pass_rates(results: list[tuple[str, int, int]], bank: Bank) -> str:
    """The History tab's tests passed per coding and SQL pattern, weakest first."""
    rates = pattern_rates(results, bank)
    if not rates:
        return ""
    return "\n".join(["**Tests passed by pattern** (coding and SQL problems)", "", *pattern_table(rates)])


def weakest_topics(scores: list[tuple[str, float]], bank: Bank, limit: int = 5) -> str:
    """Topics with the lowest average score across all sessions: what to practise next."""
    by_topic: dict[str, list[float]] = {}
    for question_id, overall in scores:
        question = bank.get(question_id)
        if question is not None:
            by_topic.setdefault(question.topic, []).append(overall)
    if not by_topic:
        return ""
    ranked = sorted(by_topic.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))[:limit]
    lines = ["**Weakest topics: practise these next**"]
    for topic, values in ranked:
        title = bank.topic_titles().get(topic, topic)
        lines.append(f"- {title}: {sum(values) / len(values):.1f} over {len(values)} answers")
    return "\n".join(lines)
