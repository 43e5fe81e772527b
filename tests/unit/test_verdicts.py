"""Key-point verdicts: wrong results, swapped roles, known wrong claims (by words and by word order), follow-up
scoping, and the knowledge that backs them."""

from __future__ import annotations

import math

import pytest

from interviewer.adapters.embedder import default_model_path, load_vocabulary
from interviewer.domain.feedback import KeyPointResult
from interviewer.domain.questions import Mistake, Question, Round
from interviewer.domain.text import split_sentences
from interviewer.grading.analysis import Analysis, GradeTarget
from interviewer.grading.grader import Grader
from interviewer.grading.numbers import number_conflict
from interviewer.grading.targets import target_for
from interviewer.grading.verdicts import (
    complexity_agreement,
    complexity_conflict,
    find_known_claims,
    opposite_swap,
    role_swap,
)
from interviewer.kb.catalog import load_bank, load_confusions
from tests.conftest import HashingEmbedder

VOCAB = load_vocabulary(default_model_path())


def _cos(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


@pytest.mark.parametrize(
    ("point", "sentence", "conflict"),
    [
        ("Parent Gini is 1 - (0.5^2 + 0.5^2) = 0.5", "The parent Gini is 1 - (0.5 + 0.5) = 0.", True),
        ("Parent Gini is 1 - (0.5^2 + 0.5^2) = 0.5", "For the parent node the Gini is 0.5.", False),
        ("The Gini gain of this split is 0.5 - 0.32 = 0.18", "So the gain is 0.18, a clear improvement.", False),
        ("The Gini gain of this split is 0.5 - 0.32 = 0.18", "The gain is 0.5 - 0.16 = 0.34 here.", True),
        (
            "Each child has Gini 1 - (0.8^2 + 0.2^2) = 0.32",
            "Each child has a Gini of 0.8 times 0.2, which is 0.16.",
            True,
        ),
        ("The rate is about 5%", "The rate is 0.05, small.", False),  # a percentage and its fraction agree
        ("Sample size n is roughly 16 sigma^2 / delta^2", "With delta = 0.01 I need about 40,000 users.", False),
        ("Use k-fold cross-validation", "Set k = 5 folds.", False),  # no result in the point
    ],
)
def test_a_different_result_contradicts_and_a_formula_coefficient_does_not(
    point: str, sentence: str, conflict: bool
) -> None:
    assert (number_conflict(point, sentence) is not None) is conflict


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("So it runs in O(n log n) time and O(1) space.", "claims O(1) space where O(n) space is needed"),
        ("The time complexity is O(n) overall.", "claims O(n) time where O(n log n) time is needed"),
        ("It takes O(n log n) time and O(n) extra memory.", None),  # the needed bounds
        ("It is O(n^2) time in the worst case.", None),  # looser than needed: not tight, not wrong
        ("Each hash lookup is O(1), so the loop is fast.", None),  # no resource named: not read
        ("It needs O(m * n) time.", None),  # another input size: not ranked
    ],
)
def test_a_cheaper_complexity_than_the_point_needs_contradicts_it(sentence: str, reason: str | None) -> None:
    point = "Sorts first, so it runs in O(n log n) time and O(n) space for the output."
    assert complexity_conflict(point, sentence) == reason


@pytest.mark.parametrize(
    ("point", "sentence", "share"),
    [
        (
            "Runs in O(len(s) + len(t)) time and O(k) extra space.",
            "Both pointers only move forward: O(|t| + |s|).",
            0.5,
        ),
        ("Runs in O(m * n) time and O(m * n) space.", "It is O(mn) time and O(m·n) memory for the queue.", 1.0),
        ("Runs in O(n) time and O(1) extra space.", "It runs in linear time with constant extra space.", 1.0),
        ("Runs in O(n) time and O(min(n, k)) space.", "That's O(n) time and O(min(n, k)) space.", 1.0),
        ("Runs in O(n) time and O(1) extra space.", "It is O(n log n) because of the sort.", 0.0),
        ("Uses a hash map keyed by prefix sum.", "It runs in O(n) time.", 0.0),  # the point states no bound
    ],
)
def test_a_bound_counts_in_any_notation(point: str, sentence: str, share: float) -> None:
    assert complexity_agreement(point, sentence) == share


