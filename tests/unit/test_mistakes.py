"""Known confusions found in answers: role swaps, denials, clauses about the other concept, quotes."""

from __future__ import annotations

from interviewer.domain.confusions import Confusion
from interviewer.domain.text import split_sentences
from interviewer.grading.mistakes import find_mistakes
from interviewer.kb.catalog import parse_confusions

YAML = """
confusions:
  - id: bagging-vs-boosting
    area: ml
    concepts: [bagging, boosting]
    tells_apart: Bagging averages independent models; boosting fits models in sequence.
    correction: Bagging mainly reduces variance; boosting mainly reduces bias.
    claims:
      - concept: bagging
        aliases: [random forest]
        right: [reduces variance]
        wrong: [reduces bias]
      - concept: boosting
        right: [reduces bias]
        wrong: [reduces variance]
  - id: l1-vs-l2
    area: ml
    concepts: [L1, L2]
    tells_apart: L1 adds the absolute weights and can zero them; L2 adds their squares and shrinks them.
    correction: L1 (lasso) gives sparse weights; L2 (ridge) shrinks weights without zeroing them.
    claims:
      - concept: L1
        aliases: [lasso]
        right: [sparse]
        wrong: [squared weights, never zero]
      - concept: L2
        aliases: [ridge]
        right: [squared weights]
        wrong: [sparse, zero out]
"""


def _confusions() -> list[Confusion]:
    found, errors = parse_confusions("test.yaml", YAML)
    assert errors == []
    return found


def _mistakes(answer: str) -> list[tuple[str, str]]:
    return [(m.concept, m.quote) for m in find_mistakes(split_sentences(answer), _confusions())]


def test_a_swapped_role_is_found_and_quoted() -> None:
    answer = "Ensembles help. Bagging mainly reduces bias, so it fixes underfitting."
    assert _mistakes(answer) == [("bagging", "Bagging mainly reduces bias")]
    assert _mistakes("Ridge regression zeroes out weights.") == [("L2", "Ridge regression zeroes")]
    assert _mistakes("With L2 you get sparse models.") == [("L2", "L2 you get sparse")]


def test_the_right_statement_about_each_concept_is_not_a_mistake() -> None:
    assert _mistakes("Bagging reduces variance, while boosting reduces bias.") == []
    assert _mistakes("Boosting reduces bias; a random forest reduces variance.") == []
    assert _mistakes("L1 gives sparse weights and L2 penalises squared weights.") == []


def test_the_concept_compared_against_is_not_the_one_described() -> None:
    assert _mistakes("Bagging, compared with boosting, reduces variance.") == []
    assert _mistakes("A random forest, unlike boosting, mainly reduces variance.") == []
    assert _mistakes("L1, as opposed to L2, gives sparse weights.") == []
    assert _mistakes("Bagging and boosting both reduce variance compared with one deep tree.") == []
    # Named after "than", the first concept still owns what follows it and a wrong claim is still found.
    assert _mistakes("More often than boosting, bagging reduces bias.") == [("bagging", "bagging reduces bias")]


def test_a_denial_is_not_a_claim() -> None:
    assert _mistakes("Bagging does not reduce bias much.") == []
    assert _mistakes("Bagging reduces variance rather than bias.") == []
    assert _mistakes("L2 never gives sparse weights.") == []


def test_each_mistake_is_reported_once_with_its_correction() -> None:
    answer = "Bagging reduces bias. Really, bagging reduces bias. Boosting reduces variance."
    found = find_mistakes(split_sentences(answer), _confusions())
    assert [(m.concept, m.claim) for m in found] == [("bagging", "reduces bias"), ("boosting", "reduces variance")]
    assert all(m.quote in answer and m.correction.startswith("Bagging mainly") for m in found)


def test_a_malformed_confusion_is_reported_by_id_and_the_rest_load() -> None:
    bad = YAML.replace("      - concept: boosting\n", "      - concept: boostin\n")
    found, errors = parse_confusions("test.yaml", bad)
    assert [c.id for c in found] == ["l1-vs-l2"]
    assert len(errors) == 1 and "bagging-vs-boosting" in errors[0].problem


