"""Feedback as Markdown: one rendering for the web app, the terminal (rich renders it) and reports."""

from __future__ import annotations

import re

from interviewer.domain.feedback import FLAG_NAMES, FLAG_REASONS, Feedback
from interviewer.domain.runs import CodeReport
from interviewer.domain.text import markdown_literal
from interviewer.interview.resume import CONTEXT_PREFIX

CRITERION_LABELS = {
    "key_point_coverage": "Key points",
    "correctness": "Correctness",
    "structure_clarity": "Structure & clarity",
    "star": "STAR structure",
    "ownership": "Ownership (I vs we)",
    "quantified_impact": "Quantified impact",
    "requirements": "Requirements & clarifying questions",
    "metrics": "Offline/online metrics",
    "data": "Data",
    "model": "Model",
    "serving": "Serving",
    "monitoring": "Monitoring & iteration",
    "approach": "Approach",
    "complexity": "Complexity stated",
    "edge_cases": "Edge cases",
    "testing": "Testing",
    "tests_passed": "Tests passed",
}
STATUS_LINES = {
    "passed": "✓ All tests passed",
    "failed": "✗ Some tests failed",
    "error": "✗ The code did not run",
    "timeout": "⏱ Out of time",
    "refused": "⛔ Refused",
}


def prompt_markdown(question_id: str, prompt: str) -> str:
    """A question as shown: the bank's own Markdown, but a question made from the candidate's resume or job ad quotes
    what they gave, so it is shown as typed, like their answers."""
    return markdown_literal(prompt) if question_id.startswith(CONTEXT_PREFIX) else prompt


def _cell(value: object) -> str:
    """A table cell: what the candidate's code returned or raised, shown as text."""
    return markdown_literal(str(value).replace("\n", " ")[:60])


def fenced(text: str) -> list[str]:
    """Text as a code block whose fence is longer than any run of backticks inside it: printed output can never
    close the block early and carry Markdown of its own."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text, fence]


def _rows_table(report: CodeReport) -> list[str]:
    if not report.columns:
        return []
    lines = ["", "| " + " | ".join(_cell(c) for c in report.columns) + " |", "|" + "---|" * len(report.columns)]
    lines += ["| " + " | ".join(_cell("NULL" if v is None else v) for v in row) + " |" for row in report.rows]
    if report.row_count > len(report.rows):
        lines.append(f"\n({report.row_count} rows; the first {len(report.rows)} shown)")
    return lines


def code_report_markdown(report: CodeReport) -> str:
    """What a Run or a Submit showed: the status, every test with its time, the first failing case (input,
    expected, got), the growth measured beside the complexity stated, and for SQL the rows."""
    what = "Run (the examples)" if report.mode == "run" else "Submit (the hidden tests)"
    status = STATUS_LINES[report.status]
    if report.status == "passed" and not report.cases:  # a SQL Run checks nothing: it shows the rows
        what, status = "Run", f"✓ The query returned {report.row_count} row{'' if report.row_count == 1 else 's'}"
    lines = [f"**{what}**: {status}"
             + (f" · {report.passed} of {report.total} tests passed" if report.total else "")
             + f" · {report.seconds:.2f} s"]  # fmt: skip
    lines += [f"> ⚠ {markdown_literal(w)}" for w in report.warnings]
    for problem in (report.refused, report.load_error, report.run_problem):
        if problem:
            lines += ["", *fenced(problem[:600])]
    if report.cases and not report.load_error:  # code that did not load ran no test: the error says it all
        lines += ["", "| Test | Result | Time |", "|---|---|---|"]
        for case in report.cases:
            result = "✓ passed" if case.passed else f"✗ {case.error or 'failed'}"
            seconds = "-" if case.seconds is None else f"{max(case.seconds * 1000, 0.1):.1f} ms"
            name = case.name + (" (hidden)" if case.hidden and report.mode == "submit" else "")
            lines.append(f"| {_cell(name)} | {_cell(result)} | {seconds} |")
    failing = next((c for c in report.cases if not c.passed and (c.shown_input or c.expected)), None)
    if failing is not None:
        shown = [f"input:    {failing.shown_input}"] if failing.shown_input else []
        shown += [f"expected: {failing.expected}", f"got:      {failing.got or failing.error}"]
        lines += ["", f"**First failing case: {markdown_literal(failing.name)}**", "", *fenced("\n".join(shown))]
    if report.growth is not None:
        timings = ", ".join(
            f"n={n:,}: {t * 1000:.1f} ms" if t is not None else f"n={n:,}: too slow"
            for n, t in zip(report.growth.sizes, report.growth.seconds, strict=True)
        )
        lines += ["", f"**Growth**: {report.growth.verdict}", "", f"Time per call: {timings}."]
    lines += _rows_table(report)
    if report.stdout.strip():
        lines += ["", "**Printed**", *fenced(report.stdout.strip()[:1500])]
    return "\n".join(lines)


def _quote(text: str | None, limit: int = 220) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return f"“{markdown_literal(flat[:limit])}{'…' if len(flat) > limit else ''}”"


def feedback_markdown(feedback: Feedback) -> str:
    """The whole feedback as Markdown."""
    lines = [f"**Overall: {feedback.overall:.1f} / 5**  ·  graded by {feedback.engine}"]
    lines += [f"> ⚠ {note}" for note in feedback.notes]
    if feedback.flags:
        lines.append("")
        for flag in feedback.flags:
            reason = FLAG_REASONS.get(flag, flag)
            lines.append(f"- ⚠ **{FLAG_NAMES.get(flag, flag)}**: {reason[:1].lower()}{reason[1:]}")
    if feedback.mistakes:
        lines += ["", "**Wrong claims**"]
        lines += [f"- ✗ You said {_quote(m.quote, 160)}: {m.correction}" for m in feedback.mistakes]
    lines += ["", "| Criterion | Score | Why |", "|---|---|---|"]
    for c in feedback.criteria:
        lines.append(f"| {CRITERION_LABELS.get(c.name, c.name)} | {c.score}/5 | {c.reason.replace('|', '/')} |")
    if feedback.star is not None:
        lines += ["", "**STAR**"]
        for name, part in feedback.star.parts().items():
            mark = "✓" if part.present else "✗"
            lines.append(f"- {mark} {name.title()}" + (f": {_quote(part.evidence)}" if part.evidence else ""))
    metrics = feedback.metrics
    lines += [
        "",
        "**Quantified impact**: "
        + (
            ", ".join(_quote(e, 80) for e in metrics.evidence) + (" (with a baseline)" if metrics.baseline else "")
            if metrics.present
            else "none found"
        ),
    ]
    if feedback.key_points:
        lines += ["", "**Key points**"]
        marks = {"covered": "✓", "partly": "◐ partly:", "missing": "✗", "contradicted": "⚠ contradicted:"}
        for k in feedback.key_points:
            quote = f" — {_quote(k.evidence, 120)}" if k.evidence else ""
            why = f" {k.why}" if k.contradicted and k.why else ""
            lines.append(f"- {marks[k.verdict]} {k.point}{quote}{why}")
    if feedback.strengths:
        lines += ["", "**Strengths**", *[f"- {s}" for s in feedback.strengths]]
    if feedback.improvements:
        lines += ["", "**What to say next time**", *[f"- {s}" for s in feedback.improvements]]
    if feedback.outline:
        lines += ["", "**Outline of a strong answer**", feedback.outline]
    if feedback.citations:
        lines += ["", "**Guidance used**", *[f"- {c.source} › {c.section}" for c in feedback.citations]]
    return "\n".join(lines)
