"""Round rubrics: which criteria apply, how each is scored from the analysis, and how they weigh overall."""

from __future__ import annotations

from interviewer.domain.feedback import CriterionScore, KeyPointResult, MetricsCheck, Ownership, StarCheck
from interviewer.domain.model import CriterionSpec
from interviewer.domain.questions import STORY_ROUNDS, Round
from interviewer.grading.analysis import Analysis, GradeTarget, ReferenceScoring
from interviewer.grading.aspects import SYSTEM_DESIGN_ASPECTS, Aspect, aspects_for
from interviewer.grading.points import similarity_level

COMMON = [
    CriterionSpec(name="key_point_coverage", description="Covers the key points a strong answer needs."),
    CriterionSpec(name="correctness", description="What is said is accurate and answers the actual question."),
    CriterionSpec(name="structure_clarity", description="Organised, concise, easy to follow, right length."),
]
STORY = [
    CriterionSpec(name="star", description="Situation, task, action and result are all there, in that order."),
    CriterionSpec(name="ownership", description="Says what the candidate personally did ('I'), not only 'we'."),
    CriterionSpec(
        name="quantified_impact", description="Quantifies the result (numbers, %, time, money) vs a baseline."
    ),
]

WEIGHTS: dict[Round, dict[str, float]] = {
    Round.ML_THEORY: {"key_point_coverage": 0.6, "correctness": 0.35, "structure_clarity": 0.15},
    Round.BEHAVIORAL: {
        "key_point_coverage": 0.25,
        "correctness": 0.15,
        "structure_clarity": 0.1,
        "star": 0.25,
        "ownership": 0.1,
        "quantified_impact": 0.25,
    },
    Round.SCREEN: {
        "key_point_coverage": 0.4,
        "correctness": 0.2,
        "structure_clarity": 0.15,
        "star": 0.1,
        "ownership": 0.1,
        "quantified_impact": 0.15,
    },
    Round.SYSTEM_DESIGN: {
        "key_point_coverage": 0.34,
        "correctness": 0.18,
        "structure_clarity": 0.08,
        **{a.name: 0.5 / len(SYSTEM_DESIGN_ASPECTS) for a in SYSTEM_DESIGN_ASPECTS},
    },
    Round.CODING: {
        "key_point_coverage": 0.4,
        "correctness": 0.2,
        "structure_clarity": 0.1,
        "approach": 0.15,
        "complexity": 0.1,
        "edge_cases": 0.08,
        "testing": 0.07,
    },
}
"""Each round's criteria and their relative weights (an overall divides by the sum over the criteria scored).
Correctness (half what was found of the key claims, half how much of what was said is on them, capped by found
errors) carries a tenth more than it first did in every round: with less, a long, fluent answer that names the round's
aspects and tells a tidy story outscored a short right one (ladder `dev`, partial above fluent-wrong 66.7% -> 79.2%)."""
WEIGHTS[Round.SQL] = WEIGHTS[Round.CODING]  # a query's talk-through is judged like a function's


def criteria_for(round_: Round, follow_up: bool = False, question: str | None = None) -> list[CriterionSpec]:
    """The criteria scored in a round (a follow-up answer gets the common ones; a system design question about one
    part of a system, no whole-design aspects: aspects.aspects_for)."""
    if follow_up:
        return list(COMMON)
    story = STORY if round_ in STORY_ROUNDS else []
    aspects = [
        CriterionSpec(name=a.name, description=f"Covers {a.label}.") for a in aspects_for(round_, follow_up, question)
    ]
    return [*COMMON, *story, *aspects]


def _scale(value: float) -> int:
    """Map 0-1 onto 1-5."""
    return max(1, min(5, round(1 + 4 * max(0.0, min(1.0, value)))))


MISTAKE_CORRECTNESS = {1: 0.25, 2: 0.0}
"""The highest correctness level (0-1) an answer keeps with one, or two or more, known mistakes in it."""
MISTAKE_CAP = {1: 2.5, 2: 2.0}
"""The highest overall an answer keeps with one, or two or more, errors (a known mistake, or a key point contradicted):
a wrong central claim is not a good answer however fluent the rest, and stays under 3, the middle of the scale, where
a short answer that is right but incomplete lands (at 3.0 the two tied)."""

CONTRADICTION_COST = 0.3
"""Coverage (0-1) lost for each contradicted key point, as a share of all the question's points."""