def test_constant_space_in_words_is_read_as_a_bound() -> None:
    point = "Runs in O(n) time and O(n) space for the prefix-sum counts."
    assert complexity_conflict(point, "It needs only constant space.") == (
        "claims constant space where O(n) space is needed"
    )


def test_a_complexity_said_in_other_notation_makes_its_point_partly_or_fully_there() -> None:
    target = GradeTarget(
        round=Round.CODING,
        question="Return the shortest window of s containing every character of t.",
        key_points=["Runs in O(len(s) + len(t)) time and O(len(t)) extra space.", "Shrinks the window from the left."],
    )
    grader = Grader(HashingEmbedder().embed, VOCAB, None, lambda target, answer: [])
    half = grader.grade(target, "I slide a window over s and both ends only move forward, so it is O(|s| + |t|).")
    assert half.key_points[0].verdict == "partly" and "O(|s| + |t|)" in (half.key_points[0].evidence or "")
    whole = grader.grade(target, "I slide a window over s. Time is O(|s| + |t|) and space is O(|t|) for the counts.")
    assert whole.key_points[0].covered


def test_a_role_swap_needs_the_other_concept_and_the_points_own_words() -> None:
    confusions, _ = load_confusions()
    point = "Bagging averages many deep trees, which mainly reduces variance"
    swapped = role_swap(point, "Boosting averages many deep trees and mainly reduces variance.", tuple(confusions))
    assert swapped and "boosting" in swapped and "bagging" in swapped
    # Another concept named, but not the point's property: not a swap, just a sentence about boosting.
    assert role_swap(point, "Boosting fits weak learners in sequence.", tuple(confusions)) is None
    assert role_swap(point, "Bagging averages deep trees to reduce variance.", tuple(confusions)) is None


MISTAKES = [
    Mistake(claim="Bagging mainly reduces bias.", correction="Bagging mainly reduces variance.", against=1),
    Mistake(
        claim="L1 corresponds to a Gaussian prior and L2 to a Laplace prior.",
        correction="L1 corresponds to a Laplace prior and L2 to a Gaussian prior.",
        against=2,
    ),
]


def _found(answer: str, claim_sim: float = 0.9, correction_sim: float = 0.7, point_sim: float = 0.5) -> list[str]:
    """Known claims found, with the sentence's similarity to claim, correction and key point set by hand (2-d)."""
    spans = split_sentences(answer)

    def at(similarity: float) -> list[float]:
        return [similarity, math.sqrt(1 - similarity**2)]

    sentence_vecs = [[1.0, 0.0] for _ in spans]
    claim_vecs = [vec for _ in MISTAKES for vec in (at(claim_sim), at(correction_sim))]
    found = find_known_claims(spans, sentence_vecs, MISTAKES, claim_vecs, [at(point_sim)], _cos)
    return [m.quote for m in found]


def test_a_known_claim_is_found_by_the_words_that_tell_it_from_its_correction() -> None:
    assert _found("Bagging mainly reduces bias by averaging.") == ["Bagging mainly reduces bias by averaging."]
    assert _found("Bagging mainly reduces variance.") == []  # the correction's word: right
    assert _found("Bagging mainly reduces bias and variance.") == []  # both: not the claim
    assert _found("Bagging does not reduce bias.") == []  # denied


def test_closeness_alone_never_finds_a_claim() -> None:
    assert _found("Bagging mainly reduces bias.", claim_sim=0.5) == []  # too far
    assert _found("Bagging mainly reduces bias.", claim_sim=0.8, correction_sim=0.79) == []  # no margin
    assert _found("Bagging mainly reduces bias.", claim_sim=0.8, point_sim=0.85) == []  # reads as a key point
    # A hair nearer the claim than a right key point: the benefit of the doubt goes to the candidate.
    assert _found("Bagging mainly reduces bias.", claim_sim=0.8, point_sim=0.79) == []
    assert _found("Bagging mainly reduces bias.", claim_sim=0.8, point_sim=0.75) != []


