"""The grader: deterministic analysis, a model's judgement, and the bounds that keep the grade honest."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from interviewer.domain.confusions import Confusion
from interviewer.domain.feedback import (
    FLAG_REASONS,
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
from interviewer.domain.model import InterviewModel, JudgeRequest, ModelError, ModelJudgement, ModelUnavailable
from interviewer.domain.questions import STORY_ROUNDS
from interviewer.grading.analysis import Analysis, Embed, GradeTarget, analyze
from interviewer.grading.aspects import aspects_for
from interviewer.grading.mistakes import negates
from interviewer.grading.rubric import MISTAKE_CAP, continuous_overall, criteria_for, error_count, score_criteria
from interviewer.grading.text import find_span

Retrieve = Callable[[GradeTarget, str], list[Citation]]
Related = Callable[[str], list[tuple[str, float]]]
"""Bank questions closest to a text, as (topic, similarity), best first."""


def answers_something_else(target: GradeTarget, analysis: Analysis, related: list[tuple[str, float]]) -> bool:
    """An answer that covers nothing asked and is either unrelated to interviews or fits another question better."""
    if target.topic is None or any(k.covered for k in analysis.key_points) or not related:
        return False
    topic, score = related[0]
    unrelated = score < 0.35 and analysis.relevance < 0.30
    elsewhere = topic != target.topic and score >= 0.5 and score >= analysis.relevance + 0.2
    return unrelated or elsewhere


_STAR_ADVICE = {
    "situation": "Open with one or two sentences of context: team, project, what was at stake.",
    "task": "Say what you were responsible for and what made it hard.",
    "action": "Spend most of the answer on the concrete steps you took, in first person.",
    "result": "Close with the outcome and a number, then one lesson.",
}
_HARD_FLOORS = frozenset({"empty", "gibberish", "dont_know"})


def _strengths(target: GradeTarget, analysis: Analysis, criteria: list[CriterionScore]) -> list[str]:
    out = [f'Covered "{k.point}" ("{k.evidence}").' for k in analysis.key_points if k.covered and k.evidence][:2]
    by_name = {c.name: c for c in criteria}
    if "star" in by_name and by_name["star"].score == 5:
        out.append("A complete STAR story: situation, task, action and result.")
    if analysis.metrics.present and target.round in STORY_ROUNDS:
        out.append(f"Quantified impact: {', '.join(analysis.metrics.evidence[:2])}.")
    if by_name.get("structure_clarity") and by_name["structure_clarity"].score >= 4:
        out.append("Clear, well-sized answer.")
    return out[:4]


def _improvements(target: GradeTarget, analysis: Analysis, criteria: list[CriterionScore]) -> list[str]:
    out = [f'You said "{m.quote}"; {m.correction}' for m in analysis.mistakes]
    quoted = {m.quote for m in analysis.mistakes}
    out += [
        f'"{k.evidence}" does not support "{k.point}": {k.why}'
        for k in analysis.key_points
        if k.contradicted and k.evidence not in quoted and k.why and not k.why.startswith("You said")
    ]
    out += [FLAG_REASONS[f] for f in analysis.flags if f in FLAG_REASONS and f != "too_long"]
    out += [f"Cover: {k.point}" for k in analysis.key_points if not k.covered][:3]
    if analysis.star is not None:
        out += [_STAR_ADVICE[name] for name, part in analysis.star.parts().items() if not part.present]
        if not analysis.metrics.present:
            out.append("End with a number: %, time or money saved, before -> after against a baseline.")
        own = next((c for c in criteria if c.name == "ownership"), None)
        if own and own.score <= 2:
            out.append("Say 'I' for what you did; 'we' hides your contribution.")
    out += [a.advice for a in aspects_for(target.round, target.follow_up) if not analysis.aspects.get(a.name)]
    structure = next((c for c in criteria if c.name == "structure_clarity"), None)
    if structure and structure.score <= 3:
        out.append(structure.reason)
    return out[:6]


def _outline(target: GradeTarget) -> str:
    points = "\n".join(f"- {p}" for p in target.key_points[:6])
    if target.round in STORY_ROUNDS:
        return (
            "Situation (1-2 sentences) -> Task (your responsibility) -> Action (most of the time, in first person) "
            f"-> Result (a number against a baseline, then a lesson). Make sure it shows:\n{points}"
        )
    return f"A strong answer covers:\n{points}" if points else "Answer the question directly, then justify it."


def offline_judgement(target: GradeTarget, analysis: Analysis) -> ModelJudgement:
    """Score the answer from the deterministic analysis alone."""
    criteria = score_criteria(target, analysis)
    return ModelJudgement(
        overall=round(continuous_overall(target, analysis, criteria, target.follow_up), 2),
        criteria=criteria,
        strengths=_strengths(target, analysis, criteria),
        improvements=_improvements(target, analysis, criteria),
        outline=_outline(target),
    )


def _bounded_star(answer: str, analysis: Analysis, judgement: ModelJudgement) -> StarCheck | None:
    """STAR parts with evidence that really occurs in the answer (and not inside removed injections)."""
    if analysis.star is None:
        return None
    parts: dict[str, StarPart] = {}
    for name, part in analysis.star.parts().items():
        quote = (judgement.star or {}).get(name)
        span = find_span(answer, quote) if quote else None
        if span and not any(span in injection for injection in analysis.injections):
            parts[name] = StarPart(present=True, evidence=span)
        else:
            parts[name] = part
    return StarCheck(**parts)


def _bounded_metrics(answer: str, analysis: Analysis, judgement: ModelJudgement) -> MetricsCheck:
    evidence = list(analysis.metrics.evidence)
    for quote in judgement.metric_quotes:
        span = find_span(answer, quote)
        injected = span is not None and any(span in injection for injection in analysis.injections)
        if span and any(ch.isdigit() for ch in span) and span not in evidence and not injected:
            evidence.append(span)
    return MetricsCheck(present=bool(evidence), evidence=evidence[:8], baseline=analysis.metrics.baseline)


def _bounded_key_points(answer: str, analysis: Analysis, judgement: ModelJudgement) -> list[KeyPointResult]:
    results = list(analysis.key_points)
    for verdict in judgement.key_points:
        if verdict.index >= len(results) or not verdict.quote:
            continue
        span = find_span(answer, verdict.quote)
        if span and not any(span in injection for injection in analysis.injections):
            current = results[verdict.index]
            denied = verdict.covered and negates(current.point, span)  # a quote that denies the point credits nothing
            update = {"covered": verdict.covered and not denied, "contradicted": denied, "evidence": span}
            results[verdict.index] = current.model_copy(update=update)
    return results


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
    """Combine a judgement with the deterministic checks; no model can lift a floor or invent evidence."""
    offline = score_criteria(target, analysis)
    given = {c.name: c for c in judgement.criteria}
    star = _bounded_star(answer, analysis, judgement)
    metrics = _bounded_metrics(answer, analysis, judgement)
    criteria = []
    for criterion in offline:
        chosen = given.get(criterion.name, criterion)
        # Evidence-bound criteria: no credit beyond what quotes found in the answer support.
        if criterion.name == "star" and star is not None:
            present = sum(p.present for p in star.parts().values())
            chosen = (
                chosen
                if chosen.score <= 1 + present
                else CriterionScore(
                    name="star", score=1 + present, reason=f"{present} of 4 STAR parts found in the answer."
                )
            )
        if criterion.name == "correctness" and analysis.mistakes and chosen.score > criterion.score:
            chosen = criterion  # a known mistake in the answer: the model cannot call it correct
        if criterion.name == "quantified_impact" and not metrics.present:
            chosen = CriterionScore(name=criterion.name, score=1, reason="No number in the answer shows the impact.")
        criteria.append(chosen)
    overall = judgement.overall
    flags = list(analysis.flags)
    if set(flags) & FLOOR_FLAGS:
        overall = min(overall, 1.0 if set(flags) & _HARD_FLOORS else FLOOR_CAP)
    errors = error_count(analysis)
    if errors:
        overall = min(overall, MISTAKE_CAP[min(errors, 2)])
    if not analysis.sentences:
        overall = 1.0  # nothing but text addressed to the grader
    return Feedback(
        question_id=target.question_id,
        round=target.round.value,
        overall=round(max(1.0, min(5.0, overall)), 1),
        criteria=criteria,
        key_points=_bounded_key_points(answer, analysis, judgement),
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


class Grader:
    """Grades answers: analysis, citations, the model's judgement (offline fallback), then the bounds."""

    def __init__(
        self,
        embed: Embed,
        vocabulary: frozenset[str],
        model: InterviewModel | None,
        retrieve: Retrieve,
        related: Related | None = None,
        confusions: Sequence[Confusion] = (),
    ) -> None:
        self.confusions = list(confusions)
        """Known confusions to find in answers (knowledge/confusions.yaml)."""
        self.embed = embed
        self.vocabulary = vocabulary
        self.model = model
        self.retrieve = retrieve
        self.related = related

    @property
    def engine(self) -> str:
        """offline, or the model's name."""
        return self.model.name if self.model else "offline"

    def prepare(self, target: GradeTarget) -> None:
        """Embed the question and key points ahead of time (while the candidate thinks), so grading is faster."""
        self.embed([target.question, *target.key_points])

    def grade(self, target: GradeTarget, answer: str) -> Feedback:
        """One Feedback for one answer; model failures fall back to the offline grade with a visible note."""
        analysis = analyze(target, answer, self.embed, self.vocabulary, self.confusions)
        floors = set(analysis.flags) & FLOOR_FLAGS
        related = self.related
        if (
            related
            and analysis.sentences
            and not floors
            and answers_something_else(target, analysis, related(analysis.graded_text))
        ):
            analysis.flags.append("off_topic")
        citations = self.retrieve(target, analysis.graded_text) if analysis.sentences else self.retrieve(target, "")
        offline = offline_judgement(target, analysis)
        if self.model is None or not analysis.sentences or set(analysis.flags) & _HARD_FLOORS:
            return build_feedback(target, answer, analysis, offline, citations=citations, engine="offline")
        request = JudgeRequest(
            round=target.round,
            question=target.question,
            answer=analysis.graded_text,
            key_points=target.key_points,
            criteria=criteria_for(target.round, target.follow_up),
            reference=target.reference,
            guidance=citations,
        )
        try:
            judgement = self.model.judge(request)
        except ModelError as exc:
            note = f"The LLM could not grade this answer ({exc}); this is the offline grade."
            if isinstance(exc, ModelUnavailable):
                # An unreachable endpoint would cost a timeout on every answer: stay offline from now on.
                self.model = None
                note += " Grading continues offline for the rest of the session."
            return build_feedback(
                target, answer, analysis, offline, citations=citations, engine="offline", notes=[note]
            )
        return build_feedback(
            target,
            answer,
            analysis,
            judgement,
            citations=citations,
            engine=self.model.name,
            prompt_version=self.model.prompt_version,
        )