def _coverage(analysis: Analysis, scoring: ReferenceScoring) -> float:
    if not analysis.key_points:
        return min(1.0, analysis.relevance / 0.6)
    if analysis.reference_recall is not None:
        # References often list more alternatives than a full-credit answer needs ("name two of..."): the mean of
        # the best-covered points, so missing the rest is not penalised.
        best = sorted((k.coverage for k in analysis.key_points), reverse=True)[: scoring.best_points]
        return sum(best) / len(best)
    points = analysis.key_points
    soft = [0.0 if k.contradicted else similarity_level(k.similarity) for k in points]
    covered = sum(k.covered for k in points) / len(points)
    contradicted = sum(k.contradicted for k in points) / len(points)
    # A denied point earns nothing and costs more than one left out.
    return max(0.0, 0.6 * covered + 0.4 * sum(soft) / len(soft) - CONTRADICTION_COST * contradicted)


def _structure(analysis: Analysis, round_: Round, follow_up: bool = False) -> tuple[float, str]:
    n = analysis.word_count
    sentences = max(1, len(analysis.sentences))
    long_sentences = n / sentences > 40
    if n < 12:
        return 0.1, f"Very short ({n} words): develop the answer."
    if n < 35:
        return 0.4, f"Short ({n} words): add the reasoning behind the claims."
    story = round_ in STORY_ROUNDS and not follow_up
    if story and n < 70:
        return 0.55, f"A {n}-word story is too thin to show situation, actions and result."
    if n > 700:
        return 0.5, f"Long ({n} words): lead with the answer and cut detail."
    if long_sentences:
        return 0.6, "Sentences run long: break them up and signpost the steps."
    return 0.9, f"Clear and well sized ({n} words in {sentences} sentences)."


def error_count(analysis: Analysis) -> int:
    """Wrong claims found: known mistakes, plus key points contradicted by a denial, another number or a swap."""
    quotes = [m.quote for m in analysis.mistakes]
    # A point contradicted by a found mistake quotes it (or the sentence around it): that error is counted once.
    others = [k for k in analysis.key_points if k.contradicted and not any(q in (k.evidence or "") for q in quotes)]
    return len(analysis.mistakes) + len(others)


CORRECTNESS_UNPROVEN = 0.75
"""Correctness offline tops out at 4/5 unless at least half the key claims were found (partly counts half)."""
CORRECTNESS_CONTRADICTED = 0.5
"""...and at 3/5 when a key point is contradicted."""


def found_points(points: list[KeyPointResult]) -> float:
    """Key points found in the answer's words: a covered one counts 1, a partly covered one half."""
    return sum(1.0 if k.verdict == "covered" else 0.5 if k.verdict == "partly" else 0.0 for k in points)


def _found_share(analysis: Analysis) -> float:
    points = analysis.key_points
    return found_points(points) / len(points) if points else 0.0


SUPPORT_LOW, SUPPORT_HIGH = 0.3, 0.55
"""Mean sentence support (cosine to the closest key point or paraphrase) mapped to 0 and 1 (fitted on ladder dev)."""


def _correctness(coverage: float, analysis: Analysis) -> float:
    """Offline correctness: half how much of what is needed was found, half how much of what was said is on point.
    Topical closeness of the whole answer is not used: a fluent wrong answer has plenty of it."""
    if analysis.support is None:
        return 0.5 * coverage + 0.5 * min(1.0, max(0.0, (analysis.relevance - 0.2) / 0.5))
    support = min(1.0, max(0.0, (analysis.support - SUPPORT_LOW) / (SUPPORT_HIGH - SUPPORT_LOW)))
    return 0.5 * coverage + 0.5 * support


def core_levels(target: GradeTarget, analysis: Analysis) -> dict[str, float]:
    """Coverage, correctness and structure on a continuous 0-1 scale (before rounding to 1-5)."""
    coverage = _coverage(analysis, target.scoring)
    if analysis.reference_recall is not None:
        # With a reference answer, using its specific terms is the strongest evidence human graders reward.
        correctness = min(1.0, analysis.reference_recall / target.scoring.recall_full)
    else:
        correctness = _correctness(coverage, analysis)
        if analysis.key_points and _found_share(analysis) < 0.5:
            correctness = min(correctness, CORRECTNESS_UNPROVEN)  # not shown correct: the key claims were not found
        if any(k.contradicted for k in analysis.key_points):
            correctness = min(correctness, CORRECTNESS_CONTRADICTED)
    if analysis.mistakes:
        # A claim that is wrong is worse than one left out: correctness drops to 2, or 1 with two or more.
        correctness = min(correctness, MISTAKE_CORRECTNESS[min(len(analysis.mistakes), 2)])
    return {
        "key_point_coverage": coverage,
        "correctness": correctness,
        "structure_clarity": _structure(analysis, target.round, target.follow_up)[0],
    }