def test_a_known_mistake_costs_correctness_and_caps_the_grade_even_for_a_glowing_model() -> None:
    from interviewer.adapters.embedder import default_model_path, load_vocabulary
    from interviewer.domain.feedback import CriterionScore
    from interviewer.domain.model import JudgeRequest, ModelJudgement
    from interviewer.domain.questions import Round
    from interviewer.grading.analysis import GradeTarget
    from interviewer.grading.grader import Grader
    from interviewer.testing.fakes import FunctionModel
    from tests.conftest import HashingEmbedder

    target = GradeTarget(
        round=Round.ML_THEORY,
        question="Compare bagging and boosting.",
        key_points=["Bagging trains models in parallel on bootstrap samples and mainly reduces variance."],
    )
    answer = (
        "Bagging trains many trees in parallel on bootstrap samples and averages them, and it mainly reduces bias. "
        "Boosting trains trees in sequence on the errors of the previous ones."
    )

    def glowing(request: JudgeRequest) -> ModelJudgement:
        return ModelJudgement(
            overall=5.0, criteria=[CriterionScore(name=c.name, score=5, reason="great") for c in request.criteria]
        )

    vocabulary = load_vocabulary(default_model_path())
    for model in (None, FunctionModel(judge=glowing)):
        grader = Grader(HashingEmbedder().embed, vocabulary, model, lambda t, a: [], confusions=_confusions())
        feedback = grader.grade(target, answer)
        assert [m.quote for m in feedback.mistakes] == [answer.split(". ")[0]]
        assert feedback.overall <= 2.5  # one known mistake: below the middle of the scale, whatever a model says
        correctness = feedback.criterion("correctness")
        assert correctness is not None and correctness.score <= 2 and "Wrong" in correctness.reason
    assert feedback.engine == "function-model"


def test_a_sentence_that_denies_a_key_point_never_credits_it() -> None:
    from interviewer.grading.mistakes import negates

    point = "Add residual connections so gradients reach the early layers."
    assert negates(point, "I would not add residual connections; I would lower the learning rate.")
    assert not negates(point, "I would add residual connections around each block.")
    # A negation elsewhere in the sentence, or one that both sides share, is not a denial.
    assert not negates("Dropout is switched off at inference.", "Dropout is not used at inference time.")
    assert not negates("Never tune hyperparameters on the test set.", "You should never tune on the test set.")
    # Only a denial in the answer counts: a point's own contrast ("not batch statistics") is not denied by
    # an answer that says it in other words.
    point = "At inference the layer uses running averages from training, not batch statistics."
    assert not negates(point, "At inference it uses running averages instead of batch statistics.")
    assert not negates("Bagging mainly reduces variance.", "Bagging does not reduce bias much; it reduces variance.")


def test_one_shared_word_under_a_negation_is_not_a_denial_of_a_long_point() -> None:
    from interviewer.grading.mistakes import negates

    # "fix" is all the two share ("instead" is the negation, not what they are about): another sense, not a denial.
    point = "Describes assessing the mentee's needs and goals instead of using one fixed approach."
    assert not negates(point, "Instead of fixing the bug for him, I asked him to read me the stack trace.")
    assert negates(point, "I would not assess needs and goals; the same plan suits everyone.")
    # A short point is half one word: denying that word denies the point.
    assert negates("Uses dropout.", "No dropout here.")


def test_a_point_that_draws_a_contrast_or_names_a_shortfall_is_agreed_with_not_denied() -> None:
    from interviewer.grading.mistakes import negates

    point = "Explains how an applied scientist role differs from a research scientist role in daily work."
    assert not negates(point, "An applied scientist role ships models to users rather than publishing papers.")
    point = "Admits the root cause, such as underestimating integration testing or rollout effort."
    assert not negates(point, "I planned the model work and not the integration testing, which took three weeks.")
    # Elsewhere "rather than" and "instead of" still deny: "bagging ... rather than variance" is the confusion.
    assert negates("Bagging mainly reduces variance.", "Bagging reduces bias rather than variance.")