def test_when_most_of_the_claims_own_words_are_said_a_near_tie_in_meaning_still_finds_it() -> None:
    mistakes = [
        Mistake(
            claim="A set of t's characters is enough; duplicate letters in t can be ignored.",
            correction="A count map of t's characters is needed; duplicate letters in t must be matched.",
            against=1,
        )
    ]
    spans = split_sentences("I keep a set of t's characters, which is enough because duplicate letters don't matter.")
    close = [[0.7, math.sqrt(1 - 0.49)], [0.71, math.sqrt(1 - 0.71**2)]]  # the correction a hair closer
    found = find_known_claims(spans, [[1.0, 0.0]], mistakes, close, [[0.5, math.sqrt(0.75)]], _cos)
    assert [m.quote for m in found] == [spans[0].text]
    # One of the claim's own words is not enough for a tie: the embedding margin is asked as before.
    one_word = split_sentences("I keep a set of the characters of t and slide the window.")
    assert find_known_claims(one_word, [[1.0, 0.0]], mistakes, close, [[0.5, math.sqrt(0.75)]], _cos) == []
    # Far closer to the correction: never the claim, whatever the words.
    far = [[0.7, math.sqrt(1 - 0.49)], [0.8, 0.6]]
    assert find_known_claims(spans, [[1.0, 0.0]], mistakes, far, [[0.5, math.sqrt(0.75)]], _cos) == []


def test_a_swap_in_word_order_is_found_without_a_margin() -> None:
    wrong = "As MAP estimates, L1 corresponds to a Gaussian prior and L2 to a Laplace prior."
    assert _found(wrong, claim_sim=0.95, correction_sim=0.95) == [wrong]
    right = "As MAP estimates, L2 corresponds to a Gaussian prior and L1 to a Laplace prior."
    assert _found(right, claim_sim=0.95, correction_sim=0.95) == []


def test_the_verdict_follows_the_flags_when_built_from_them() -> None:
    assert KeyPointResult(point="p", covered=True, similarity=0.9).verdict == "covered"
    assert KeyPointResult(point="p", covered=False, contradicted=True, similarity=0.9).verdict == "contradicted"
    assert KeyPointResult(point="p", covered=False, verdict="partly", similarity=0.5).verdict == "partly"
    assert KeyPointResult(point="p", covered=False, verdict="covered", similarity=0.5).verdict == "missing"


def _question(key_points: list[str], mistakes: list[Mistake]) -> Question:
    return Question.model_validate(
        {"id": "mlt-x", "round": "ml_theory", "topic": "bias_variance", "difficulty": "easy", "question": "Q?"}
        | {"key_points": key_points, "mistakes": mistakes}
    )


def test_a_follow_up_is_graded_on_its_point_with_only_that_points_mistakes() -> None:
    question = _question(
        key_points=["Bagging mainly reduces variance", "Boosting mainly reduces bias", "Boosting needs shrinkage"],
        mistakes=[
            Mistake(claim="Bagging mainly reduces bias.", correction="Bagging mainly reduces variance.", against=1),
            Mistake(claim="Boosting mainly reduces variance.", correction="Boosting mainly reduces bias.", against=2),
        ],
    )
    target = target_for(question, "Boosting mainly reduces bias", "And boosting?")
    assert target.follow_up and target.key_points == ["Boosting mainly reduces bias"]
    assert [(m.claim, m.against) for m in target.mistakes] == [("Boosting mainly reduces variance.", 1)]


def test_a_mistake_against_a_point_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="for key point 4"):
        _question(["a b c", "d e f", "g h i"], [Mistake(claim="x is y", correction="x is z", against=4)])


def test_paraphrases_must_name_real_points() -> None:
    with pytest.raises(ValueError, match="for key point 5"):
        Question.model_validate(
            {"id": "beh-x", "round": "behavioral", "topic": "conflict", "difficulty": "easy", "question": "Q?"}
            | {"key_points": ["a b c", "d e f", "g h i"], "paraphrases": {5: ["I did x."]}}
        )


def test_every_theory_design_and_coding_question_lists_known_mistakes_linked_to_real_confusions() -> None:
    bank = load_bank()
    confusions = {c.id for c in load_confusions()[0]}
    rounds = (Round.ML_THEORY, Round.SYSTEM_DESIGN, Round.CODING, Round.SQL)
    asked = [q for q in [*bank.questions, *bank.problems] if q.round in rounds]  # problems are asked too
    assert len([q for q in asked if q.round == Round.SQL]) >= 20
    assert asked and all(q.mistakes for q in asked)
    links = [m.confusion for q in asked for m in q.mistakes if m.confusion]
    assert links and set(links) <= confusions
    # A claim and its correction must differ in their words or their order, or nothing can tell them apart.
    assert all(m.claim.lower() != m.correction.lower() for q in asked for m in q.mistakes)