def _weights(target: GradeTarget) -> dict[str, float]:
    """The criteria weights for a target: the reference ones, or the round's (a follow-up's as in ML theory)."""
    if target.reference and target.round == Round.ML_THEORY:
        coverage = target.scoring.coverage_weight
        return {"key_point_coverage": coverage, "correctness": 1 - coverage, "structure_clarity": 0.0}
    return WEIGHTS[Round.ML_THEORY if target.follow_up else target.round]


def continuous_overall(target: GradeTarget, analysis: Analysis, criteria: list[CriterionScore]) -> float:
    """The overall score from unrounded levels, so small differences between answers are not lost."""
    levels = core_levels(target, analysis)
    weights = _weights(target)
    total = sum(weights.get(c.name, 0.0) for c in criteria)
    if not total:
        return 1.0
    value = sum(
        weights.get(c.name, 0.0) * (levels[c.name] if c.name in levels else (c.score - 1) / 4) for c in criteria
    )
    return 1 + 4 * value / total


def criteria_overall(target: GradeTarget, criteria: list[CriterionScore]) -> float:
    """The overall from rounded criterion scores with the round's weights: how a model's judgement is combined
    (its own overall is never taken as given)."""
    weights = _weights(target)
    total = sum(weights.get(c.name, 0.0) for c in criteria)
    if not total:
        return sum(c.score for c in criteria) / len(criteria) if criteria else 1.0
    return 1 + sum(weights.get(c.name, 0.0) * (c.score - 1) for c in criteria) / total


SCENE_ONLY = 2
"""Quantified impact when the answer's numbers only set the scene (a team of six, eight weeks): numbers, but no
result measured. (Scoring it 1, like no number, was tried in session 16: it lowered the bank's own strong answers,
one paraphrase per key point, since a result stated in words is not always told from the setting.)"""


def _story_scores(star: StarCheck, ownership: Ownership, metrics: MetricsCheck) -> list[CriterionScore]:
    """STAR, ownership and quantified impact, for the rounds whose answers are stories."""
    scores: list[CriterionScore] = []
    parts = star.parts()
    present = [name for name, part in parts.items() if part.present]
    missing = [name for name in parts if name not in present]
    scores.append(
        CriterionScore(
            name="star",
            score=1 + len(present),
            reason="All four STAR parts are there."
            if not missing
            else f"Missing: {', '.join(missing)}." + (f" Present: {', '.join(present)}." if present else ""),
        )
    )
    i, we = ownership.i_count, ownership.we_count
    share = i / (i + we) if i + we else 0.0
    own = 5 if share >= 0.6 else 4 if share >= 0.4 else 3 if share >= 0.2 else 2 if i else 1
    scores.append(CriterionScore(name="ownership", score=own, reason=f"'I' {i} times, 'we' {we} times."))
    impact = (
        1
        if not metrics.present
        else SCENE_ONLY
        if not metrics.outcome
        else 5
        if metrics.baseline and len(metrics.evidence) >= 2
        else 4
        if (metrics.baseline or len(metrics.evidence) >= 2)
        else 3
    )
    quoted = ", ".join(metrics.evidence[:3])
    reason = (
        "No number shows the impact."
        if not metrics.present
        else f"Numbers set the scene ({quoted}) but none measures the result: say what changed, and by how much."
        if not metrics.outcome
        else f"Quantified: {quoted}" + (" with a baseline." if metrics.baseline else ".")
    )
    scores.append(CriterionScore(name="quantified_impact", score=impact, reason=reason))
    return scores


def _correctness_reason(analysis: Analysis) -> str:
    """What was measured offline: key claims matched in the answer's words, none contradicted, no known mistake."""
    points = analysis.key_points
    if not points:
        return "Offline: relevance to the question only; no key claims to check."
    verdicts = [k.verdict for k in points]
    found = f"{verdicts.count('covered')} of {len(points)} key claims found"
    partly = f", {verdicts.count('partly')} partly" if "partly" in verdicts else ""
    contradicted = verdicts.count("contradicted")
    against = f"; {contradicted} contradicted" if contradicted else "; none contradicted"
    on_point = f"; {analysis.support:.0%} mean match of its sentences to them" if analysis.support is not None else ""
    return f"Offline: {found}{partly}{against}{on_point}; no known mistake found (matched by wording, not proven)."


