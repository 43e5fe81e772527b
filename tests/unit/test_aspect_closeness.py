"""A system design stage named with specifics is scored by how close its sentence comes to the question's key points:
close earns what a found key point earns, far earns what generic words earn; coding parts are not judged that way.
The answer's support is the mean of the same per-sentence closeness."""

from __future__ import annotations

from interviewer.domain.questions import Round
from interviewer.domain.text import split_sentences
from interviewer.grading.analysis import Analysis, GradeTarget
from interviewer.grading.aspects import CODING_ASPECTS, SYSTEM_DESIGN_ASPECTS, find_aspects
from interviewer.grading.points import sentence_support, support
from interviewer.grading.rubric import ASPECT_CLOSE, ASPECT_FAR, NAMED_ONLY, score_criteria

DESIGN = GradeTarget(
    round=Round.SYSTEM_DESIGN,
    question="Design a demand forecasting system for a grocery chain.",
    key_points=["Backtest with rolling-origin time splits at the real horizon, measuring WAPE against naive"],
)
MONITORING = "I'd retrain the model once a year, since buying habits are stable."


def _score(target: GradeTarget, name: str, sentence: str, closeness: float | None) -> int:
    analysis = Analysis(
        sentences=[sentence],
        word_count=len(sentence.split()),
        aspects={name: sentence},
        sentence_support={} if closeness is None else {sentence: closeness},
    )
    return next(c.score for c in score_criteria(target, analysis) if c.name == name)


def test_a_design_stage_far_from_every_key_point_scores_as_named_only() -> None:
    assert SYSTEM_DESIGN_ASPECTS[5].name == "monitoring" and SYSTEM_DESIGN_ASPECTS[5].specific_in(MONITORING)
    assert _score(DESIGN, "monitoring", MONITORING, ASPECT_FAR - 0.05) == NAMED_ONLY
    assert _score(DESIGN, "monitoring", MONITORING, ASPECT_FAR) == 4
    assert _score(DESIGN, "monitoring", MONITORING, ASPECT_CLOSE) == 5


def test_the_reason_says_what_was_measured() -> None:
    analysis = Analysis(sentences=[MONITORING], aspects={"monitoring": MONITORING}, sentence_support={MONITORING: 0.2})
    reason = next(c.reason for c in score_criteria(DESIGN, analysis) if c.name == "monitoring")
    assert "far from every key point" in reason and MONITORING in reason


def test_without_key_points_a_specific_stage_keeps_four() -> None:
    assert _score(DESIGN, "monitoring", MONITORING, None) == 4


def test_coding_parts_are_not_scored_by_closeness() -> None:
    coding = GradeTarget(round=Round.CODING, question="Given an array nums, return the longest run.")
    edge = "Edge cases: an empty array returns 0 and a single element returns 1."
    assert CODING_ASPECTS[2].name == "edge_cases" and CODING_ASPECTS[2].specific_in(edge)
    assert _score(coding, "edge_cases", edge, 0.1) == 4


def test_the_specific_sentence_closest_to_the_key_points_shows_the_stage() -> None:
    spans = split_sentences("We track PSI per feature weekly. Then we alert when WAPE drifts past 5% on the backtest.")
    closeness = {spans[0].text: 0.3, spans[1].text: 0.6}
    found = find_aspects([SYSTEM_DESIGN_ASPECTS[5]], spans, on_point=closeness)
    assert found["monitoring"] == spans[1].text
    assert find_aspects([SYSTEM_DESIGN_ASPECTS[5]], spans)["monitoring"] == spans[0].text


def test_support_is_the_mean_closeness_of_sentences_of_four_words_or_more() -> None:
    spans = split_sentences("Yes. The first real sentence here. The second real sentence here.")
    vectors = [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    closeness = sentence_support(spans, vectors, [[1.0, 0.0]])
    assert closeness == {spans[0].text: 1.0, spans[1].text: 1.0, spans[2].text: 0.0}
    assert support(spans, closeness) == 0.5
    assert support(spans, {}) is None