def test_a_paraphrase_in_the_bank_earns_the_point_its_own_wording_would() -> None:
    from interviewer.adapters.embedder import default_model_path, load_vocabulary
    from interviewer.grading.analysis import GradeTarget, analyze
    from tests.conftest import HashingEmbedder

    point = "Names the stakeholders and why they had no authority over them"
    answer = (
        "The product lead owned the roadmap and the data team owned the pipeline, and none of them reported to me. "
        "So I booked a short call with each of them to hear their concerns before the planning meeting."
    )
    plain = GradeTarget(
        round=Round.BEHAVIORAL, question="Tell me about influencing without authority.", key_points=[point]
    )
    said = plain.model_copy(
        update={
            "paraphrases": [
                ["The product lead owned the roadmap and the data team owned the pipeline, none reported to me."]
            ]
        }
    )
    embed, vocabulary = HashingEmbedder().embed, load_vocabulary(default_model_path())
    assert analyze(plain, answer, embed, vocabulary).key_points[0].verdict == "missing"
    credited = analyze(said, answer, embed, vocabulary).key_points[0]
    assert credited.verdict == "covered" and credited.point == point and credited.evidence in answer


def test_a_follow_up_answer_is_not_judged_as_a_whole_story() -> None:
    from interviewer.adapters.embedder import default_model_path, load_vocabulary
    from interviewer.grading.analysis import GradeTarget, analyze
    from interviewer.grading.rubric import score_criteria
    from tests.conftest import HashingEmbedder

    answer = (
        "I pulled three months of tickets and showed the product lead that half the delays came from the manual "
        "review step, so she agreed to pilot the automated check with one team before the deadline."
    )
    story = GradeTarget(
        round=Round.BEHAVIORAL, question="How did you build the case?", key_points=["Builds the case with data"]
    )
    follow_up = story.model_copy(update={"follow_up": True})
    embed, vocabulary = HashingEmbedder().embed, load_vocabulary(default_model_path())
    as_story = {c.name: c for c in score_criteria(story, analyze(story, answer, embed, vocabulary))}
    as_follow_up = {c.name: c for c in score_criteria(follow_up, analyze(follow_up, answer, embed, vocabulary))}
    assert "story" in as_story["structure_clarity"].reason  # a whole story of 35 words is thin...
    assert "story" not in as_follow_up["structure_clarity"].reason  # ...but a follow-up answers one point
    assert {"star", "ownership", "quantified_impact"}.isdisjoint(as_follow_up)


def test_the_feedback_panel_shows_each_verdict_and_why() -> None:
    from interviewer.domain.feedback import Feedback, MetricsCheck
    from interviewer.interview.render import feedback_markdown

    points = [
        KeyPointResult(point="Logs gradient norms", covered=True, evidence="I logged the norms", similarity=0.8),
        KeyPointResult(point="Adds batch norm", covered=False, verdict="partly", similarity=0.5),
        KeyPointResult(point="Checks init", covered=False, similarity=0.1),
        KeyPointResult(
            point="Adds residual connections",
            covered=False,
            contradicted=True,
            evidence="I would not add residual connections",
            why="The answer denies it.",
            similarity=0.4,
        ),
    ]
    feedback = Feedback(
        question_id=None,
        round="ml_theory",
        overall=2.5,
        criteria=[],
        key_points=points,
        metrics=MetricsCheck(present=False),
    )
    panel = feedback_markdown(feedback)
    assert "✓ Logs gradient norms" in panel and "◐ partly: Adds batch norm" in panel and "✗ Checks init" in panel
    assert "⚠ contradicted: Adds residual connections" in panel and "The answer denies it." in panel


def test_a_point_contradicted_by_a_found_claim_is_one_error_not_two() -> None:
    from interviewer.domain.confusions import MistakeFound
    from interviewer.grading.rubric import error_count

    sentence = "Bagging mainly reduces bias, so the trees can be shallow."
    mistake = MistakeFound(claim="bagging reduces bias", quote="Bagging mainly reduces bias", correction="Variance.")
    # discredit() quotes the whole crediting sentence; the found claim quotes part of it: the same error.
    point = KeyPointResult(point="p", covered=False, contradicted=True, evidence=sentence, similarity=0.8)
    other = KeyPointResult(
        point="q", covered=False, contradicted=True, evidence="L1 gives a Gaussian prior.", similarity=0.8
    )
    assert error_count(Analysis(mistakes=[mistake], key_points=[point])) == 1
    assert error_count(Analysis(mistakes=[mistake], key_points=[point, other])) == 2


