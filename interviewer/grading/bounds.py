"""The bounds that keep a judgement honest: quotes must be real, floors and found errors hold whatever a model says,
and the overall is recomputed from the bounded criteria, never taken from the model."""

from __future__ import annotations

from interviewer.domain.feedback import (
    FLOOR_CAP,
    FLOOR_FLAGS,
    Citation,
    CriterionScore,
    Feedback,
    KeyPointResult,
    MetricsCheck,
    StarCheck,
    StarPart,
)
from interviewer.domain.model import ModelJudgement
from interviewer.domain.text import find_span
from interviewer.grading.analysis import Analysis, GradeTarget
from interviewer.grading.impact import measures_outcome, metric_spans
from interviewer.grading.mistakes import negates
from interviewer.grading.rubric import (
    MISTAKE_CAP,
    SCENE_ONLY,
    criteria_overall,
    error_count,
    found_points,
    score_criteria,
)

HARD_FLOORS = frozenset({"empty", "gibberish", "dont_know"})
"""Flags that cap the overall at 1."""


def _quoted(answer: str, analysis: Analysis, quote: str | None) -> str | None:
    """The exact span of the answer a quote names, unless it is missing or inside removed injected text."""
    span = find_span(answer, quote) if quote else None
    if span is None or any(span in injection for injection in analysis.injections):
        return None
    return span


def _bounded_star(answer: str, analysis: Analysis, judgement: ModelJudgement) -> StarCheck | None:
    """STAR parts with evidence that really occurs in the answer (and not inside removed injections)."""
    if analysis.star is None:
        return None
    parts: dict[str, StarPart] = {}
    for name, part in analysis.star.parts().items():
        span = _quoted(answer, analysis, (judgement.star or {}).get(name))
        parts[name] = StarPart(present=True, evidence=span) if span else part
    return StarCheck(**parts)


def _bounded_metrics(answer: str, analysis: Analysis, judgement: ModelJudgement) -> MetricsCheck:
    evidence = list(analysis.metrics.evidence)
    outcome = analysis.metrics.outcome
    for quote in judgement.metric_quotes:
        span = _quoted(answer, analysis, quote)
        if span and any(ch.isdigit() for ch in span) and span not in evidence:
            evidence.append(span)
            outcome = outcome or measures_outcome(span, metric_spans(span) or [span])
    return MetricsCheck(
        present=bool(evidence), evidence=evidence[:8], baseline=analysis.metrics.baseline, outcome=outcome
    )


def bounded_key_points(answer: str, analysis: Analysis, judgement: ModelJudgement) -> list[KeyPointResult]:
    """The judge's verdicts where its quote is real: it may find a point the checks missed, call one partly or
    contradicted, or withhold credit; it cannot credit a point the checks found contradicted, nor with a quote that
    denies the point."""
    results = list(analysis.key_points)
    for verdict in judgement.key_points:
        if verdict.index >= len(results):
            continue
        current = results[verdict.index]
        span = _quoted(answer, analysis, verdict.quote)
        if current.contradicted:
            continue  # a denial, a wrong number, a swap or a known mistake was found in the answer's own words
        if verdict.verdict == "missing":
            results[verdict.index] = current.model_copy(update={"covered": False, "verdict": "missing"})
            continue
        if span is None:
            continue  # no real quote: the deterministic verdict stands
        kind = verdict.verdict
        why = "The judge found the answer contradicts it." if kind == "contradicted" else None
        if kind == "covered" and negates(current.point, span):
            kind, why = "contradicted", "The answer denies it."
        update = {
            "covered": kind == "covered",
            "contradicted": kind == "contradicted",
            "verdict": kind,
            "evidence": span,
            "why": why,
        }
        results[verdict.index] = current.model_copy(update=update)
    return results


def _bounded_criteria(
    target: GradeTarget,
    analysis: Analysis,
    judgement: ModelJudgement,
    star: StarCheck | None,
    metrics: MetricsCheck,
    key_points: list[KeyPointResult],
    from_model: bool,
) -> list[CriterionScore]:
    """The judge's criterion scores, each held to what the answer's own words support."""
    offline = score_criteria(target, analysis)
    given = {c.name: c for c in judgement.criteria}
    found = found_points(key_points)
    covered_cap = 1 + round(4 * found / len(key_points)) if key_points else 5
    errors = error_count(analysis) or any(k.contradicted for k in key_points)
    criteria = []
    for criterion in offline:
        chosen = given.get(criterion.name, criterion)
        cap: tuple[int, str] | None = None
        if criterion.name == "star" and star is not None:
            present = sum(p.present for p in star.parts().values())
            cap = (1 + present, f"{present} of 4 STAR parts found in the answer.")
        elif criterion.name == "key_point_coverage" and from_model:
            cap = (covered_cap, f"Key points found in the answer's words: {found:g} of {len(key_points)}.")
        elif criterion.name == "correctness" and errors:
            cap = (criterion.score, criterion.reason)  # a found error: the model cannot call it correct
        elif criterion.name == "quantified_impact" and not metrics.present:
            cap = (1, "No number in the answer shows the impact.")
        elif criterion.name == "quantified_impact" and not metrics.outcome:
            cap = (SCENE_ONLY, "The answer's numbers set the scene; none measures the result.")
        if cap and chosen.score > cap[0]:
            chosen = CriterionScore(name=criterion.name, score=cap[0], reason=cap[1])
        criteria.append(chosen)
    return criteria


def build_feedback(
    target: GradeTarget,
    answer: str,
    analysis: Analysis,
    judgement: ModelJudgement,
    *,
    citations: list[Citation],
    engine: str,
    prompt_version: str | None = None,
    notes: list[str] | None = None,
) -> Feedback:
    """Combine a judgement with the deterministic checks; no model can lift a floor, invent evidence or set the
    overall: a model's overall is recomputed from its bounded criteria with the round's weights."""
    star = _bounded_star(answer, analysis, judgement)
    metrics = _bounded_metrics(answer, analysis, judgement)
    key_points = bounded_key_points(answer, analysis, judgement)
    from_model = engine != "offline"
    criteria = _bounded_criteria(target, analysis, judgement, star, metrics, key_points, from_model)
    # The offline judgement's overall comes from unrounded levels; a model's is recomputed from its criteria.
    overall = (
        judgement.overall if not from_model and judgement.overall is not None else criteria_overall(target, criteria)
    )

    flags = list(analysis.flags)
    if set(flags) & FLOOR_FLAGS:
        overall = min(overall, 1.0 if set(flags) & HARD_FLOORS else FLOOR_CAP)
    judged = zip(key_points, analysis.key_points, strict=True)
    errors = error_count(analysis) + sum(k.contradicted and not c.contradicted for k, c in judged)
    if errors:
        overall = min(overall, MISTAKE_CAP[min(errors, 2)])
    if not analysis.sentences:
        overall = 1.0  # nothing but text addressed to the grader
    return Feedback(
        question_id=target.question_id,
        round=target.round.value,
        overall=round(max(1.0, min(5.0, overall)), 1),
        criteria=criteria,
        key_points=key_points,
        star=star,
        ownership=analysis.ownership,
        metrics=metrics,
        strengths=judgement.strengths,
        improvements=judgement.improvements,
        outline=judgement.outline,
        citations=citations,
        flags=flags,
        engine=engine,
        prompt_version=prompt_version,
        notes=notes or [],
        mistakes=analysis.mistakes,
    )
