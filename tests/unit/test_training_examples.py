"""What the embedding adapter is trained on, and the figures that measure it (kb.training)."""

from __future__ import annotations

import math

from interviewer.domain.questions import Difficulty, Mistake, Question, Round
from interviewer.kb.training import (
    MatchExample,
    examples_digest,
    figure_texts,
    held_out,
    match_figures,
    matcher_examples,
)

QUESTION = Question(
    id="mlt-ensemble-1",
    round=Round.ML_THEORY,
    topic="ensembles",
    difficulty=Difficulty.MEDIUM,
    question="Compare bagging and boosting.",
    key_points=[
        "Bagging trains models independently on bootstrap samples and mainly reduces variance.",
        "Boosting trains models in sequence on the previous errors and mainly reduces bias.",
        "Random forests are bagged trees with feature subsampling.",
    ],
    paraphrases={1: ["Each tree sees its own resample, so averaging them cuts variance.", "Parallel, resampled."]},
    mistakes=[
        Mistake(claim="Bagging mainly reduces bias.", correction="Bagging mainly reduces variance.", against=1),
        Mistake(claim="Boosting can be trained in parallel.", correction="Boosting is trained in sequence."),
    ],
)


def test_paraphrases_meet_a_different_other_point_each_and_mistakes_with_a_point_are_kept() -> None:
    examples = matcher_examples([QUESTION])
    points = QUESTION.key_points
    assert examples == [
        MatchExample(
            anchor=QUESTION.paraphrases[1][0], positive=points[0], negative=points[1], question_id=QUESTION.id
        ),
        MatchExample(
            anchor=QUESTION.paraphrases[1][1], positive=points[0], negative=points[2], question_id=QUESTION.id
        ),
        # the point should sit closer to the claim made true than to the claim; the second mistake names no point
        MatchExample(
            anchor=points[0],
            positive="Bagging mainly reduces variance.",
            negative="Bagging mainly reduces bias.",
            question_id=QUESTION.id,
        ),
    ]


def test_no_example_pairs_a_point_with_itself() -> None:
    many = QUESTION.model_copy(update={"paraphrases": {3: ["a", "b", "c", "d", "e"]}})
    assert all(e.negative != e.positive for e in matcher_examples([many]))


def test_the_digest_follows_the_examples_and_their_order() -> None:
    examples = matcher_examples([QUESTION])
    assert examples_digest(examples) == examples_digest(list(examples))
    assert examples_digest(examples) != examples_digest(examples[::-1])
    assert examples_digest(examples) != examples_digest(examples[:-1])


def test_the_held_out_fold_is_fixed_by_the_id() -> None:
    ids = [f"q-{n}" for n in range(500)]
    chosen = [i for i in ids if held_out(i)]
    assert chosen == [i for i in ids if held_out(i)]
    assert 60 < len(chosen) < 140  # about one in five


def _unit(angle: float) -> list[float]:
    return [math.cos(angle), math.sin(angle)]


def test_figures_count_own_point_closest_and_corrections_closer() -> None:
    points = QUESTION.key_points
    vectors = {
        points[0]: _unit(0.0),
        points[1]: _unit(1.0),
        points[2]: _unit(2.0),
        QUESTION.paraphrases[1][0]: _unit(0.1),  # closest to its own point
        QUESTION.paraphrases[1][1]: _unit(0.9),  # closer to point 2
        "Bagging mainly reduces variance.": _unit(0.2),
        "Bagging mainly reduces bias.": _unit(0.5),
    }
    assert set(figure_texts([QUESTION])) == set(vectors)
    figures = match_figures([QUESTION], vectors)
    assert figures.paraphrases == 2
    assert figures.own_point_closest == 0.5
    assert figures.mistakes == 1
    assert figures.correction_closer == 1.0
    margins = sorted([math.cos(0.1) - math.cos(0.9), math.cos(0.9) - math.cos(0.1)])
    assert math.isclose(figures.median_margin, round(sum(margins) / 2, 3))