def test_an_aspect_scores_five_only_when_a_key_point_about_it_was_found_not_just_named() -> None:
    from interviewer.grading.rubric import score_criteria

    target = GradeTarget(
        round=Round.CODING,
        question="Return the indices of two numbers that add up to a target.",
        key_points=["Keeps a hash map from each value seen to its index, in one pass.", "O(n) time and O(n) space."],
    )
    said = {
        "approach": "I would keep a hash map of what I have seen.",
        "complexity": "It runs in O(n log n) time.",
        "edge_cases": None,
        "testing": None,
    }

    def scores(verdicts: list[str]) -> dict[str, int]:
        points = [
            KeyPointResult(point=p, covered=v == "covered", verdict=v, similarity=0.6)  # type: ignore[arg-type]
            for p, v in zip(target.key_points, verdicts, strict=True)
        ]
        analysis = Analysis(key_points=points, aspects=said, word_count=40, sentences=["a", "b", "c"])
        return {c.name: c.score for c in score_criteria(target, analysis)}

    named = scores(["missing", "missing"])
    assert (named["approach"], named["complexity"], named["edge_cases"], named["testing"]) == (4, 4, 1, 1)
    approach_found = scores(["covered", "missing"])
    assert (approach_found["approach"], approach_found["complexity"]) == (5, 4)
    both = scores(["covered", "covered"])
    assert (both["approach"], both["complexity"]) == (5, 5)


BISECT = "Uses bisect.bisect_left for both start and end and returns the difference of the two positions."


@pytest.mark.parametrize(
    ("point", "sentence", "swapped"),
    [
        (BISECT, "For each query I compute bisect_right(ts, end) - bisect_right(ts, start).", True),
        (BISECT, "The count is bisect_left(ts, end) minus bisect_left(ts, start).", False),
        (BISECT, "Use bisect_left, not bisect_right, at both ends.", False),  # its own word in its slot
        ("Keep a min-heap of size k holding the largest items.", "Keep a max-heap of size k.", True),
        ("Keep a min-heap of size k holding the largest items.", "Never use a max-heap of size k here.", False),
        ("Keep a min-heap of size k holding the largest items.", "Don't use a max-heap of size k here.", False),
        ("Return the first index where the value appears.", "Return the last index where it appears.", True),
        ("Return the first index where the value appears.", "First, find where it appears; last, clean up.", False),
        ("Explains bisect_left versus bisect_right for a half-open window.", "Use bisect_left on both ends.", False),
        ("A larger k raises bias and lowers variance.", "A smaller k lowers bias and raises variance.", False),
    ],
)
def test_the_opposite_word_in_a_slot_of_the_point_contradicts_it(point: str, sentence: str, swapped: bool) -> None:
    assert (opposite_swap(point, sentence) is not None) == swapped


def test_a_swapped_tool_is_contradicted_even_where_another_sentence_credits_the_point() -> None:
    from interviewer.grading.analysis import analyze

    target = GradeTarget(
        round=Round.CODING, question="Count events in [start, end) of a sorted list.", key_points=[BISECT]
    )
    embed = HashingEmbedder(dims=512).embed
    wrong = (
        "Uses bisect for both start and end and returns the difference of the two positions. "
        "Per query it uses bisect.bisect_right for both start and end and returns the difference of the positions."
    )
    result = analyze(target, wrong, embed, VOCAB).key_points[0]
    assert result.verdict == "contradicted" and result.evidence and "bisect_right" in result.evidence
    assert result.why == 'The answer says "right" where the point says "left".'
    variant = (
        "Uses bisect.bisect_left for both start and end and returns the difference of the two positions. "
        "For a closed window I would switch the end to bisect.bisect_right for both start and end."
    )
    assert analyze(target, variant, embed, VOCAB).key_points[0].verdict == "covered"  # another case, not the answer


