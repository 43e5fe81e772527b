"""Session 17's general rules: a bound is not a denial, nor is choosing otherwise against a possibility; a sentence
that says nothing specific cannot cover a point, and a feeling or an opinion is not ownership."""

from __future__ import annotations

import math

import pytest

from interviewer.domain.text import split_sentences
from interviewer.grading.generic import says_nothing_specific
from interviewer.grading.mistakes import negates
from interviewer.grading.points import COVERED_AT, key_point_results
from interviewer.grading.star import ownership


@pytest.mark.parametrize(
    ("point", "sentence", "denies"),
    [
        ("Add residual connections", "I would not add residual connections.", True),
        ("Use dropout between the dense layers", "I would not use dropout between the dense layers.", True),
        # a bound on what follows, with a number: a limit, not a denial
        (
            "Look for regressions by slice and in cost per request, not just the average",
            "The rule is agreed up front: no slice regresses more than two points and cost drops by half.",
            False,
        ),
        ("Latency must stay under the 100 ms budget", "Latency must not exceed 100 ms at p99.", False),
        ("Keep a holdout of 5% of traffic", "I would not keep a holdout.", True),
        # a point that something is possible is not denied by choosing something else
        (
            "A small transformer over a fixed window is possible if accuracy requires it",
            "I'd go with a small recurrent or convolutional model, not a transformer.",
            False,
        ),
    ],
)
def test_a_bound_or_a_chance_overlap_is_not_a_denial(point: str, sentence: str, denies: bool) -> None:
    assert negates(point, sentence) is denies


@pytest.mark.parametrize(
    ("sentence", "generic"),
    [
        ("I just want to keep developing and be somewhere I can really make an impact.", True),
        ("Overall it was a great learning experience for the whole team.", True),
        ("I want to grow into a tech lead for our fraud models.", False),
        ("That's O(n) time and O(n) space.", False),
        ("I cut review time by 40 percent.", False),
    ],
)
def test_a_sentence_of_generic_words_says_nothing_specific(sentence: str, generic: bool) -> None:
    assert says_nothing_specific(sentence) is generic


def _unit(angle: float) -> list[float]:
    return [math.cos(angle), math.sin(angle)]


def test_a_sentence_that_says_nothing_specific_can_make_a_point_partly_never_cover_it() -> None:
    point = "Ties the ambition to growth within this company and its domain"
    for sentence, verdict in (
        ("I just want to keep developing and be somewhere I can really make an impact.", "partly"),
        ("I want to grow into the tech lead for your payments risk models.", "covered"),
    ):
        spans = split_sentences(sentence)
        # the same, very close embedding either way: only what the sentence says tells them apart
        results = key_point_results([[point]], spans, [[_unit(0.0)]], [_unit(0.1)], set(), (), 0.25)
        assert results[0].verdict == verdict and (results[0].coverage >= COVERED_AT) is (verdict == "covered")


def test_a_feeling_or_an_opinion_is_not_ownership() -> None:
    counts = ownership("I led it. We shipped it. Our team and I celebrated. My manager agreed.")
    assert (counts.i_count, counts.we_count) == (2, 1)  # "our" and "my" name no act
    eager = ownership("I'm really excited about this. I think my background fits, and I'd love to contribute.")
    assert (eager.i_count, eager.we_count) == (0, 0)
    acts = ownership("I'm leading the migration. I've rebuilt the pipeline, and we then shipped it.")
    assert (acts.i_count, acts.we_count) == (2, 1)