def test_a_clause_that_dismisses_a_key_point_denies_it() -> None:
    from interviewer.grading.dismissal import dismissed_ranges
    from interviewer.grading.mistakes import negates

    point = "Use a feature store so training and serving compute features the same way."
    assert negates(point, "A feature store is overkill for a team this size.")
    assert negates(point, "There's no need for a feature store; the batch job is enough.")
    assert negates(point, "I’d avoid a feature store here.")
    assert not negates(point, "A feature store keeps training and serving features the same.")
    # What one clause dismisses, the next may recommend: only the dismissing clause's words are denied.
    text = "Hand-written pipelines are outdated, but a feature store keeps serving consistent."
    assert [text[a:b].strip() for a, b in dismissed_ranges(text)] == ["Hand-written pipelines are"]
    assert not negates(point, text)
    # Words that are dismissed in one clause and affirmed in another are not denied.
    assert not negates(point, "Some call a feature store overkill; I use a feature store for every model.")
    # A decimal point does not end the clause.
    text = "A 0.5 threshold is pointless."
    assert [text[a:b] for a, b in dismissed_ranges(text)] == ["A 0.5 threshold is "]
    # Ranges index the text as written, also where lower-casing would change its length ("İ").
    text = "The İstanbul replica is Overkill."
    assert [text[a:b] for a, b in dismissed_ranges(text)] == ["The İstanbul replica is "]
    # An adjective dismisses as a predicate ("X is unnecessary"), not as an attribute ("avoid unnecessary traffic").
    assert dismissed_ranges("The table lets the bridge avoid unnecessary traffic on other ports.") == ()
    assert not negates("The bridge table avoids flooding every port.", "The table helps avoid unnecessary flooding.")
    # A dismissal reaches a noun phrase, not the rest of a run-on clause.
    text = "There is no need to flood the frame the bridge forwards it on the learned port"
    assert [text[a:b].strip() for a, b in dismissed_ranges(text)] == ["flood the frame the bridge"]


def test_the_next_step_of_a_sequence_and_what_a_concept_is_set_against_are_not_said_of_it() -> None:
    # After "X, then Y" the words belong to the next step; after "than" or "instead of", to what is compared against.
    assert _mistakes("Boosting comes first, then a check that the ensemble reduces bias.") == []
    assert _mistakes("Bagging does better than reducing bias with one deep tree.") == []
    assert _mistakes("Bagging works well instead of trying to reduce bias directly.") == []
    # The same words said of the concept itself are still the confusion.
    assert _mistakes("Bagging, in my experience, reduces bias.") == [
        ("bagging", "Bagging, in my experience, reduces bias")
    ]
    # "and then" goes on about the same subject.
    assert _mistakes("Bagging trains on bootstraps and then reduces bias.") == [
        ("bagging", "Bagging trains on bootstraps and then reduces bias")
    ]
    # ...but after a comma, ", and then" opens the next step as ", then" does.
    assert _mistakes("Bagging came first, and then a check that the ensemble reduces bias.") == []


def test_not_just_or_not_only_grants_what_follows_and_a_negative_point_agrees_in_other_negative_words() -> None:
    from interviewer.grading.mistakes import negates

    point = "Look for regressions by slice, format compliance, latency and cost, not just the average"
    assert not negates(point, "I'd look at slices, not just averages, because long inputs break first.")
    assert not negates("Reports the average accuracy.", "Not only the average accuracy but its spread matters.")
    assert negates("Reports the average accuracy.", "I would not report average accuracy here.")
    point = "L2 shrinks all coefficients smoothly toward zero without eliminating any."
    assert not negates(point, "L2 pulls hard on large coefficients, so they get small but almost never exactly zero.")
    # Two of its words denied still deny such a point.
    assert negates(point, "L2 never shrinks coefficients and does not pull them toward zero.")
