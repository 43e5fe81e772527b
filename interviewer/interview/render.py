"""Feedback as Markdown: one rendering for the web app, the terminal (rich renders it) and reports."""

from __future__ import annotations

from interviewer.domain.feedback import FLAG_NAMES, FLAG_REASONS, Feedback

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
}


def _quote(text: str | None, limit: int = 220) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return f"“{flat[:limit]}{'…' if len(flat) > limit else ''}”"


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