def score_criteria(target: GradeTarget, analysis: Analysis) -> list[CriterionScore]:
    """Score every criterion of the round from the deterministic analysis."""
    levels = core_levels(target, analysis)
    coverage = levels["key_point_coverage"]
    covered = sum(k.covered for k in analysis.key_points)
    total = len(analysis.key_points)
    recall = analysis.reference_recall
    if recall is not None:
        best, full = target.scoring.best_points, target.scoring.recall_full
        coverage_reason = f"Covered {covered} of {total} reference points (the best {best} count)."
        correctness_reason = f"Uses {recall:.0%} of the reference answer's key terms ({full:.0%} counts as full)."
    else:
        coverage_reason = (
            f"Covered {covered} of {total} key points." if total else "Judged by relevance to the question."
        )
        correctness_reason = _correctness_reason(analysis)
    if analysis.mistakes:
        first = analysis.mistakes[0]
        more = f" (and {len(analysis.mistakes) - 1} more)" if len(analysis.mistakes) > 1 else ""
        correctness_reason = f'Wrong: "{first.quote}"{more}. {first.correction}'[:400]
    scores = [
        CriterionScore(name="key_point_coverage", score=_scale(coverage), reason=coverage_reason),
        CriterionScore(name="correctness", score=_scale(levels["correctness"]), reason=correctness_reason),
    ]
    structure, why = _structure(analysis, target.round, target.follow_up)
    scores.append(CriterionScore(name="structure_clarity", score=_scale(structure), reason=why))
    if analysis.star is not None and analysis.ownership is not None:
        scores += _story_scores(analysis.star, analysis.ownership, analysis.metrics)
    for aspect in aspects_for(target.round, target.follow_up, target.question):
        scores.append(_aspect_score(aspect, analysis))
    return scores


NAMED_ONLY = 3
"""An aspect named only in its generic words ("a robust data pipeline, a powerful model, with monitoring in place"):
a substance-free design names every stage. An aspect whose key point was found still earns 5, as the point shows
what was said about it (the README gives the figures)."""


ASPECT_CLOSE, ASPECT_FAR = 0.5, 0.42
"""A system design stage named specifically is judged by how close the sentence naming it comes to the question's key
points and their paraphrases (cosine on the plain MiniLM scale): ASPECT_CLOSE or closer earns 5, as a found key point
does; under ASPECT_FAR it earns NAMED_ONLY, as a stage named in generic words does. A fluent wrong design names every
stage with specifics that match nothing the guidance says ("retrain once a year", "shuffled 5-fold cross-validation
across all days"). Set on the dev ladders (dev, dev2, dev3, outside_dev; the README gives the figures). Coding's
talk-through parts are left out: key points rarely speak of edge cases or tests, and there right sentences about them
came no closer than wrong ones."""


def _specific_aspect_score(aspect: Aspect, sentence: str, closeness: float | None) -> CriterionScore:
    """An aspect named with a specific cue or a number; a design stage is scored by `closeness`, its sentence's best
    similarity to the key points (None without key points)."""
    if aspect not in SYSTEM_DESIGN_ASPECTS or closeness is None or ASPECT_FAR <= closeness < ASPECT_CLOSE:
        return CriterionScore(name=aspect.name, score=4, reason=f"Covers {aspect.label}.")
    if closeness >= ASPECT_CLOSE:
        reason = f'Covers {aspect.label}, in words close to the key points: "{sentence}"'
        return CriterionScore(name=aspect.name, score=5, reason=reason[:400])
    reason = f'Names {aspect.label}, but what it says ("{sentence}") is far from every key point: {aspect.advice}'
    return CriterionScore(name=aspect.name, score=NAMED_ONLY, reason=reason[:400])


def _aspect_score(aspect: Aspect, analysis: Analysis) -> CriterionScore:
    """An aspect with a key point about it (one its cues match) found covered earns 5: the part was not only
    mentioned but got right; otherwise named specifically, 4 (for a system design stage, 5 or NAMED_ONLY by how close
    its sentence is to the key points: ASPECT_CLOSE); named only in generic words, NAMED_ONLY. Sentences holding a
    wrong claim show no aspect (aspects.find_aspects)."""
    sentence = analysis.aspects.get(aspect.name)
    if not sentence:
        return CriterionScore(name=aspect.name, score=1, reason=f"No {aspect.label}.")
    confirmed = next((k.point for k in analysis.key_points if k.covered and aspect.shown_in(k.point)), None)
    if confirmed is not None:
        reason = f'Covers {aspect.label}, with its key point "{confirmed}" found.'
        return CriterionScore(name=aspect.name, score=5, reason=reason[:400])
    if aspect.specific_in(sentence):
        return _specific_aspect_score(aspect, sentence, analysis.sentence_support.get(sentence))
    reason = f"Names {aspect.label} but says nothing specific (no named method, number or detail): {aspect.advice}"
    return CriterionScore(name=aspect.name, score=NAMED_ONLY, reason=reason[:400])