def test_a_sentence_denying_the_claims_own_word_or_lacking_its_literal_call_does_not_state_it() -> None:
    overfit = [
        Mistake(
            claim="Training loss falling while validation stays at chance from epoch one is classic overfitting.",
            correction="Training loss falling while validation stays at chance from epoch one is a pipeline bug.",
            against=1,
        )
    ]
    queue = [
        Mistake(
            claim="Using list.pop(0) as the queue keeps the traversal O(n) overall.",
            correction="Using deque.popleft() as the queue keeps the traversal O(n) overall.",
            against=1,
        )
    ]
    vecs = [[0.9, math.sqrt(1 - 0.81)], [0.7, math.sqrt(0.51)]]

    def found(mistakes: list[Mistake], answer: str) -> bool:
        spans = split_sentences(answer)
        return bool(find_known_claims(spans, [[1.0, 0.0]] * len(spans), mistakes, vecs, [[0.5, 0.866]], _cos))

    assert not found(overfit, "Chance level from the first epoch while training loss falls is not overfitting.")
    assert found(overfit, "Chance level from the first epoch while training loss falls is classic overfitting.")
    assert not found(queue, "While the queue is not empty, pop that many nodes into a level list.")
    assert found(queue, "I keep a plain list as the queue and call queue.pop(0), which is fine overall.")


def test_a_claim_that_itself_denies_is_found_and_one_turned_round_in_degree_is_not() -> None:
    vecs = [[0.9, math.sqrt(1 - 0.81)], [0.7, math.sqrt(0.51)]]

    def found(mistake: Mistake, answer: str) -> bool:
        spans = split_sentences(answer)
        return bool(find_known_claims(spans, [[1.0, 0.0]] * len(spans), [mistake], vecs, [[0.5, 0.866]], _cos))

    # The claim's own "without" is not the sentence denying it.
    recursion = Mistake(
        claim="Plain recursion without memoisation already runs in linear time.",
        correction="Plain recursion without memoisation takes exponential time.",
        against=1,
    )
    assert found(recursion, "Plain recursion without memoisation already runs in linear time, so it is fine.")
    bias = Mistake(
        claim="A model with high bias has low training error and a large gap to validation error.",
        correction="A model with high variance has low training error and a large gap to validation error.",
        against=1,
    )
    assert found(bias, "A model with high bias has low training error and a large gap to validation error.")
    # "High" where the claim says "low", and no "low": the sentence says the opposite of the claim's premise.
    assert not found(bias, "If training error is high, you have a bias problem, so try a bigger model.")


def test_a_claim_wrong_for_always_is_not_stated_by_a_sentence_that_splits_the_cases() -> None:
    vecs = [[0.9, math.sqrt(1 - 0.81)], [0.7, math.sqrt(0.51)]]
    depth = Mistake(
        claim="Recursive DFS on a binary tree always uses O(log n) stack space.",
        correction="Recursive DFS on a binary tree uses O(h) stack space, up to O(n).",
        against=1,
    )

    def found(mistake: Mistake, answer: str) -> bool:
        spans = split_sentences(answer)
        return bool(find_known_claims(spans, [[1.0, 0.0]] * len(spans), [mistake], vecs, [[0.5, 0.866]], _cos))

    assert not found(depth, "For a balanced tree the stack is O(log n), but a degenerate tree makes it O(n).")
    assert found(depth, "The recursion keeps one branch, so the stack stays at O(log n) for any binary tree.")
    assert found(depth, "Recursive DFS on a binary tree always uses O(log n) stack space, but that is fine.")


def test_a_sentence_giving_the_opposite_degree_of_a_word_only_the_claim_has_does_not_state_it() -> None:
    vecs = [[0.9, math.sqrt(1 - 0.81)], [0.7, math.sqrt(0.51)]]
    memory = Mistake(
        claim="A transformer suits streaming audio, because attention over a growing context needs constant memory.",
        correction="A recurrent model suits streaming audio, because attention over a growing context needs growing "
        "memory.",
        against=1,
    )

    def found(answer: str) -> bool:
        spans = split_sentences(answer)
        return bool(find_known_claims(spans, [[1.0, 0.0]] * len(spans), [memory], vecs, [[0.5, 0.866]], _cos))

    assert not found("A transformer's attention memory grows with the context, too much for a microcontroller.")
    assert found("A transformer suits streaming audio, as attention over the context needs constant memory.")
