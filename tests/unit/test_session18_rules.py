"""Session 18's general rules: a wrong per-operation cost is a mistake (knowledge/operation_costs.yaml), and an answer
in words the knowledge base never uses is about something else."""

from __future__ import annotations

import pytest

from interviewer.adapters.embedder import default_model_path, load_vocabulary
from interviewer.domain.confusions import OperationCost
from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Round
from interviewer.domain.text import content_stems, split_sentences
from interviewer.grading.analysis import Analysis, GradeTarget
from interviewer.grading.costs import find_cost_claims
from interviewer.grading.grader import Grader, answers_something_else, outside_the_domain
from interviewer.grading.rubric import MISTAKE_CAP
from interviewer.kb.catalog import load_operation_costs, parse_operation_costs
from tests.conftest import HashingEmbedder

COSTS, COST_ERRORS = load_operation_costs()
VOCAB = load_vocabulary(default_model_path())


def _offline(target: GradeTarget, answer: str, costs: list[OperationCost] = COSTS) -> Feedback:
    """The offline grade, with the shipped operation costs unless others are given."""
    return Grader(HashingEmbedder().embed, VOCAB, None, lambda target, answer: [], costs=costs).grade(target, answer)


def test_the_shipped_operation_costs_load_without_errors() -> None:
    assert not COST_ERRORS
    assert {c.id for c in COSTS} >= {"hash-map-operations", "heap-push-pop", "stack-push-pop", "list-front"}


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("Heap pushes are O(1), so the whole pass is linear.", "heap-push-pop"),
        ("Counting is slow, because each insert into a hash map costs log n.", "hash-map-operations"),
        ("The stack operations cost log n each as the tree gets taller.", "stack-push-pop"),
        ("Inserting with insert(0, x) is O(1), so a list makes a fine queue.", "list-front"),
        ("Looking up a key in a balanced BST is O(1).", "balanced-tree-operations"),
        ("Popping from a deque takes logarithmic time.", "deque-ends"),
    ],
)
def test_a_wrong_cost_for_a_standard_operation_is_found(sentence: str, wrong: str) -> None:
    found = find_cost_claims(split_sentences(sentence), COSTS)
    assert [m.concept for m in found] == [wrong]
    assert found[0].quote == sentence  # the candidate's own words, quoted whole
    assert "O(" in found[0].correction


@pytest.mark.parametrize(
    "sentence",
    [
        "Pushing onto a heap of size k costs O(log k), so the total is O(n log k).",
        "A dict lookup is O(1), and the Counter pass is O(n).",
        "Time is O(n) with average O(1) hash operations, and space is O(n).",
        "By contrast, insert(0, x) or pop(0) is O(n) every time because everything shifts.",
        "n pushes onto the heap cost O(n log n) in total.",  # a total, not one push
        "Heap pushes are not O(1); each one sifts up the tree.",  # denied
        "The heap gives O(1) access to the smallest item.",  # reading the top
        "A hash map lookup is O(1) rather than the O(log n) of a tree.",  # a contrast
        "The recursion stack holds O(log n) frames for a balanced tree.",  # space
        "I log the events to a file and each write is O(1).",  # a log, not a logarithm
        "I count with a dict and push each pair into a heap in O(log k).",  # two structures, the bound is the heap's
    ],
)
def test_right_costs_totals_denials_and_other_resources_are_not_accused(sentence: str) -> None:
    assert find_cost_claims(split_sentences(sentence), COSTS) == []


def test_a_malformed_cost_entry_is_reported_by_its_id_and_the_rest_load() -> None:
    text = """operation_costs:
  - id: heap-push-pop
    structures: [heap]
    operations: [push]
    cost: log
    claim: Pushing onto a heap is constant time.
    correction: Pushing onto a heap takes O(log n) time.
  - id: broken-entry
    structures: [stack]
    cost: quadratic
    claim: x
    correction: y
"""
    costs, errors = parse_operation_costs("operation_costs.yaml", text)
    assert [c.id for c in costs] == ["heap-push-pop"]
    assert len(errors) == 1 and "broken-entry" in errors[0].problem


def test_a_wrong_operation_cost_caps_a_coding_answer_and_is_named_in_the_feedback() -> None:
    target = GradeTarget(
        round=Round.CODING,
        question="Return the k most frequent elements of an array.",
        key_points=["Count with a hash map in O(n)", "Keep a min-heap of size k, O(n log k) overall"],
    )
    answer = (
        "I count every value with a hash map in one pass. Then I keep a min-heap of size k keyed on the count. "
        "Heap pushes are O(1), so this part is linear. I test with [1,1,1,2,2,3] and k = 2."
    )
    feedback = _offline(target, answer)
    assert [m.concept for m in feedback.mistakes] == ["heap-push-pop"]
    assert feedback.overall <= MISTAKE_CAP[1]
    assert any("O(log n)" in line for line in feedback.improvements)
    without = _offline(target, answer, costs=[])
    assert without.mistakes == [] and without.overall > feedback.overall


DOMAIN = frozenset(
    content_stems(
        "I trained a gradient boosted model on the churn data, checked the validation AUC against a baseline, "
        "and shipped it behind an A/B test with a latency budget and drift monitoring for the team."
    )
)


HOLIDAY = (
    "Last summer I spent two weeks in Portugal, rode the tram to the castle, ate custard tarts in Belem and "
    "kayaked into sea caves before a sunset dinner of grilled sardines."
)


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        (HOLIDAY, True),
        ("I trained a boosted churn model, checked validation AUC against the baseline and shipped it.", False),
        ("Portugal, sardines, castle.", False),  # too short to judge: the floors judge short answers
    ],
)
def test_an_answer_in_words_the_knowledge_never_uses_is_about_something_else(text: str, foreign: bool) -> None:
    assert outside_the_domain(text, DOMAIN) is foreign
    assert outside_the_domain(text, frozenset()) is False  # no knowledge, no judgement


def test_a_foreign_answer_that_covers_nothing_is_off_topic_even_when_loosely_close() -> None:
    target = GradeTarget(round=Round.BEHAVIORAL, question="Tell me about your biggest impact.", topic="impact")
    analysis = Analysis(relevance=0.31, sentences=[HOLIDAY])
    related = [("star_method", 0.24)]
    assert not answers_something_else(target, analysis, related)
    assert answers_something_else(target, analysis, related, DOMAIN)
