"""The answers from the grading issue, graded with real embeddings against the bank: each wrong claim gets a
contradicted verdict that quotes the answer and carries the right correction, and the grade follows."""

from __future__ import annotations

import pytest

from interviewer.domain.feedback import Feedback
from interviewer.grading.grader import Grader
from interviewer.grading.targets import target_for
from interviewer.kb.catalog import load_bank
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_grader
from interviewer.settings import Settings

GINI = (
    "For the parent with 10 positives and 10 negatives the Gini is 1 - (0.5 + 0.5) = 0. For each child the Gini is "
    "0.8 times 0.2, which is 0.16. So the split barely changes the impurity. A unique customer-ID feature is great "
    "because it generalises very well: every customer gets their own leaf, so the tree learns each customer exactly."
)
BAGGING = (
    "Bagging mainly reduces bias: it trains many models on bootstrap samples and averages them, so the ensemble is "
    "more flexible than any one model. Boosting trains models one after another and mainly reduces variance. Double "
    "descent means test error goes down, then up, then down again as capacity grows past the point where training "
    "error hits zero."
)
RESIDUAL = (
    "I would first log per-layer gradient norms to confirm the early layers get almost no signal. I would not add "
    "residual connections, since they only matter for transformers. Instead I would raise the learning rate a lot and "
    "add batch normalization with a warmup."
)
L1_L2 = (
    "L1 adds lambda times the sum of squared weights to the loss, while L2 adds the sum of absolute weights. L2 drives "
    "many weights exactly to zero, so it acts as feature selection. L1 shrinks the weights smoothly without zeroing "
    "them. As MAP estimation, L1 corresponds to a Gaussian prior and L2 to a Laplace prior."
)
RIGHT_L1_L2 = (
    "L1 adds lambda times the sum of absolute weights to the loss; L2 adds lambda times the sum of squared weights. "
    "L1 drives many weights exactly to zero, so it does feature selection, while L2 shrinks weights smoothly toward "
    "zero without zeroing them. Geometrically the L1 ball is a diamond whose corners sit on the axes, which is where "
    "the loss contours tend to touch it. As MAP estimation, L2 is a Gaussian prior and L1 a Laplace prior."
)


@pytest.fixture(scope="module")
def grader(builtin_store_dir: object, kb: KnowledgeBase) -> Grader:
    return build_grader(Settings(data_dir=builtin_store_dir), None, kb)  # type: ignore[arg-type]


def _grade(grader: Grader, question_id: str, answer: str) -> Feedback:
    question = load_bank().get(question_id)
    assert question is not None
    return grader.grade(target_for(question), answer)


def _verdict(feedback: Feedback, starts: str) -> tuple[str, str | None, str | None]:
    point = next(k for k in feedback.key_points if k.point.startswith(starts))
    return point.verdict, point.evidence, point.why


def test_a_wrong_number_contradicts_the_point_it_would_have_credited(grader: Grader) -> None:
    feedback = _grade(grader, "mlt-tree-splits-2", GINI)
    verdict, evidence, why = _verdict(feedback, "Parent Gini")
    assert verdict == "contradicted" and evidence and "= 0." in evidence and why and "0.5" in why
    assert _verdict(feedback, "Each child")[0] == "contradicted"
    assert feedback.criterion("correctness").score <= 3  # type: ignore[union-attr]
    assert feedback.overall <= 2.5


def test_bagging_said_to_reduce_bias_is_quoted_with_the_correction(grader: Grader) -> None:
    feedback = _grade(grader, "mlt-bias-variance-3", BAGGING)
    verdict, evidence, why = _verdict(feedback, "Bagging averages")
    assert verdict == "contradicted" and evidence and "Bagging mainly reduces bias" in evidence
    assert why and "bagging" in why.lower() and "variance" in why.lower()
    assert any("reduces variance" in m.correction for m in feedback.mistakes)
    assert any(line.startswith('You said "Bagging mainly reduces bias') for line in feedback.improvements)
    assert feedback.overall <= 2.5


def test_would_not_add_residual_connections_denies_the_point(grader: Grader) -> None:
    feedback = _grade(grader, "mlt-vanishing-gradients-2", RESIDUAL)
    verdict, evidence, _ = _verdict(feedback, "Add residual connections")
    assert verdict == "contradicted" and evidence and "would not add residual connections" in evidence
    assert _verdict(feedback, "Logging per-layer")[0] == "covered"  # the right part still counts
    assert feedback.overall <= 3.0


def test_swapped_l1_and_l2_is_named_and_the_right_answer_is_not(grader: Grader) -> None:
    wrong = _grade(grader, "mlt-l1-l2-1", L1_L2)
    verdicts = {k.point[:20]: k.verdict for k in wrong.key_points}
    assert list(verdicts.values()).count("contradicted") >= 3
    assert _verdict(wrong, "As MAP estimation")[0] == "contradicted"
    assert any("L1" in m.correction and "sparse" in m.correction.lower() for m in wrong.mistakes)
    assert wrong.criterion("correctness").score == 1  # type: ignore[union-attr]
    right = _grade(grader, "mlt-l1-l2-1", RIGHT_L1_L2)
    assert not right.mistakes and not any(k.contradicted for k in right.key_points)
    assert right.overall >= wrong.overall + 1.5


def test_a_step_dismissed_as_unnecessary_is_contradicted_not_credited(grader: Grader) -> None:
    steps = (
        "I would train the new ranker and check offline metrics against the current model. {canary} I would split "
        "users randomly and run the A/B test for two weeks on revenue per session."
    )
    dismissed = steps.format(canary="A canary to a small share of traffic is unnecessary for a ranking change.")
    kept = steps.format(canary="Then I would canary it to a small share of traffic to catch crashes and latency.")
    verdict, evidence, why = _verdict(_grade(grader, "sd-model-ab-testing-1", dismissed), "Canary")
    assert verdict == "contradicted" and evidence and "unnecessary" in evidence and why == "The answer denies it."
    assert _verdict(_grade(grader, "sd-model-ab-testing-1", kept), "Canary")[0] == "covered"


def test_no_problem_accuses_its_own_key_points(grader: Grader) -> None:
    # Every coding and SQL problem's known mistakes against the talk-through that says exactly its key points: a
    # claim written too close to a point, or a correction that is itself wrong, shows up here as a false accusation.
    # (The bank's 159 questions with mistakes passed the same check when the problems' were written; graded here
    # too they would add half a minute to the suite.)
    asked = [q for q in load_bank().problems if q.mistakes]
    assert len(asked) >= 80
    accused = []
    for question in asked:
        answer = " ".join(p.rstrip(". ") + "." for p in question.key_points)
        feedback = grader.grade(target_for(question), answer)
        wrong = [m.claim for m in feedback.mistakes] + [k.point for k in feedback.key_points if k.contradicted]
        if wrong:
            accused.append((question.id, wrong))
    assert not accused
